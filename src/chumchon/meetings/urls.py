from django.urls import path

from chumchon.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.index, name="index"),
    path("committees/<int:pk>/", views.body, name="body"),
    path("<int:pk>/", views.meeting, name="meeting"),
    path("resolutions/<int:pk>/", views.resolution, name="resolution"),
    path("minutes/<str:kind>/<int:pk>/", views.minutes_file, name="minutes"),
]
