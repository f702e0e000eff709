from django.urls import path

from chumchon.plans import views
from chumchon.plans.governor import urls as governor_urls
from chumchon.plans.strategy import urls as strategy_urls

app_name = "plans"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.plan_create, name="create"),
    path("template.xlsx", views.import_template, name="template"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/<int:pk>/answer/", views.proposal_answer, name="answer"),
    path("proposals/<int:pk>/note/", views.proposal_note, name="note"),
    path("charters/new/", views.charter_create, name="charter_create"),
    path("charters/<int:pk>/", views.charter_detail, name="charter"),
    path("charters/<int:pk>/rules/", views.charter_rules, name="charter_rules"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/propose/", views.item_propose, name="propose"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/print/", views.plan_print, name="print"),
    path("<int:pk>/export/", views.plan_export, name="export"),
    path("<int:pk>/import/", views.plan_import, name="import"),
    path("<int:pk>/items/new/", views.item_create, name="item_create"),
    path("<int:pk>/versions/new/", views.version_create, name="version_create"),
]
urlpatterns += governor_urls.urlpatterns
urlpatterns += strategy_urls.urlpatterns
