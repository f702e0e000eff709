from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "chumchon.assessment"
    verbose_name = _("Self-managing province assessment")

    def ready(self) -> None:
        from chumchon.assessment import registrations

        registrations.register()
