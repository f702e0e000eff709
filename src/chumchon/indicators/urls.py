from django.urls import path, register_converter

from chumchon.indicators import views


class UnitConverter:
    """A unit in a URL: "all" (the nation), "region:R5", "cluster:C08" or a DOPA code."""

    regex = r"all|region:[A-Za-z0-9]+|cluster:[A-Za-z0-9]+|[0-9]{2,8}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value or "all"


register_converter(UnitConverter, "unit")

app_name = "indicators"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.edit, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/target/", views.target, name="target"),
    path("approvals/", views.approvals, name="approvals"),
    path("import/", views.import_values, name="import"),
    path("refresh/", views.refresh, name="refresh"),
    path("report/<unit:unit>/<int:year>/", views.report, name="report"),
    path("entry/<unit:unit>/<int:year>/", views.entry, name="entry"),
    path("submit/<unit:unit>/<int:year>/", views.submit, name="submit"),
    path("approve/<unit:unit>/<int:year>/", views.approve, name="approve"),
    path("return/<unit:unit>/<int:year>/", views.send_back, name="return"),
    path("unapprove/<unit:unit>/<int:year>/", views.unapprove, name="unapprove"),
]
