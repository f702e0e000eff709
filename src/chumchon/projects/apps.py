from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "chumchon.projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from chumchon.areas import selectors as area_selectors
        from chumchon.projects.selectors import area_summary_items

        if area_summary_items not in area_selectors.AREA_SUMMARY_PROVIDERS:
            area_selectors.AREA_SUMMARY_PROVIDERS.append(area_summary_items)
