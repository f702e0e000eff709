"""Every write of the assessment: validate → check permission → transaction → audit.

Entry points (views, API, jobs) are durable transactions; each has its ``*_in_transaction`` form beside
it for callers that nest it (the demo). Refusals are ``ValidationError`` with a bilingual message and an
``AssessmentErrorCode``, or ``PermissionDenied`` (403) from the permission module.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from chumchon.accounts import permissions
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action
from chumchon.areas.models import BANGKOK_CODE, Area, AreaLevel, CodiRegion, ScopeKind, region_province_codes
from chumchon.assessment import proposals, ranking, rules
from chumchon.assessment.criteria import MAX_LEVEL
from chumchon.assessment.error_codes import AssessmentErrorCode as E
from chumchon.assessment.models import (
    Assessment,
    AssessmentStatus,
    Certification,
    CertifiedStatus,
    Criterion,
    CriterionScore,
    Evidence,
    EvidenceKind,
    PilotEntry,
    PilotSelection,
    SelectionStatus,
    Track,
)
from chumchon.audit.services import audited_create, audited_delete, audited_update
from chumchon.core.access import not_allowed
from chumchon.core.bilingual import bilingual
from chumchon.core.uploads import UploadPurpose, check_upload, files_removed_on_failure
from chumchon.meetings.decisions import resolution_link_in_transaction
from chumchon.meetings.models import Resolution

FIRST_YEAR, LAST_YEAR = 2560, 2600
PILOT_DECISION = "pilot_selection"
CERTIFICATION_DECISION = "certification"


def _refuse(th: str, en: str, code: E) -> ValidationError:
    return ValidationError(bilingual(th, en), code=code)


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _refuse(
            f"ปีงบประมาณ {year} ไม่ถูกต้อง (พ.ศ. {FIRST_YEAR}–{LAST_YEAR})",
            f"Fiscal year {year} is not valid (B.E. {FIRST_YEAR}–{LAST_YEAR})",
            E.BAD_YEAR,
        )


def _check_editable(assessment: Assessment) -> None:
    if not assessment.editable:
        raise _refuse(
            "แก้ไขได้เฉพาะการประเมินที่ยังเป็นร่างหรือถูกส่งกลับให้แก้ไข",
            "Only a draft or returned assessment can be changed",
            E.NOT_EDITABLE,
        )


def _lock(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().select_related("province").get(pk=assessment.pk)


# --- the province's own assessment -----------------------------------------------------------------


@transaction.atomic
def assessment_open_in_transaction(
    *, province: Area, fiscal_year: int, track: str = Track.SELF_MANAGING, actor: User, today: dt.date | None = None
) -> Assessment:
    """Open a province's assessment for a year and track, with the system's proposed level per criterion."""
    if province.level != AreaLevel.PROVINCE:
        raise _refuse("การประเมินทำได้เฉพาะระดับจังหวัด", "Assessments are made for provinces only", E.NOT_A_PROVINCE)
    permissions.require_write(actor, Action.ASSESSMENT_EDIT, province)
    _check_year(fiscal_year)
    if track not in Track.values:
        raise _refuse("ไม่รู้จักแนวทางนี้", "Unknown track", E.BAD_SCOPE)
    if Assessment.objects.filter(province=province, fiscal_year=fiscal_year, track=track).exists():
        raise _refuse(
            f"{province.name_th} มีการประเมินปีงบประมาณ {fiscal_year} ในแนวทางนี้แล้ว",
            f"{province.name_en or province.name_th} already has an assessment for FY{fiscal_year} on this track",
            E.DUPLICATE,
        )
    assessment = audited_create(
        Assessment, actor=actor, province=province, fiscal_year=fiscal_year, track=track, created_by=actor
    )
    found = proposals.propose_levels(province, fiscal_year)
    for criterion in Criterion.objects.order_by("number"):
        proposal = found.get(criterion.number)
        CriterionScore.objects.create(
            assessment=assessment,
            criterion=criterion,
            proposed_level=proposal.level if proposal else None,
            proposed_reasons=proposal.reasons_json() if proposal else [],
        )
    return assessment


def _refresh(assessment: Assessment) -> dict[int, proposals.Proposal | None]:
    found = proposals.propose_levels(assessment.province, assessment.fiscal_year)
    for score in assessment.scores.select_related("criterion"):
        proposal = found.get(score.criterion.number)
        score.proposed_level = proposal.level if proposal else None
        score.proposed_reasons = proposal.reasons_json() if proposal else []
        score.save(update_fields=["proposed_level", "proposed_reasons"])
    return found


@transaction.atomic
def proposals_refresh_in_transaction(*, assessment: Assessment, actor: User) -> Assessment:
    """Recompute the proposed levels from the data as it stands now (editable assessments only)."""
    assessment = _lock(assessment)
    permissions.require_write(actor, Action.ASSESSMENT_EDIT, assessment)
    _check_editable(assessment)
    _refresh(assessment)
    audited_update(assessment, actor=actor, note="proposals refreshed / ปรับระดับที่ระบบเสนอตามข้อมูลล่าสุด")
    return assessment


@transaction.atomic
def score_set_in_transaction(*, score: CriterionScore, level: int | None, note: str, actor: User) -> CriterionScore:
    """Set the province's own level of one criterion. A level away from the proposal needs an explanation."""
    assessment = _lock(score.assessment)
    permissions.require_write(actor, Action.ASSESSMENT_EDIT, assessment)
    _check_editable(assessment)
    if level is not None and not 0 <= level <= MAX_LEVEL:
        raise _refuse(f"ระดับต้องอยู่ระหว่าง 0 ถึง {MAX_LEVEL}", f"The level must be 0 to {MAX_LEVEL}", E.BAD_LEVEL)
    note = (note or "").strip()
    score = CriterionScore.objects.select_related("criterion").get(pk=score.pk)
    if level is not None and score.proposed_level is not None and level != score.proposed_level and not note:
        raise _refuse(
            f"เกณฑ์ข้อ {score.criterion.number}: ระดับ {level} ต่างจากระดับที่ระบบเสนอ ({score.proposed_level}) "
            "โปรดอธิบายเหตุผลและแนบหลักฐาน",
            f"Criterion {score.criterion.number}: level {level} differs from the proposed level "
            f"({score.proposed_level}); explain why and attach the evidence",
            E.EXPLAIN_DIFFERENCE,
        )
    return audited_update(score, actor=actor, level=level, note=note)


