from django.urls import path, re_path

from chumchon.areas import views

app_name = "areas"
urlpatterns = [
    path("", views.nation, name="nation"),
    path("search/", views.search, name="search"),
    path("reload/", views.areas_reload, name="reload"),
    path("region/<str:code>/", views.region_detail, name="region"),
    path("cluster/<str:code>/", views.cluster_detail, name="cluster"),
    re_path(r"^(?P<code>[0-9]{2,8})/$", views.area_detail, name="detail"),
]
