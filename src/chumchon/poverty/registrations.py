"""What poverty plugs into the registries of the apps below it (called from ``PovertyConfig.ready()``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chumchon.audit.selectors import register_record_type
from chumchon.core.demo import register_demo_step
from chumchon.poverty import area_summary, jobs  # noqa: F401 (importing jobs registers the poverty jobs)


def register() -> None:
    register_demo_step("chumchon.poverty.demo", order=40)  # core runs the demo steps in order
    # Poverty headline figures on area pages.
    area_summary.register()
    # Audit record types that are no model: the trail names them.
    register_record_type("poverty.targetlist", _("target list"))
    register_record_type("poverty.household", _("target household"))
