from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PovertyConfig(AppConfig):
    name = "chumchon.poverty"
    verbose_name = _("Poverty targeting")

    def ready(self) -> None:
        from chumchon.core.demo import register_demo_step

        register_demo_step("chumchon.poverty.demo", order=40)  # core runs the demo steps in order

        # Django loads models only after every AppConfig: modules that import models are loaded here.
        from chumchon.poverty import area_summary, jobs  # noqa: F401 (jobs registers the poverty jobs)

        # H6: poverty headline figures on area pages.
        area_summary.register()