@transaction.atomic
def evidence_add_in_transaction(
    *,
    score: CriterionScore,
    kind: str,
    title: str = "",
    document: Any = None,
    object_id: int | None = None,
    url: str = "",
    actor: User,
) -> Evidence:
    """Attach a document, a record of the system or a web page to one criterion level."""
    assessment = _lock(score.assessment)
    permissions.require_write(actor, Action.ASSESSMENT_EDIT, assessment)
    _check_editable(assessment)
    title = (title or "").strip()
    if kind not in EvidenceKind.values:
        raise _refuse("ไม่รู้จักชนิดหลักฐานนี้", "Unknown kind of evidence", E.BAD_EVIDENCE)
    if kind == EvidenceKind.DOCUMENT:
        if not document:
            raise _refuse("โปรดเลือกไฟล์เอกสาร", "Choose the document to upload", E.BAD_EVIDENCE)
        check_upload(document, UploadPurpose.ATTACHMENT)
        object_id, url = None, ""
        title = title or str(getattr(document, "name", ""))[:300]
    elif kind == EvidenceKind.LINK:
        if not url:
            raise _refuse("โปรดระบุที่อยู่เว็บ", "Give the web address", E.BAD_EVIDENCE)
        document, object_id = None, None
        title = title or url[:300]
    else:
        found = proposals.record_label_url(kind, object_id) if object_id else None
        if found is None:
            raise _refuse("ไม่พบรายการที่อ้างถึงในระบบ", "The record referred to is not in the system", E.BAD_EVIDENCE)
        document, url = None, ""
        title = title or found[0][:300]
    with files_removed_on_failure():
        return audited_create(
            Evidence,
            actor=actor,
            score=score,
            kind=kind,
            title=title,
            document=document or "",
            object_id=object_id,
            url=url,
            added_by=actor,
        )


@transaction.atomic
def evidence_remove_in_transaction(*, evidence: Evidence, actor: User) -> None:
    assessment = _lock(evidence.score.assessment)
    permissions.require_write(actor, Action.ASSESSMENT_EDIT, assessment)
    _check_editable(assessment)
    audited_delete(evidence, actor=actor)


