from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReliefConfig(AppConfig):
    name = "chumchon.relief"
    verbose_name = _("Disaster relief")
