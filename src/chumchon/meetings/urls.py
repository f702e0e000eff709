from django.urls import path

from chumchon.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.index, name="index"),
    path("bodies/<int:pk>/", views.body, name="body"),
]
