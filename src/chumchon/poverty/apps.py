from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PovertyConfig(AppConfig):
    name = "chumchon.poverty"
    verbose_name = _("Poverty targeting")

    def ready(self) -> None:
        # Django loads models after every AppConfig, so what this app registers is imported here.
        from chumchon.poverty import registrations

        registrations.register()
