from django.urls import path

from chumchon.budgets import views

app_name = "budgets"
urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme"),
    path("programmes/<int:pk>/indicators/", views.programme_indicator, name="programme_indicator"),
    path("programmes/<int:pk>/reallocate/", views.reallocate, name="reallocate"),
    path("programmes/<int:programme_pk>/compare/", views.allocation_compare, name="compare"),
    path("allocations/<int:pk>/", views.allocation_detail, name="allocation"),
]
