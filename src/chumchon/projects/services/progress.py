"""Progress: a progress report by the proposer (% progress, money spent, indicator values, photos)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from chumchon.accounts import permissions
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record
from chumchon.core.bilingual import bilingual
from chumchon.core.thai import format_baht, to_decimal_baht
from chumchon.core.uploads import files_removed_on_failure
from chumchon.projects import events
from chumchon.projects.error_codes import ProjectErrorCode
from chumchon.projects.models import Activity, ProgressReport, Project, ProjectIndicator, ReportPhoto
from chumchon.projects.services.common import ZERO, lock, sync, validate
from chumchon.projects.transitions import check_state


@transaction.atomic
@files_removed_on_failure()
def project_report_progress_in_transaction(
    *,
    project: Project,
    actor: User,
    progress_pct: Decimal | int | str,
    spent_amount: Decimal | int | str,
    reported_on: dt.date | None = None,
    period: str = "",
    narrative: str = "",
    indicator_values: Mapping[Any, Any] | None = None,
    activity_progress: Mapping[Any, Any] | None = None,
    photos: Iterable[UploadedFile] = (),
    is_final: bool = False,
) -> ProgressReport:
    """A progress report by the proposer: % progress, money spent to date, indicator values, photos."""
    locked = lock(project)
    permissions.require_write(actor, Action.PROJECT_REPORT, locked)
    check_state(locked, "report")
    pct = Decimal(str(progress_pct))
    spent = to_decimal_baht(spent_amount)
    if not ZERO <= pct <= Decimal(100):
        raise ValidationError(
            bilingual("ความก้าวหน้าต้องอยู่ระหว่าง 0–100%", "Progress must be between 0 and 100%"),
            code=ProjectErrorCode.BAD_PROGRESS,
        )
    if spent < ZERO:
        raise ValidationError(
            bilingual("ยอดใช้จ่ายต้องไม่ติดลบ", "Spending cannot be negative"),
            code=ProjectErrorCode.NEGATIVE_SPENDING,
        )
    if spent > locked.disbursed_amount:
        raise ValidationError(
            bilingual(
                f"ยอดใช้จ่ายเกินยอดเงินที่ได้รับโอน ({format_baht(locked.disbursed_amount)} บาท)",
                f"Spending exceeds the money disbursed so far ({format_baht(locked.disbursed_amount)} baht)",
            ),
            code=ProjectErrorCode.OVER_SPENT,
        )
    if is_final and pct < Decimal(100):
        raise ValidationError(
            bilingual("รายงานฉบับสุดท้ายต้องมีความก้าวหน้า 100%", "A final report needs 100% progress"),
            code=ProjectErrorCode.FINAL_PCT,
        )
    indicators = {str(i.pk): i for i in ProjectIndicator.objects.filter(project=locked)}
    values: dict[str, str] = {}
    for key, raw in (indicator_values or {}).items():
        if raw in (None, ""):
            continue
        if str(key) not in indicators:
            raise ValidationError(
                bilingual(f"ไม่พบตัวชี้วัด {key}", f"No indicator {key} in this project"),
                code=ProjectErrorCode.UNKNOWN_INDICATOR,
            )
        values[str(key)] = str(Decimal(str(raw)))
    activities = {str(a.pk): a for a in Activity.objects.filter(project=locked)}
    for key, raw in (activity_progress or {}).items():
        if raw in (None, ""):
            continue
        activity = activities.get(str(key))
        if activity is None:
            raise ValidationError(
                bilingual(f"ไม่พบกิจกรรม {key}", f"No activity {key} in this project"),
                code=ProjectErrorCode.UNKNOWN_ACTIVITY,
            )
        value = Decimal(str(raw))
        if not ZERO <= value <= Decimal(100):
            raise ValidationError(
                bilingual("ความก้าวหน้าต้องอยู่ระหว่าง 0–100%", "Progress must be between 0 and 100%"),
                code=ProjectErrorCode.BAD_PROGRESS,
            )
        activity.progress_pct = value
        activity.save(update_fields=["progress_pct"])
    report = ProgressReport(
        project=locked,
        reported_on=reported_on or timezone.localdate(),
        period=period,
        progress_pct=pct,
        spent_amount=spent,
        narrative=narrative,
        indicator_values=values,
        due_on=locked.next_report_due,
        is_final=is_final,
        submitted_by=actor if getattr(actor, "pk", None) else None,
    )
    report.full_clean()
    report.save()
    for photo in photos:
        ReportPhoto.objects.create(report=report, image=photo, caption=getattr(photo, "name", ""))
    for key, text in values.items():
        ProjectIndicator.objects.filter(pk=int(key)).update(latest_value=Decimal(text))
    before = {"progress_pct": locked.progress_pct, "spent_amount": locked.spent_amount}
    locked.progress_pct = pct
    locked.spent_amount = spent
    locked.next_report_due = None if is_final else report.reported_on + dt.timedelta(days=locked.report_interval_days)
    validate(locked)
    locked.save()
    events.project_progress_reported_event(project=locked, actor=actor, spent=spent, narrative=narrative)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=report,
        area_code=locked.area.code,
        changes={
            "progress_pct": [before["progress_pct"], pct],
            "spent_amount": [before["spent_amount"], spent],
            "indicator_values": values,
        },
    )
    sync(project, locked)
    return report


# The entry point views, the API and jobs call: its own durable transaction. The
# ``*_in_transaction`` form above does the same work inside a caller's transaction (the progress
# import, all rows or none; the demo); a durable block cannot nest.
project_report_progress = transaction.atomic(durable=True)(project_report_progress_in_transaction)
