from django.urls import path

from chumchon.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("import/", views.import_progress, name="import"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/lines/", views.line_add, name="line_add"),
    path("<int:pk>/lines/<int:item_pk>/delete/", views.line_delete, name="line_delete"),
    path("<int:pk>/co-funding/", views.co_funding_add, name="co_funding_add"),
    path("<int:pk>/co-funding/<int:item_pk>/delete/", views.co_funding_delete, name="co_funding_delete"),
    path("<int:pk>/indicators/", views.indicator_add, name="indicator_add"),
    path("<int:pk>/indicators/<int:item_pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("<int:pk>/activities/", views.activity_add, name="activity_add"),
    path("<int:pk>/activities/<int:item_pk>/delete/", views.activity_delete, name="activity_delete"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/attachments/<int:item_pk>/", views.attachment_file, name="attachment_file"),
    path("<int:pk>/photos/<int:item_pk>/", views.photo_file, name="photo_file"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/<str:action>/", views.transition, name="transition"),
]
