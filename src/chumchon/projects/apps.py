from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "chumchon.projects"
    verbose_name = _("Projects")

    def ready(self) -> None:
        from chumchon.areas import selectors as area_selectors
        from chumchon.core.demo import register_demo_step
        from chumchon.projects.selectors import area_summary_items

        register_demo_step("chumchon.projects.demo", order=60)  # core runs the demo steps in order

        if area_summary_items not in area_selectors.AREA_SUMMARY_PROVIDERS:
            area_selectors.AREA_SUMMARY_PROVIDERS.append(area_summary_items)
