from django.urls import path

from chumchon.plans.strategy import views

urlpatterns = [
    path("items/<int:pk>/tags/", views.tags_panel, name="item_tags"),
    path("items/<int:pk>/tags/decide/", views.suggestion_decide, name="suggestion_decide"),
    path("items/<int:pk>/tags/add/", views.tag_add, name="tag_add"),
    path("items/<int:pk>/tags/<int:tag_pk>/remove/", views.tag_remove, name="tag_remove"),
    path("duplicates/", views.duplicates, name="duplicates"),
    path("duplicates/scan/", views.duplicates_scan, name="duplicates_scan"),
    path("strategy/", views.report, name="strategy_report"),
    path("strategy.xlsx", views.report_export, name="strategy_export"),
]
