from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "chumchon.reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from chumchon.reports import registrations

        registrations.register()
