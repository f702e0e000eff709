from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "chumchon.indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from chumchon.indicators import registrations

        registrations.register()
