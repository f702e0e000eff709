from django.urls import path, re_path

from chumchon.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("open-data/", views.opendata_page, name="opendata"),
    path("catalog.jsonld", views.catalogue, name="dcat"),
    path("feedback/", views.feedback, name="feedback"),
    path("moderation/", views.moderation_page, name="moderation"),
    path("project/<int:pk>/", views.project, name="project"),
    re_path(r"^(?P<key>[A-Z0-9]{1,8})/iati\.xml$", views.iati, name="iati"),
    re_path(r"^(?P<key>[A-Z0-9]{1,8})/(?P<section>[a-z_]+)\.(?P<fmt>csv|json)$", views.download, name="download"),
    re_path(r"^(?P<key>[A-Z0-9]{1,8})/$", views.place, name="place"),
]