@transaction.atomic
def assessment_submit_in_transaction(*, assessment: Assessment, summary: str = "", actor: User) -> Assessment:
    """Send the assessment to the cluster's review: every criterion needs a level."""
    assessment = _lock(assessment)
    permissions.require_write(actor, Action.ASSESSMENT_EDIT, assessment)
    _check_editable(assessment)
    missing = list(
        assessment.scores.filter(level__isnull=True)
        .order_by("criterion__number")
        .values_list("criterion__number", flat=True)
    )
    if missing:
        numbers = ", ".join(str(n) for n in missing)
        raise _refuse(f"ยังไม่ได้ให้ระดับเกณฑ์ข้อ {numbers}", f"Criteria {numbers} have no level yet", E.INCOMPLETE)
    if rules.reviewing_body(assessment.province) is None:
        raise _refuse(
            "ไม่พบคณะทำงานกลุ่มจังหวัด (หรือคณะอนุกรรมการภาคสำหรับกรุงเทพฯ) ที่จะพิจารณาการประเมินนี้",
            "No provincial-cluster working group (for Bangkok: regional subcommittee) is recorded to review it",
            E.NO_REVIEWER,
        )
    return audited_update(
        assessment,
        actor=actor,
        status=AssessmentStatus.SUBMITTED,
        summary=(summary or assessment.summary).strip(),
        submitted_at=timezone.now(),
        submitted_by=actor,
    )


# --- the cluster's review ----------------------------------------------------------------------------


def _require_review(actor: User, assessment: Assessment) -> None:
    permissions.require_read(actor, Action.ASSESSMENT_VIEW, assessment)
    if not rules.may_review(actor, assessment):
        raise not_allowed(Action.ASSESSMENT_REVIEW)
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise _refuse(
            "พิจารณาได้เฉพาะการประเมินที่ส่งมาแล้วและยังไม่ได้พิจารณา",
            "Only a submitted assessment awaiting review can be reviewed",
            E.NOT_SUBMITTED,
        )


@transaction.atomic
def assessment_review_in_transaction(
    *,
    assessment: Assessment,
    levels: dict[int, int] | None = None,
    notes: dict[int, str] | None = None,
    note: str = "",
    actor: User,
) -> Assessment:
    """The cluster's review: its level per criterion (the province's own where not given) and the readiness.

    A reviewed level different from the province's own needs the reviewer's note for that criterion.
    """
    assessment = _lock(assessment)
    _require_review(actor, assessment)
    levels, notes = levels or {}, notes or {}
    scores = list(assessment.scores.select_related("criterion").order_by("criterion__number"))
    final: list[int] = []
    for score in scores:
        number = score.criterion.number
        level = levels.get(number, score.level)
        if level is None or not 0 <= level <= MAX_LEVEL:
            raise _refuse(
                f"เกณฑ์ข้อ {number}: ระดับต้องอยู่ระหว่าง 0 ถึง {MAX_LEVEL}",
                f"Criterion {number}: the level must be 0 to {MAX_LEVEL}",
                E.BAD_LEVEL,
            )
        why = (notes.get(number) or "").strip()
        if level != score.level and not why:
            raise _refuse(
                f"เกณฑ์ข้อ {number}: ระดับที่พิจารณา ({level}) ต่างจากที่จังหวัดประเมิน ({score.level}) โปรดระบุเหตุผล",
                f"Criterion {number}: the reviewed level ({level}) differs from the province's ({score.level}); give the reason",
                E.NOTE_REQUIRED,
            )
        audited_update(score, actor=actor, reviewed_level=level, review_note=why)
        final.append(level)
    return audited_update(
        assessment,
        actor=actor,
        status=AssessmentStatus.REVIEWED,
        readiness=ranking.readiness(final, len(scores)),
        reviewed_by_body=rules.reviewing_body(assessment.province),
        reviewed_by=actor,
        reviewed_at=timezone.now(),
        review_note=(note or "").strip(),
    )


@transaction.atomic
def assessment_return_in_transaction(*, assessment: Assessment, note: str, actor: User) -> Assessment:
    """Send the assessment back to the province for changes, saying what to change."""
    assessment = _lock(assessment)
    _require_review(actor, assessment)
    note = (note or "").strip()
    if not note:
        raise _refuse("โปรดระบุสิ่งที่ต้องแก้ไข", "Say what should be changed", E.NOTE_REQUIRED)
    return audited_update(
        assessment,
        actor=actor,
        status=AssessmentStatus.RETURNED,
        review_note=note,
        reviewed_by=actor,
        reviewed_at=timezone.now(),
    )


# --- pilot selection, adoption and certification -----------------------------------------------------


def scope_provinces(scope_kind: str, region: CodiRegion | None) -> list[Area]:
    qs = Area.objects.filter(level=AreaLevel.PROVINCE).select_related("cluster").order_by("code")
    if scope_kind == ScopeKind.REGION:
        if region is None:
            return []
        return list(qs.filter(code__in=region_province_codes(region.pk)))
    return list(qs)


