"""The assessment's writes: opening, levels, evidence, submission, the cluster's review, selection,
adoption by resolution, certification — and the bad input each refuses without changing anything."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from chumchon.areas.models import Area, CodiRegion
from chumchon.assessment import services
from chumchon.assessment.error_codes import AssessmentErrorCode as E
from chumchon.assessment.models import (
    Assessment,
    AssessmentStatus,
    Certification,
    Criterion,
    Evidence,
    PilotSelection,
    SelectionStatus,
)
from chumchon.meetings.decisions import decisions_of

pytestmark = pytest.mark.django_db

TOP = [4] * 10
GOOD = [3] * 10
FAIR = [2] * 10


def codes(exc: ValidationError) -> set[str]:
    return {e.code for e in exc.error_list if e.code}


def test_the_ten_criteria_are_data_with_their_source() -> None:
    criteria = list(Criterion.objects.order_by("number"))
    assert [c.number for c in criteria] == list(range(1, 11))
    assert "เหลียวหลังแลหน้า" in criteria[0].source and "10 คุณสมบัติสำคัญของจังหวัดจัดการตนเอง" in criteria[0].source
    assert "สมัชชาจังหวัด" in criteria[9].title_th and "annual provincial assembly" in criteria[9].title_en


def test_opening_stores_the_proposals_with_their_reasons(world: Any) -> None:
    a = services.assessment_open(province=Area.objects.get(code="24"), fiscal_year=2569, actor=world.editor24)
    scores = {s.criterion.number: s for s in a.scores.select_related("criterion")}
    assert len(scores) == 10
    assert scores[8].proposed_level is None and scores[8].proposed_reasons == []  # no evidence: the assessor judges
    assert scores[5].proposed_level == 1  # the working group exists, no member sits
    assert any("provincial working groups in the system" in r["en"] for r in scores[5].proposed_reasons)
    assert scores[10].proposed_level == 0 and any("0 ordinary meetings" in r["en"] for r in scores[10].proposed_reasons)


def test_bad_input_is_refused_and_changes_nothing(world: Any) -> None:
    district = Area.objects.get(code="2401")
    with pytest.raises(ValidationError) as exc:
        services.assessment_open(province=district, fiscal_year=2569, actor=world.editor24)
    assert codes(exc.value) == {E.NOT_A_PROVINCE}
    with pytest.raises(ValidationError) as exc:
        services.assessment_open(province=Area.objects.get(code="24"), fiscal_year=1999, actor=world.editor24)
    assert codes(exc.value) == {E.BAD_YEAR} and "ปีงบประมาณ 1999 ไม่ถูกต้อง" in exc.value.messages[0]
    with pytest.raises(PermissionDenied):  # another province's working group
        services.assessment_open(province=Area.objects.get(code="24"), fiscal_year=2569, actor=world.outsider)
    assert not Assessment.objects.exists()
    a = services.assessment_open(province=Area.objects.get(code="24"), fiscal_year=2569, actor=world.editor24)
    with pytest.raises(ValidationError) as exc:
        services.assessment_open(province=Area.objects.get(code="24"), fiscal_year=2569, actor=world.editor24)
    assert codes(exc.value) == {E.DUPLICATE}
    score = a.scores.get(criterion__number=1)
    with pytest.raises(ValidationError) as exc:
        services.score_set(score=score, level=5, note="x", actor=world.editor24)
    assert codes(exc.value) == {E.BAD_LEVEL}
    proposed = score.proposed_level
    other = (proposed + 1) % 5
    with pytest.raises(ValidationError) as exc:  # away from the proposal without a word
        services.score_set(score=score, level=other, note="", actor=world.editor24)
    assert codes(exc.value) == {E.EXPLAIN_DIFFERENCE} and "differs from the proposed level" in exc.value.messages[0]
    score.refresh_from_db()
    assert score.level is None
    with pytest.raises(ValidationError) as exc:
        services.assessment_submit(assessment=a, actor=world.editor24)
    assert (
        codes(exc.value) == {E.INCOMPLETE}
        and "Criteria 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 have no level" in exc.value.messages[0]
    )
    with pytest.raises(ValidationError) as exc:
        services.evidence_add(score=score, kind="meeting", object_id=999999, actor=world.editor24)
    assert codes(exc.value) == {E.BAD_EVIDENCE}
    with pytest.raises(ValidationError):
        services.evidence_add(
            score=score, kind="document", document=SimpleUploadedFile("x.exe", b"MZ"), actor=world.editor24
        )
    assert not Evidence.objects.exists()
    a.refresh_from_db()
    assert a.status == AssessmentStatus.DRAFT


def test_evidence_documents_links_and_records(world: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    a = services.assessment_open(province=Area.objects.get(code="24"), fiscal_year=2569, actor=world.editor24)
    score = a.scores.get(criterion__number=5)
    doc = services.evidence_add(
        score=score, kind="document", document=SimpleUploadedFile("คำสั่งแต่งตั้ง.pdf", b"%PDF-1.4"), actor=world.editor24
    )
    link = services.evidence_add(score=score, kind="link", url="https://example.org/assembly", actor=world.editor24)
    record = services.evidence_add(score=score, kind="body", object_id=world.pwg24.pk, actor=world.editor24)
    assert doc.title == "คำสั่งแต่งตั้ง.pdf" and link.title == "https://example.org/assembly"
    assert record.title == world.pwg24.name_th
    services.evidence_remove(evidence=link, actor=world.editor24)
    assert list(score.evidence.values_list("kind", flat=True)) == ["document", "body"]


def test_review_by_the_cluster_then_readiness(world: Any) -> None:
    a = world.open_and_fill("24", GOOD, world.editor24)
    assert a.status == AssessmentStatus.SUBMITTED
    with pytest.raises(ValidationError) as exc:  # no longer editable once submitted
        services.score_set(score=a.scores.first(), level=1, note="x", actor=world.editor24)
    assert codes(exc.value) == {E.NOT_EDITABLE}
    with pytest.raises(Http404):  # another cluster's working group does not even see it
        services.assessment_review(assessment=a, actor=world.reviewer_c09)
    with pytest.raises(PermissionDenied):  # the province itself
        services.assessment_review(assessment=a, actor=world.editor24)
    with pytest.raises(ValidationError) as exc:  # a different level needs the reviewer's reason
        services.assessment_review(assessment=a, levels={3: 1}, actor=world.reviewer_c08)
    assert codes(exc.value) == {E.NOTE_REQUIRED}
    a = services.assessment_review(
        assessment=a, levels={3: 1}, notes={3: "ยังไม่มีรายงานความก้าวหน้า"}, actor=world.reviewer_c08
    )
    assert a.status == AssessmentStatus.REVIEWED and a.reviewed_by_body == world.cwg_c08
    assert a.readiness == Decimal("70.0")  # (9 × 3 + 1) / 40
    assert a.scores.get(criterion__number=3).reviewed_level == 1


def test_returned_then_resubmitted(world: Any) -> None:
    a = world.open_and_fill("24", GOOD, world.editor24)
    with pytest.raises(ValidationError) as exc:
        services.assessment_return(assessment=a, note=" ", actor=world.reviewer_c08)
    assert codes(exc.value) == {E.NOTE_REQUIRED}
    a = services.assessment_return(assessment=a, note="แนบรายงานการประชุม", actor=world.reviewer_c08)
    assert a.status == AssessmentStatus.RETURNED
    services.score_set(score=a.scores.get(criterion__number=6), level=2, note="แก้ไขแล้ว", actor=world.editor24)
    a = services.assessment_submit(assessment=a, actor=world.editor24)
    assert a.status == AssessmentStatus.SUBMITTED


def test_bangkok_is_reviewed_by_its_regional_subcommittee(world: Any) -> None:
    a = world.open_and_fill("10", FAIR, world.editor10)
    with pytest.raises(Http404):
        services.assessment_review(assessment=a, actor=world.reviewer_c08)
    a = services.assessment_review(assessment=a, actor=world.subcom_member)
    assert a.reviewed_by_body == world.subcom and a.readiness == Decimal("50.0")


def test_selection_adopted_by_resolution_certifies_the_pilots(world: Any) -> None:
    r5 = CodiRegion.objects.get(code="R5")
    world.reviewed("24", TOP, world.editor24)
    world.reviewed("20", GOOD, world.editor10)
    world.reviewed("22", FAIR, world.editor22)
    world.reviewed("10", FAIR, world.editor10)
    with pytest.raises(ValidationError) as exc:
        services.selection_propose(
            scope_kind="region", region=r5, fiscal_year=2570, assessed_year=2569, size=2, actor=world.staff
        )
    assert codes(exc.value) == {E.SELECTION} and "need at least 3 pilots" in exc.value.messages[0]
    with pytest.raises(PermissionDenied):
        services.selection_propose(
            scope_kind="region", region=r5, fiscal_year=2570, assessed_year=2569, size=3, actor=world.editor24
        )
    selection = services.selection_propose(
        scope_kind="region", region=r5, fiscal_year=2570, assessed_year=2569, size=3, actor=world.staff
    )
    chosen = set(selection.entries.filter(selected=True).values_list("province__code", flat=True))
    assert chosen == {"24", "22", "10"}  # C08's best, C09's only one, Bangkok; 20 ranks 2nd but C08 has its pilot
    assert set(selection.uncovered_groups) == {"C02", "C04"}
    # A resolution of a body that does not cover the region cannot adopt it.
    with pytest.raises(ValidationError) as exc:
        services.selection_adopt(selection=selection, resolution=world.resolution(world.cwg_c08), actor=world.staff)
    assert codes(exc.value) == {E.WRONG_BODY}
    resolution = world.resolution(world.subcom)
    selection = services.selection_adopt(selection=selection, resolution=resolution, actor=world.staff)
    assert selection.status == SelectionStatus.ADOPTED
    pilots = Certification.objects.filter(selection=selection)
    assert sorted(pilots.values_list("province__code", "status")) == [("10", "pilot"), ("22", "pilot"), ("24", "pilot")]
    assert [d.kind for d in decisions_of(resolution, world.staff)] == ["pilot_selection"]
    with pytest.raises(ValidationError) as exc:
        services.selection_adopt(selection=selection, resolution=resolution, actor=world.staff)
    assert codes(exc.value) == {E.ALREADY_ADOPTED}
    # Province 20 is certified on its own as an expansion province, a year later.
    a20 = Assessment.objects.get(province__code="20")
    cert = services.certification_record(assessment=a20, fiscal_year=2571, resolution=resolution, actor=world.staff)
    assert cert.status == "expansion"
    with pytest.raises(ValidationError) as exc:
        services.certification_record(assessment=a20, fiscal_year=2571, resolution=resolution, actor=world.staff)
    assert codes(exc.value) == {E.ALREADY_CERTIFIED}


def test_the_integrated_track_is_kept_apart(world: Any) -> None:
    r5 = CodiRegion.objects.get(code="R5")
    world.reviewed("24", TOP, world.editor24, track="integrated")
    world.reviewed("22", FAIR, world.editor22)
    # The same province may be assessed on both tracks in one year.
    world.reviewed("24", FAIR, world.editor24)
    selection = services.selection_propose(
        scope_kind="region", region=r5, fiscal_year=2570, assessed_year=2569, size=2, actor=world.staff
    )
    entries = list(selection.entries.select_related("assessment"))
    assert {e.assessment.track for e in entries} == {"self_managing"}
    assert {e.readiness for e in entries} == {Decimal("50.0")}
    integrated = services.selection_propose(
        scope_kind="region",
        region=r5,
        fiscal_year=2570,
        assessed_year=2569,
        size=1,
        track="integrated",
        actor=world.staff,
    )
    assert [e.province.code for e in integrated.entries.all()] == ["24"]
    assert PilotSelection.objects.count() == 2
