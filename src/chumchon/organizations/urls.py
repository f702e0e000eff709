from django.urls import path

from chumchon.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.index, name="index"),
]
