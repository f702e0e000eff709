from django.urls import path

from chumchon.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("generate/", views.generate, name="generate"),
    path("<int:pk>/", views.view, name="view"),
    path("<int:pk>/report.pdf", views.pdf, name="pdf"),
]
