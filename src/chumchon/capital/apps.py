from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapitalConfig(AppConfig):
    name = "chumchon.capital"
    verbose_name = _("Community capital")

    def ready(self) -> None:
        # Django loads models after every AppConfig, so what this app registers is imported here.
        from chumchon.capital import registrations

        registrations.register()
