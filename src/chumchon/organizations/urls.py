from django.urls import path

from chumchon.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/extend-term/", views.extend_term, name="extend_term"),
]
