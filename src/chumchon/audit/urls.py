from django.urls import path

from chumchon.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.detail, name="detail"),
]
