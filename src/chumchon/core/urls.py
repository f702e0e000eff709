from django.urls import path

from chumchon.core import views

app_name = "core"
urlpatterns = [
    path("", views.job_list, name="job_list"),
    path("<int:job_id>/", views.job_detail, name="job_detail"),
]