def group_of(province: Area) -> tuple[str, str, str]:
    """The selection group of a province — its official cluster, or Bangkok's own group: code, Thai, English."""
    if province.cluster_id and province.cluster is not None:
        c = province.cluster
        return c.code, c.name_th, c.name_en or c.name_th
    if province.code == BANGKOK_CODE:
        return ranking.BANGKOK_GROUP, "กรุงเทพมหานคร (นอกกลุ่มจังหวัด)", "Bangkok (outside every cluster)"
    return f"P{province.code}", province.name_th, province.name_en or province.name_th


def group_names_en(provinces: list[Area]) -> dict[str, str]:
    return {code: en for code, _th, en in (group_of(p) for p in provinces)}


def candidates(
    provinces: list[Area], assessed_year: int, track: str
) -> tuple[list[ranking.Candidate], list[tuple[str, str]]]:
    """The reviewed assessments of ``provinces`` for a year and track, as ranking candidates, and the groups."""
    groups: dict[str, str] = {}
    for p in provinces:
        code, name, _en = group_of(p)
        groups.setdefault(code, name)
    reviewed = (
        Assessment.objects.filter(
            province__in=provinces, fiscal_year=assessed_year, track=track, status=AssessmentStatus.REVIEWED
        )
        .select_related("province", "province__cluster")
        .prefetch_related("scores")
    )
    out = []
    for a in reviewed:
        code, name, _en = group_of(a.province)
        levels = tuple(s.reviewed_level or 0 for s in a.scores.all())
        out.append(
            ranking.Candidate(
                assessment_id=a.pk,
                province_code=a.province.code,
                province_name=a.province.name_th,
                group_code=code,
                group_name=name,
                levels=levels,
                readiness=a.readiness if a.readiness is not None else ranking.readiness(levels, len(levels)),
            )
        )
    return out, sorted(groups.items())


@transaction.atomic
def selection_propose_in_transaction(
    *,
    scope_kind: str,
    region: CodiRegion | None = None,
    fiscal_year: int,
    assessed_year: int,
    size: int,
    track: str = Track.SELF_MANAGING,
    actor: User,
) -> PilotSelection:
    """Rank the reviewed assessments of a scope and propose ``size`` pilots by the rule in ``ranking``."""
    if scope_kind not in (ScopeKind.NATION, ScopeKind.REGION) or (scope_kind == ScopeKind.REGION and region is None):
        raise _refuse("ขอบเขตต้องเป็นทั้งประเทศหรือภาค", "The scope must be the nation or a CODI region", E.BAD_SCOPE)
    _check_year(fiscal_year)
    _check_year(assessed_year)
    provinces = scope_provinces(scope_kind, region)
    codes = tuple(p.code for p in provinces) or ("",)
    permissions.require_write(actor, Action.ASSESSMENT_SELECT, codes if scope_kind == ScopeKind.REGION else "")
    found, groups = candidates(provinces, assessed_year, track)
    try:
        chosen = ranking.select(found, size, groups, group_names_en(provinces))
    except ranking.SelectionError as exc:
        raise ValidationError(str(exc), code=E.SELECTION) from exc
    selection = audited_create(
        PilotSelection,
        actor=actor,
        scope_kind=scope_kind,
        region=region if scope_kind == ScopeKind.REGION else None,
        fiscal_year=fiscal_year,
        assessed_year=assessed_year,
        track=track,
        size=size,
        uncovered_groups=chosen.uncovered,
        created_by=actor,
    )
    by_code = {p.code: p for p in provinces}
    PilotEntry.objects.bulk_create(
        PilotEntry(
            selection=selection,
            assessment_id=e.candidate.assessment_id,
            province=by_code[e.candidate.province_code],
            group_code=e.candidate.group_code,
            rank=e.rank,
            readiness=e.candidate.readiness,
            selected=e.selected,
            reason_th=e.reason_th,
            reason_en=e.reason_en,
        )
        for e in chosen.entries
    )
    return selection


def _check_resolution_body(resolution: Resolution, codes: tuple[str, ...]) -> None:
    if not rules.body_covers(resolution.body, codes):
        raise _refuse(
            "มตินี้ต้องเป็นของคณะกรรมการหรือคณะทำงานที่มีขอบเขตครอบคลุมทุกจังหวัดที่เกี่ยวข้อง",
            "The resolution must be of a committee whose scope covers every province concerned",
            E.WRONG_BODY,
        )


