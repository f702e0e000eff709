from django.urls import path

from chumchon.poverty.views import additions, duplicates, indicators, logbook, loop, results, survey_imports, targets

app_name = "poverty"
urlpatterns = [
    path("", results.index, name="index"),
    path("map/", results.nation_map, name="map"),
    path("area/<str:code>/", results.area_page, name="area"),
    path("area/<str:code>/targets/", targets.target_list, name="targets"),
    path("area/<str:code>/targets.xlsx", targets.target_export, name="targets_xlsx"),
    path("area/<str:code>/household/<str:ref>/", targets.household, name="household"),
    path("area/<str:code>/household/<str:ref>/open/", logbook.case_open, name="case_open"),
    path("area/<str:code>/logbook/", logbook.logbook, name="logbook"),
    path("area/<str:code>/loop/", loop.loop, name="loop"),
    path("area/<str:code>/additions/new/", additions.addition_new, name="addition_new"),
    path("additions/", additions.additions, name="additions"),
    path("additions/<int:addition_id>/decide/", additions.addition_decide, name="addition_decide"),
    path("duplicates/", duplicates.duplicates, name="duplicates"),
    path("duplicates/<int:duplicate_id>/", duplicates.duplicate_detail, name="duplicate"),
    path("cases/<int:case_id>/", logbook.case_detail, name="case"),
    path("cases/<int:case_id>/transition/", logbook.case_transition, name="case_transition"),
    path("cases/<int:case_id>/assistance/", logbook.assistance_add, name="assistance_add"),
    path("assistance/<int:record_id>/evidence/", logbook.evidence, name="evidence"),
    path("indicators/", indicators.indicator_sets, name="indicators"),
    path("indicators/<int:indicator_id>/edit/", indicators.indicator_edit, name="indicator_edit"),
    path("imports/", survey_imports.import_list, name="imports"),
    path("imports/<int:import_id>/", survey_imports.import_detail, name="import"),
    path("imports/<int:import_id>/errors.<str:fmt>", survey_imports.import_errors, name="import_errors"),
]
