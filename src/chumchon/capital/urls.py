from django.urls import path

from chumchon.capital import views

app_name = "capital"
urlpatterns = [
    path("", views.index, name="index"),
    path("entries/<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("entries/<int:pk>/retire/", views.entry_retire, name="entry_retire"),
    path("<str:code>/", views.profile, name="profile"),
    path("<str:code>/analysis/", views.analysis_page, name="analysis"),
    path("<str:code>/new/", views.entry_create, name="entry_create"),
    path("<str:code>/export.xlsx", views.export, name="export"),
]