@transaction.atomic
def selection_adopt_in_transaction(*, selection: PilotSelection, resolution: Resolution, actor: User) -> PilotSelection:
    """Adopt a proposed selection by a resolution: its pilots are certified as pilot provinces."""
    selection = PilotSelection.objects.select_for_update().get(pk=selection.pk)
    codes = tuple(selection.entries.values_list("province__code", flat=True))
    scope = selection.scope_codes
    permissions.require_write(actor, Action.ASSESSMENT_SELECT, scope)
    if selection.status == SelectionStatus.ADOPTED:
        raise _refuse("ข้อเสนอนี้ได้รับมติแล้ว", "This selection has already been adopted", E.ALREADY_ADOPTED)
    _check_resolution_body(
        resolution, tuple(p.code for p in scope_provinces(selection.scope_kind, selection.region)) or codes
    )
    chosen = list(selection.entries.filter(selected=True).select_related("province"))
    taken = Certification.objects.filter(
        province__in=[e.province for e in chosen], track=selection.track, fiscal_year=selection.fiscal_year
    ).select_related("province")
    if taken:
        names = ", ".join(c.province.name_th for c in taken)
        raise _refuse(
            f"จังหวัดต่อไปนี้ได้รับการรับรองสถานภาพในปีนี้แล้ว: {names}",
            f"These provinces are already certified for this year: {names}",
            E.ALREADY_CERTIFIED,
        )
    selection = audited_update(
        selection, actor=actor, status=SelectionStatus.ADOPTED, resolution=resolution, adopted_at=timezone.now()
    )
    resolution_link_in_transaction(resolution=resolution, kind=PILOT_DECISION, object_id=selection.pk)
    for e in chosen:
        audited_create(
            Certification,
            actor=actor,
            province=e.province,
            track=selection.track,
            fiscal_year=selection.fiscal_year,
            status=CertifiedStatus.PILOT,
            selection=selection,
            assessment_id=e.assessment_id,
            resolution=resolution,
            certified_on=resolution.meeting_date,
            certified_by=actor,
        )
    return selection


@transaction.atomic
def certification_record_in_transaction(
    *, assessment: Assessment, fiscal_year: int, resolution: Resolution, actor: User
) -> Certification:
    """Certify a reviewed province as an expansion province (ขยายผล) from ``fiscal_year``, by resolution."""
    permissions.require_write(actor, Action.ASSESSMENT_SELECT, assessment)
    _check_year(fiscal_year)
    if assessment.status != AssessmentStatus.REVIEWED:
        raise _refuse(
            "รับรองได้เฉพาะจังหวัดที่ผ่านการพิจารณาของกลุ่มจังหวัดแล้ว",
            "Only a province whose assessment the cluster has reviewed can be certified",
            E.NOT_REVIEWED,
        )
    _check_resolution_body(resolution, (assessment.province.code,))
    if Certification.objects.filter(
        province=assessment.province, track=assessment.track, fiscal_year=fiscal_year
    ).exists():
        raise _refuse(
            f"{assessment.province.name_th} ได้รับการรับรองสถานภาพปี {fiscal_year} แล้ว",
            f"{assessment.province.name_en or assessment.province.name_th} is already certified for {fiscal_year}",
            E.ALREADY_CERTIFIED,
        )
    cert = audited_create(
        Certification,
        actor=actor,
        province=assessment.province,
        track=assessment.track,
        fiscal_year=fiscal_year,
        status=CertifiedStatus.EXPANSION,
        assessment=assessment,
        resolution=resolution,
        certified_on=resolution.meeting_date,
        certified_by=actor,
    )
    resolution_link_in_transaction(resolution=resolution, kind=CERTIFICATION_DECISION, object_id=cert.pk)
    return cert


# Entry points: their own durable transaction (a durable block cannot nest; the demo and other services
# use the ``*_in_transaction`` forms).
assessment_open = transaction.atomic(durable=True)(assessment_open_in_transaction)
proposals_refresh = transaction.atomic(durable=True)(proposals_refresh_in_transaction)
score_set = transaction.atomic(durable=True)(score_set_in_transaction)
evidence_add = transaction.atomic(durable=True)(evidence_add_in_transaction)
evidence_remove = transaction.atomic(durable=True)(evidence_remove_in_transaction)
assessment_submit = transaction.atomic(durable=True)(assessment_submit_in_transaction)
assessment_review = transaction.atomic(durable=True)(assessment_review_in_transaction)
assessment_return = transaction.atomic(durable=True)(assessment_return_in_transaction)
selection_propose = transaction.atomic(durable=True)(selection_propose_in_transaction)
selection_adopt = transaction.atomic(durable=True)(selection_adopt_in_transaction)
certification_record = transaction.atomic(durable=True)(certification_record_in_transaction)
