from django.urls import path

from chumchon.organizations import views

app_name = "organizations"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("export/", views.export, name="export"),
    path("import/", views.registry_import, name="import"),
    path("welfare/", views.welfare_rollup, name="welfare_rollup"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/leaders/add/", views.leader_add, name="leader_add"),
    path("<int:pk>/leaders/<int:leader_pk>/remove/", views.leader_remove, name="leader_remove"),
    path("<int:pk>/welfare/", views.welfare_fund, name="welfare_fund"),
]
