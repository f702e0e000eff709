from django.urls import path

from chumchon.search import views

app_name = "search"

urlpatterns = [
    path("", views.index, name="index"),
]
