from django.urls import path

from chumchon.poverty import views

app_name = "poverty"
urlpatterns = [
    path("", views.index, name="index"),
    path("map/", views.nation_map, name="map"),
    path("area/<str:code>/", views.area_page, name="area"),
    path("area/<str:code>/targets/", views.target_list, name="targets"),
    path("area/<str:code>/targets.xlsx", views.target_export, name="targets_xlsx"),
    path("area/<str:code>/household/<str:ref>/", views.household, name="household"),
    path("area/<str:code>/household/<str:ref>/open/", views.case_open, name="case_open"),
    path("area/<str:code>/logbook/", views.logbook, name="logbook"),
    path("area/<str:code>/loop/", views.loop, name="loop"),
    path("area/<str:code>/additions/new/", views.addition_new, name="addition_new"),
    path("additions/", views.additions, name="additions"),
    path("additions/<int:addition_id>/decide/", views.addition_decide, name="addition_decide"),
    path("cases/<int:case_id>/", views.case_detail, name="case"),
    path("cases/<int:case_id>/transition/", views.case_transition, name="case_transition"),
    path("cases/<int:case_id>/assistance/", views.assistance_add, name="assistance_add"),
    path("assistance/<int:record_id>/evidence/", views.evidence, name="evidence"),
    path("imports/", views.import_list, name="imports"),
    path("imports/<int:import_id>/", views.import_detail, name="import"),
    path("imports/<int:import_id>/errors.<str:fmt>", views.import_errors, name="import_errors"),
]
