from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PovertyConfig(AppConfig):
    name = "chumchon.poverty"
    verbose_name = _("Poverty targeting")

    def ready(self) -> None:
        from chumchon.core.demo import register_demo_step

        register_demo_step("chumchon.poverty.demo", order=40)  # core runs the demo steps in order

        # Register the engine's jobs ("poverty.recompute", "poverty.indicator_sets_load").
        from chumchon.poverty import engine, indicators_data  # noqa: F401

        # H6: poverty headline figures on area pages.
        self._register_area_summary()

    def _register_area_summary(self) -> None:
        from chumchon.areas.selectors import AREA_SUMMARY_PROVIDERS
        from chumchon.poverty.selectors import poverty_area_summary

        if poverty_area_summary not in AREA_SUMMARY_PROVIDERS:
            AREA_SUMMARY_PROVIDERS.append(poverty_area_summary)
