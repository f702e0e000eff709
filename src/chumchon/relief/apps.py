from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReliefConfig(AppConfig):
    name = "chumchon.relief"
    verbose_name = _("Disaster relief")

    def ready(self) -> None:
        from chumchon.relief import registrations

        registrations.register()
