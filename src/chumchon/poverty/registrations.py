"""What poverty plugs into the registries of the apps below it (called from ``PovertyConfig.ready()``)."""

from __future__ import annotations

from chumchon.core.demo import register_demo_step
from chumchon.poverty import area_summary, jobs  # noqa: F401 (importing jobs registers the poverty jobs)


def register() -> None:
    register_demo_step("chumchon.poverty.demo", order=40)  # core runs the demo steps in order
    # Poverty headline figures on area pages.
    area_summary.register()
