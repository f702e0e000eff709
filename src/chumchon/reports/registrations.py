"""What reports plugs into the registries of the apps below it (called from ``ready()``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chumchon.accounts.menu import MenuEntry, register_menu_entry
from chumchon.accounts.permissions import Action
from chumchon.accounts.worklist import WorklistItem, register_worklist_provider
from chumchon.audit.selectors import register_record_type
from chumchon.core.demo import register_demo_step
from chumchon.reports import project_documents, provincial, services  # noqa: F401  (services registers the job)
from chumchon.reports.assessment import assessment_section
from chumchon.reports.indicators import indicators_section
from chumchon.reports.models import ReportKind
from chumchon.reports.sections import ReportSection, register_report_section
from chumchon.reports.selectors import recent_count


def reports_worklist(user: Any) -> Iterable[WorklistItem]:
    count = recent_count(user)
    if count:
        yield WorklistItem(
            key="reports.recent",
            label=str(_("New reports for your areas (last 7 days)")),
            count=count,
            url=reverse("reports:index") + "?recent=1",
            severity="info",
            order=80,
        )


def register() -> None:
    provincial.register()
    project_documents.register()
    register_report_section(
        ReportSection(
            "indicators",
            _("Indicators against targets"),
            45,
            (ReportKind.PROVINCIAL, ReportKind.AREA_KPI),
            indicators_section,
        )
    )
    register_report_section(
        ReportSection(
            "assessment", _("Self-managing province assessment"), 75, (ReportKind.PROVINCIAL,), assessment_section
        )
    )
    register_menu_entry(
        MenuEntry("reports", _("Reports"), "reports:index", any_of=(Action.REPORT_GENERATE, Action.AREA_VIEW), order=85)
    )
    register_worklist_provider(reports_worklist)
    register_record_type("reports.generatedreport", _("generated report"))
    register_record_type("reports.reportschedule", _("report schedule"))
    register_demo_step("chumchon.reports.demo", order=90)  # after users (30), the province's bodies and data
