from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "chumchon.portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        # Django loads models after every AppConfig, so what this app registers is imported here.
        from chumchon.portal import registrations

        registrations.register()
