from django.urls import path

from chumchon.poverty import views

app_name = "poverty"
urlpatterns = [
    path("", views.index, name="index"),
]
