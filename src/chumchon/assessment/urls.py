from django.urls import path

from chumchon.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.open_assessment, name="open"),
    path("ranking/", views.ranking_page, name="ranking"),
    path("trend/", views.trend_page, name="trend"),
    path("selections/", views.selections, name="selections"),
    path("selections/<int:pk>/", views.selection, name="selection"),
    path("certifications/", views.certifications, name="certifications"),
    path("criteria/<int:pk>/", views.score, name="score"),
    path("criteria/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/refresh/", views.refresh, name="refresh"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/return/", views.return_assessment, name="return"),
    path("<int:pk>/certify/", views.certify, name="certify"),
]
