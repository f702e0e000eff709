"""The governor-proposal pages, included in the ``plans`` namespace by ``plans/urls.py``."""

from django.urls import path

from chumchon.plans.governor import views

urlpatterns = [
    path("governor/", views.register, name="governor_register"),
    path("governor/new/", views.proposal_create, name="governor_create"),
    path("governor/export.xlsx", views.register_export, name="governor_export"),
    path("governor/<int:pk>/", views.detail, name="governor_detail"),
    path("governor/<int:pk>/send/", views.send, name="governor_send"),
    path("governor/<int:pk>/reply/", views.reply, name="governor_reply"),
    path("governor/<int:pk>/include/", views.include, name="governor_include"),
]
