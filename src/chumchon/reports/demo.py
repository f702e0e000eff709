"""Demo: a monthly public provincial report for the demo province (24), due on the demo's today, so
``chumchon reports-due`` has something to queue. No report is generated here (the demo stays fast);
the report pages' "Make the report" button makes one in a few seconds."""

from __future__ import annotations

from typing import Any

from chumchon.accounts.models import User
from chumchon.areas.models import Area
from chumchon.reports.models import ReportKind, ReportSchedule
from chumchon.reports.services import schedule_create_in_transaction

PROVINCE = "24"


def generate(ctx: Any) -> None:
    area = Area.objects.filter(code=PROVINCE).first()
    if area is None or ReportSchedule.objects.filter(area=area, kind=ReportKind.PROVINCIAL).exists():
        return
    actor = User.objects.filter(username="cdd_24").first() or User.objects.filter(is_superuser=True).first()
    if actor is None:
        return
    schedule_create_in_transaction(
        kind=ReportKind.PROVINCIAL, area=area, public=True, every_days=30, first_run_on=ctx.today, actor=actor
    )
