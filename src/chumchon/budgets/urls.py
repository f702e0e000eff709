from django.urls import path

from chumchon.budgets import views

app_name = "budgets"
urlpatterns = [
    path("", views.index, name="index"),
]
