from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "chumchon.plans"
    verbose_name = _("Plans")

    def ready(self) -> None:
        # Django loads models after every AppConfig, so what this app registers is imported here.
        from chumchon.plans import registrations

        registrations.register()
