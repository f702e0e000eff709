from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "chumchon.projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        # Django loads models after every AppConfig, so what this app registers is imported here.
        from chumchon.projects import registrations

        registrations.register()
