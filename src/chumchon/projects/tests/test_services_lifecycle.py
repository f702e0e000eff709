"""The project life cycle: each transition's happy path and its refusals (wrong role, out of scope,
wrong state) with bilingual messages and nothing changed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chumchon.audit.models import AuditAction, AuditEvent
from chumchon.budgets.models import FundBalance, LedgerEntry, LedgerKind
from chumchon.projects import services
from chumchon.projects.models import BudgetLine, ProgressReport, ProjectStatus
from chumchon.projects.services import ProjectStateError

from .conftest import World, state

pytestmark = pytest.mark.django_db
S = ProjectStatus


def balance(world: World, programme: Any = None) -> FundBalance:
    return FundBalance.objects.get(programme=programme or world.programme, province_code="24")


def test_create_draft_sums_budget_lines_and_records_event(world: World) -> None:
    project = world.project(budget_lines=[("ค่าวัสดุ", Decimal("60000")), ("ค่าอบรม", Decimal("40000.50"))])
    assert project.status == S.DRAFT
    assert project.requested_amount == Decimal("100000.50")
    assert project.is_housing is False
    assert project.scope_codes == ("240104",)
    assert list(project.events.values_list("action", flat=True)) == ["create"]
    assert AuditEvent.objects.filter(model_label="projects.project", action=AuditAction.CREATE).count() == 1


def test_housing_flag_comes_from_programme(world: World) -> None:
    assert world.project(programme=world.housing).is_housing is True


def test_ineligible_body_kind_cannot_propose(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        world.project(proposer=world.other_council)
    assert "เสนอโครงการในแผนงานนี้ไม่ได้" in str(exc.value) and "may not propose" in str(exc.value)


def test_proposing_outside_scope_is_403(world: World) -> None:
    from chumchon.areas.models import Area

    with pytest.raises(PermissionDenied):
        services.project_create(
            actor=world.other_secretary,
            programme=world.programme,
            area=Area.objects.get(code="240104"),
            proposer=world.council,
            title_th="x",
        )


def test_full_life_cycle(world: World) -> None:
    project = world.project(amount="100000")
    services.indicator_add(
        project=project, actor=world.secretary, name="ครัวเรือนมีรายได้เพิ่ม", unit="ครัวเรือน", target=30, baseline=0
    )
    services.co_funding_add(
        project=project, actor=world.secretary, source="local_government", amount="20000", note="อบต.คลองนา"
    )

    services.project_submit(project=project, actor=world.secretary, comment="เสนอ")
    assert project.status == S.SUBMITTED and project.submitted_at is not None
    services.project_screen(project=project, actor=world.screener, comment="ผ่านการกลั่นกรอง")
    assert project.status == S.SCREENED

    services.project_approve(project=project, actor=world.approver, **world.decision())
    project.refresh_from_db()
    assert project.status == S.APPROVED
    assert project.approved_amount == Decimal("100000.00")
    assert project.approval_resolution.number == "3/2565"
    assert project.approval_resolution.body == world.cluster_wg
    assert balance(world).committed == Decimal("100000.00")
    assert all(project.budget_lines.values_list("locked", flat=True))
    approve_event = project.events.get(action="approve")
    assert approve_event.resolution == project.approval_resolution
    assert (approve_event.from_status, approve_event.to_status) == (S.SCREENED, S.APPROVED)
    assert approve_event.actor == world.approver

    services.project_sign_agreement(
        project=project, actor=world.staff, agreement_number="สญ.001/2565", signed_on=dt.date(2022, 4, 1)
    )
    assert project.status == S.AGREEMENT_SIGNED
    assert project.next_report_due == dt.date(2022, 4, 1) + dt.timedelta(days=90)

    tranche = services.project_disburse(project=project, actor=world.staff, amount="60000")
    assert tranche.number == 1 and project.status == S.IN_PROGRESS
    assert project.disbursed_amount == Decimal("60000.00")
    assert LedgerEntry.objects.get(project=project, kind=LedgerKind.DISBURSE).tranche_no == 1

    indicator = project.indicators.get()
    report = services.project_report_progress(
        project=project,
        actor=world.secretary,
        progress_pct=50,
        spent_amount="45000",
        reported_on=dt.date(2022, 6, 1),
        indicator_values={indicator.pk: "12"},
        narrative="อบรมแล้ว 2 ครั้ง",
    )
    indicator.refresh_from_db()
    assert indicator.latest_value == Decimal("12")
    assert report.indicator_values == {str(indicator.pk): "12"}
    assert project.progress_pct == Decimal(50) and project.spent_amount == Decimal("45000.00")
    assert project.next_report_due == dt.date(2022, 6, 1) + dt.timedelta(days=90)

    services.project_disburse(project=project, actor=world.staff, amount="30000")
    services.project_report_progress(
        project=project,
        actor=world.secretary,
        progress_pct=100,
        spent_amount="90000",
        is_final=True,
        narrative="เสร็จสิ้น",
    )
    services.project_close(project=project, actor=world.staff, comment="ปิดโครงการ")
    project.refresh_from_db()
    assert project.status == S.CLOSED and project.closed_at is not None
    # The 10,000 baht never disbursed went back to the province's programme money.
    assert balance(world).committed == Decimal("90000.00")
    assert balance(world).disbursed == Decimal("90000.00")
    actions = list(project.events.values_list("action", flat=True))
    assert actions == [
        "create",
        "submit",
        "screen",
        "approve",
        "sign",
        "disburse",
        "report",
        "disburse",
        "report",
        "close",
    ]
    transitions = AuditEvent.objects.filter(
        action=AuditAction.TRANSITION, model_label="projects.project", object_pk=str(project.pk)
    )
    assert transitions.count() == 7


def test_housing_goes_to_baan_mankong_subcommittee(world: World) -> None:
    project = world.to_screened(world.project(programme=world.housing, amount="900000"))
    before = state(project)
    with pytest.raises(PermissionDenied):  # the cluster working group has no authority over housing
        services.project_approve(project=project, actor=world.approver, **world.decision(world.cluster_wg))
    assert state(project) == before
    with pytest.raises(ValidationError) as exc:  # right person, wrong body's resolution
        services.project_approve(project=project, actor=world.housing_approver, **world.decision(world.cluster_wg))
    assert "มติต้องมาจาก" in str(exc.value)
    assert state(project) == before
    services.project_approve(project=project, actor=world.housing_approver, **world.decision(world.baan_mankong))
    assert project.status == S.APPROVED
    assert project.approval_resolution.body == world.baan_mankong


@pytest.mark.parametrize(
    ("step", "who"),
    [
        ("submit", "screener"),
        ("submit", "other_secretary"),
        ("screen", "secretary"),
        ("screen", "outside_screener"),
        ("approve", "screener"),
        ("approve", "outside_approver"),
        ("approve", "secretary"),
        ("sign", "secretary"),
        ("sign", "approver"),
        ("disburse", "secretary"),
        ("disburse", "member"),
        ("report", "staff"),
        ("report", "other_secretary"),
        ("close", "secretary"),
    ],
)
def test_wrong_role_or_scope_is_403_and_changes_nothing(world: World, step: str, who: str) -> None:
    project = world.project()
    if step in ("screen", "approve"):
        services.project_submit(project=project, actor=world.secretary)
    if step == "approve":
        services.project_screen(project=project, actor=world.screener)
    if step == "sign":
        world.to_approved(project)
    if step in ("disburse", "report", "close"):
        world.to_in_progress(project)
    if step == "close":
        services.project_report_progress(
            project=project, actor=world.secretary, progress_pct=100, spent_amount="40000", is_final=True
        )
    actor = getattr(world, who)
    calls = {
        "submit": lambda: services.project_submit(project=project, actor=actor),
        "screen": lambda: services.project_screen(project=project, actor=actor),
        "approve": lambda: services.project_approve(project=project, actor=actor, **world.decision()),
        "sign": lambda: services.project_sign_agreement(project=project, actor=actor, agreement_number="x"),
        "disburse": lambda: services.project_disburse(project=project, actor=actor, amount="1000"),
        "report": lambda: services.project_report_progress(
            project=project, actor=actor, progress_pct=10, spent_amount="0"
        ),
        "close": lambda: services.project_close(project=project, actor=actor),
    }
    before = state(project)
    reports = ProgressReport.objects.count()
    with pytest.raises(PermissionDenied) as exc:
        calls[step]()
    assert "ไม่มีสิทธิ์" in str(exc.value) and "not allowed" in str(exc.value)
    assert state(project) == before
    assert ProgressReport.objects.count() == reports


@pytest.mark.parametrize(
    ("step", "status_th", "status_en"),
    [
        ("screen", "ร่าง", "draft"),
        ("approve", "ร่าง", "draft"),
        ("sign", "ร่าง", "draft"),
        ("disburse", "ร่าง", "draft"),
        ("report", "ร่าง", "draft"),
        ("close", "ร่าง", "draft"),
    ],
)
def test_wrong_state_is_refused_with_bilingual_message(world: World, step: str, status_th: str, status_en: str) -> None:
    project = world.project()
    calls = {
        "screen": lambda: services.project_screen(project=project, actor=world.screener),
        "approve": lambda: services.project_approve(project=project, actor=world.approver, **world.decision()),
        "sign": lambda: services.project_sign_agreement(project=project, actor=world.staff, agreement_number="x"),
        "disburse": lambda: services.project_disburse(project=project, actor=world.staff, amount="1000"),
        "report": lambda: services.project_report_progress(
            project=project, actor=world.secretary, progress_pct=10, spent_amount="0"
        ),
        "close": lambda: services.project_close(project=project, actor=world.staff),
    }
    before = state(project)
    with pytest.raises(ProjectStateError) as exc:
        calls[step]()
    message = str(exc.value)
    assert "ไม่สามารถ" in message and f"ในสถานะ “{status_th}”" in message
    assert "Cannot" in message and f"while the project is {status_en}" in message
    assert state(project) == before


def test_submitting_twice_is_refused(world: World) -> None:
    project = world.project()
    services.project_submit(project=project, actor=world.secretary)
    before = state(project)
    with pytest.raises(ProjectStateError) as exc:
        services.project_submit(project=project, actor=world.secretary)
    assert "ส่งแล้ว" in str(exc.value) and "while the project is submitted" in str(exc.value)
    assert state(project) == before


def test_approval_beyond_remaining_allocation_is_refused(world: World) -> None:
    first = world.to_approved(world.project(amount="450000"))
    assert first.status == S.APPROVED
    second = world.to_screened(world.project(amount="60000", title_th="โครงการที่สอง"))
    before = state(second)
    with pytest.raises(ValidationError) as exc:
        services.project_approve(project=second, actor=world.approver, **world.decision())
    assert "งบประมาณคงเหลือไม่พอ" in str(exc.value) and "Insufficient funds" in str(exc.value)
    assert state(second) == before
    assert second.approval_resolution is None
    # A smaller approved amount that fits is accepted.
    services.project_approve(project=second, actor=world.approver, approved_amount="50000", **world.decision())
    assert second.approved_amount == Decimal("50000.00")
    assert balance(world).remaining == Decimal("0.00")


def test_approved_amount_cannot_exceed_request(world: World) -> None:
    project = world.to_screened(world.project(amount="1000"))
    before = state(project)
    with pytest.raises(ValidationError):
        services.project_approve(project=project, actor=world.approver, approved_amount="1000.01", **world.decision())
    assert state(project) == before


def test_budget_lines_locked_after_approval(world: World) -> None:
    project = world.to_approved(world.project())
    line = project.budget_lines.get()
    assert line.locked
    before = state(project)
    with pytest.raises(ProjectStateError) as exc:
        services.budget_line_update(line=line, actor=world.secretary, amount="999999")
    assert "ล็อก" in str(exc.value) and "locked" in str(exc.value)
    with pytest.raises(ProjectStateError):
        services.budget_line_delete(line=line, actor=world.secretary)
    with pytest.raises(ProjectStateError):
        services.budget_line_add(project=project, actor=world.secretary, item="เพิ่ม", amount="1")
    with pytest.raises(ProjectStateError):
        services.project_update(project=project, actor=world.secretary, title_th="เปลี่ยนชื่อ")
    assert state(project) == before
    assert BudgetLine.objects.get(pk=line.pk).amount == Decimal("100000.00")


def test_return_then_edit_and_resubmit(world: World) -> None:
    project = world.project()
    services.project_submit(project=project, actor=world.secretary)
    with pytest.raises(ValidationError):  # reasons are required
        services.project_return(project=project, actor=world.screener, reasons="  ")
    services.project_return(project=project, actor=world.screener, reasons="งบค่าอาหารสูงเกินไป")
    assert project.status == S.RETURNED
    assert project.events.get(action="return").comment == "งบค่าอาหารสูงเกินไป"
    line = project.budget_lines.get()
    services.budget_line_update(line=line, actor=world.secretary, amount="80000")
    project.refresh_from_db()
    assert project.requested_amount == Decimal("80000.00")
    services.project_submit(project=project, actor=world.secretary)
    assert project.status == S.SUBMITTED


def test_reject_records_resolution(world: World) -> None:
    project = world.to_screened(world.project())
    services.project_reject(project=project, actor=world.approver, reasons="ไม่สอดคล้องกับแผนตำบล", **world.decision())
    assert project.status == S.REJECTED
    event = project.events.get(action="reject")
    assert event.resolution is not None and event.resolution.body == world.cluster_wg
    assert LedgerEntry.objects.filter(project=project).count() == 0


def test_disbursing_beyond_approved_is_refused(world: World) -> None:
    project = world.to_in_progress(world.project(amount="100000"), tranche="70000")
    before = state(project)
    with pytest.raises(ValidationError) as exc:
        services.project_disburse(project=project, actor=world.staff, amount="30000.01")
    assert "เกินวงเงินอนุมัติ" in str(exc.value)
    assert state(project) == before


def test_spending_beyond_disbursed_is_refused(world: World) -> None:
    project = world.to_in_progress(world.project(), tranche="40000")
    before = state(project)
    with pytest.raises(ValidationError):
        services.project_report_progress(
            project=project, actor=world.secretary, progress_pct=30, spent_amount="40000.01"
        )
    assert state(project) == before


def test_close_needs_final_report(world: World) -> None:
    project = world.to_in_progress(world.project())
    before = state(project)
    with pytest.raises(ValidationError) as exc:
        services.project_close(project=project, actor=world.staff)
    assert "รายงานฉบับสุดท้าย" in str(exc.value) and "final report" in str(exc.value)
    assert state(project) == before


def test_cancel_after_approval_releases_funds(world: World) -> None:
    project = world.to_approved(world.project(amount="100000"))
    assert balance(world).committed == Decimal("100000.00")
    with pytest.raises(PermissionDenied):  # once approved only CODI staff may cancel
        services.project_cancel(project=project, actor=world.secretary, reasons="ชุมชนถอนตัว")
    services.project_cancel(project=project, actor=world.staff, reasons="ชุมชนถอนตัว")
    assert project.status == S.CANCELLED
    assert balance(world).committed == Decimal("0.00")


def test_proposer_may_cancel_own_draft(world: World) -> None:
    project = world.project()
    services.project_cancel(project=project, actor=world.secretary, reasons="เปลี่ยนแผน")
    assert project.status == S.CANCELLED
    with pytest.raises(ProjectStateError):
        services.project_submit(project=project, actor=world.secretary)


def test_proposal_edits_need_proposer_in_scope(world: World) -> None:
    project = world.project()
    before = state(project)
    with pytest.raises(PermissionDenied):
        services.budget_line_add(project=project, actor=world.other_secretary, item="x", amount="1")
    with pytest.raises(PermissionDenied):
        services.project_update(project=project, actor=world.staff, title_th="x")
    assert state(project) == before


def _png(name: str = "site.png") -> Any:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 110, 79)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_report_with_photos_and_evidence_attachment(world: World, settings: Any, tmp_path: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    project = world.to_in_progress(world.project())
    report = services.project_report_progress(
        project=project,
        actor=world.secretary,
        progress_pct=20,
        spent_amount="1000",
        photos=[_png(), _png("meeting.png")],
    )
    assert report.photos.count() == 2
    assert all((tmp_path / p.image.name).exists() for p in report.photos.all())
    attachment = services.attachment_add(
        project=project, actor=world.secretary, file=SimpleUploadedFile("receipt.pdf", b"%PDF-1.4"), caption="ใบเสร็จ"
    )
    assert attachment.project == project and attachment.uploaded_by == world.secretary
    with pytest.raises(PermissionDenied):
        services.attachment_add(project=project, actor=world.other_secretary, file=SimpleUploadedFile("x.pdf", b"x"))
    assert project.attachments.count() == 1


def test_close_with_refund_returns_money_to_the_programme(world: World) -> None:
    project = world.to_in_progress(world.project(amount="100000"), tranche="100000")
    services.project_report_progress(
        project=project, actor=world.secretary, progress_pct=100, spent_amount="92000", is_final=True
    )
    before = state(project)
    with pytest.raises(ValidationError):  # more than the 8,000 baht left unspent
        services.project_close(project=project, actor=world.staff, refund_amount="8000.01")
    assert state(project) == before
    services.project_close(project=project, actor=world.staff, refund_amount="8000", comment="คืนเงินเหลือจ่าย")
    b = balance(world)
    assert (b.committed, b.disbursed, b.refunded) == (Decimal("92000.00"), Decimal("100000.00"), Decimal("8000.00"))
    assert b.remaining == Decimal("408000.00")
    assert project.events.get(action="close").amount == Decimal("8000.00")
