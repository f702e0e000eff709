"""/api/targets — a tambon's target list (รายชื่อเป้าหมาย), one target household, and the households and
people the survey missed (field additions, ครัวเรือน/บุคคลตกหล่น).

Personal data. The same rules as the target pages: a tambon's people for callers holding PERSON_VIEW
over it (others: 404); national IDs masked unless PERSON_VIEW_ID; every read recorded in the audit
trail with the same record type, object and area as the pages record (``poverty.targetlist``,
``poverty.household``, ``poverty.fieldaddition``), the note saying which rows the API returned.

No ``from __future__ import annotations`` here: django-ninja reads the real annotations.
"""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action
from chumchon.api.lookups import clean_text
from chumchon.api.schemas import AREA_CODE, LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, InputSchema
from chumchon.areas.models import Area, AreaLevel
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record
from chumchon.core.national_id import mask_national_id
from chumchon.poverty.models import (
    AdditionKind,
    AdditionReason,
    AdditionStatus,
    DimensionCode,
    FieldAddition,
    SurveyRound,
    VulnerableGroup,
)
from chumchon.poverty.selectors import additions as additions_selectors
from chumchon.poverty.selectors import results as results_selectors
from chumchon.poverty.selectors import targets as targets_selectors
from chumchon.poverty.selectors.targets import TargetHousehold
from chumchon.poverty.services import additions as additions_services

router = Router(tags=["targets"])

MAX_PAGE = 500


class PersonOut(Schema):
    ref: int = Field(description="the member's reference in the household (for opening a person case); 0 on lists")
    national_id: str = Field(description="masked unless the caller may see national IDs")
    name: str
    sex: str
    age: int | None = None
    groups: list[str]
    failed_indicators: list[str]
    welfare_verified: bool
    duplicate: str = Field(description='cross-area duplicate: "open", "elsewhere" or ""')
    offered_dimensions: list[str]


class TargetHouseholdOut(Schema):
    ref: str = Field(description="the survey household id, or A<n> for a household added in the field")
    source: str = Field(description="survey or field")
    house_no: str
    village_code: str
    members: int
    failed_indicators: list[str]
    deprived_dimensions: list[str]
    is_tpmap_target: bool
    is_af_poor: bool
    score_percent: float
    persons: list[PersonOut]
    cases: dict[str, int] = Field(description="dimension → the household's Logbook case id")


class TargetPage(Schema):
    round: str
    area_code: str
    total_deprived: int
    count: int = Field(description="households matching the filters (all pages)")
    items: list[TargetHouseholdOut]


class TargetQuery(Schema):
    dimension: str = Field("", max_length=16, description="only households deprived in this dimension")
    group: str = Field("", max_length=24, description="only households with a member of this vulnerable group")
    tpmap: bool = Field(False, description="only TPMAP target households")
    limit: int = Field(100, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=2**31 - 1)


def _round_or_404(code: str) -> SurveyRound:
    found = results_selectors.round_get(code) if "\x00" not in code else None
    if found is None:
        raise Http404
    return found


def _tambon_for_people(request: HttpRequest, code: str) -> Area:
    """As the pages: the caller must see the tambon's people (PERSON_VIEW), and it must be a tambon."""
    area = Area.objects.filter(code=code).first() if "\x00" not in code else None
    if area is None:
        raise Http404
    permissions.require_read(request.user, Action.PERSON_VIEW, area)
    if area.level != AreaLevel.SUBDISTRICT:
        raise Http404
    return area


def _household(h: TargetHousehold) -> dict[str, Any]:
    return {
        "ref": h.ref,
        "source": h.source,
        "house_no": h.house_no,
        "village_code": h.village_code,
        "members": h.members,
        "failed_indicators": list(h.failed_indicators),
        "deprived_dimensions": list(h.deprived_dimensions),
        "is_tpmap_target": h.is_tpmap_target,
        "is_af_poor": h.is_af_poor,
        "score_percent": h.score_percent,
        "persons": [
            {
                "ref": p.ref,
                "national_id": p.national_id,
                "name": p.name,
                "sex": p.sex,
                "age": p.age,
                "groups": list(p.groups),
                "failed_indicators": list(p.failed_indicators),
                "welfare_verified": p.welfare_verified,
                "duplicate": p.duplicate,
                "offered_dimensions": list(p.offered_dimensions),
            }
            for p in h.persons
        ],
        "cases": {d: c.pk for d, c in h.cases.items()},
    }


def _filters_note(dimension: str, group: str, tpmap: bool) -> str:
    """The filters as the target page writes them in its audit note."""
    labels = dict(DimensionCode.choices), dict(VulnerableGroup.choices)
    parts = [
        str(labels[0][dimension]) if dimension else "",
        str(labels[1][group]) if group else "",
        "TPMAP" if tpmap else "",
    ]
    return "(" + (", ".join(p for p in parts if p) or "ทั้งหมด / all") + ")"


@router.get(
    "/{round_code}/{code}",
    response={200: TargetPage, **READ_ERRORS},
    summary="A tambon's target list / รายชื่อเป้าหมายของตำบล",
)
def target_list(request: HttpRequest, round_code: str, code: str, filters: Query[TargetQuery]) -> Any:
    """Deprived households of the tambon in the round (survey households and verified field additions)
    with their members; the read is recorded in the audit trail as the page's is."""
    tambon = _tambon_for_people(request, code)
    survey_round = _round_or_404(round_code)
    dimension = filters.dimension if filters.dimension in DimensionCode.values else ""
    group = filters.group if filters.group in VulnerableGroup.values else ""
    show_ids = permissions.can(request.user, Action.PERSON_VIEW_ID, tambon)
    tl = targets_selectors.target_list(
        survey_round=survey_round, tambon=tambon, show_ids=show_ids, dimension=dimension, group=group,
        tpmap_only=filters.tpmap,
    )  # fmt: skip
    shown = tl.households[filters.offset : filters.offset + filters.limit]
    first = filters.offset + 1 if shown else 0
    audit_record(
        actor=acting_user(request),
        action=AuditAction.VIEW,
        model_label="poverty.targetlist",
        object_pk=f"{survey_round.code}:{tambon.code}",
        area_code=tambon.code,
        personal_data=True,
        note=(
            f"target list {survey_round.code} {tambon.code} {_filters_note(dimension, group, filters.tpmap)} "
            f"API (households {first}-{filters.offset + len(shown)} of {len(tl.households)})"
        ),
    )
    return {
        "round": survey_round.code,
        "area_code": tambon.code,
        "total_deprived": tl.total_deprived,
        "count": len(tl.households),
        "items": [_household(h) for h in shown],
    }


@router.get(
    "/{round_code}/{code}/households/{ref}",
    response={200: TargetHouseholdOut, **READ_ERRORS},
    summary="One target household / ครัวเรือนเป้าหมาย",
)
def target_household(request: HttpRequest, round_code: str, code: str, ref: str) -> Any:
    """The household with its members (each with ``ref`` for a person case); recorded in the audit trail."""
    tambon = _tambon_for_people(request, code)
    survey_round = _round_or_404(round_code)
    show_ids = permissions.can(request.user, Action.PERSON_VIEW_ID, tambon)
    h = targets_selectors.target_household(
        survey_round=survey_round, tambon=tambon, household_id=ref, show_ids=show_ids
    ) if "\x00" not in ref else None  # fmt: skip
    if h is None:
        raise Http404
    audit_record(
        actor=acting_user(request),
        action=AuditAction.VIEW,
        model_label="poverty.household",
        object_pk=f"{survey_round.code}:{ref}",
        area_code=tambon.code,
        personal_data=True,
        note=f"household {ref}",
    )
    return _household(h)


# --- Households and people the survey missed (field additions), verified by a second user


class AdditionOut(Schema):
    id: int
    ref: str
    round: str
    area_code: str
    village_code: str
    kind: str
    reason: str
    full_name: str
    national_id: str = Field(description="masked unless the caller may see national IDs")
    house_no: str
    member_count: int
    dimensions: list[str]
    status: str
    created_by: str
    decision_note: str


class AdditionPage(Schema):
    count: int
    items: list[AdditionOut]


class AdditionQuery(Schema):
    round: str = Field("", max_length=32)
    area_code: str = Field("", max_length=8, pattern=AREA_CODE)
    status: str = Field("", max_length=16)
    limit: int = Field(100, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=2**31 - 1)


class AdditionIn(InputSchema):
    round: str = Field(max_length=32, description="survey round code")
    area_code: str = Field(max_length=8, pattern=AREA_CODE, description="the tambon (DOPA code)")
    kind: AdditionKind
    reason: AdditionReason
    full_name: str = Field(min_length=1, max_length=200)
    house_no: str = Field("", max_length=64)
    village_code: str = Field("", max_length=8)
    national_id: str = Field("", max_length=17)
    birth_date: dt.date | None = None
    member_count: int = Field(1, ge=1, le=99)
    survey_household_id: str = Field("", max_length=64, description="for a person: the survey household")
    dimensions: list[DimensionCode] = Field(default_factory=list, max_length=10)
    elderly: bool = False
    disabled: bool = False
    chronically_ill: bool = False
    bedridden: bool = False
    child: bool = False
    note: str = Field("", max_length=10_000)


class DecisionIn(InputSchema):
    verified: bool
    note: str = Field("", max_length=10_000)


def _addition(a: FieldAddition, show_id: bool) -> dict[str, Any]:
    return {
        "id": a.pk,
        "ref": a.ref,
        "round": a.survey_round.code,
        "area_code": a.area.code,
        "village_code": a.village_code,
        "kind": a.kind,
        "reason": a.reason,
        "full_name": a.full_name,
        "national_id": a.national_id if show_id or not a.national_id else mask_national_id(a.national_id),
        "house_no": a.house_no,
        "member_count": a.member_count,
        "dimensions": list(a.dimensions or []),
        "status": a.status,
        "created_by": a.created_by.username,
        "decision_note": a.decision_note,
    }


def _log_additions(request: HttpRequest, count: int) -> None:
    # As the additions page: one record per list read that showed any row.
    audit_record(
        actor=acting_user(request),
        action=AuditAction.VIEW,
        model_label="poverty.fieldaddition",
        area_code="",
        personal_data=True,
        note=f"additions list ({count}) API",
    )


@router.get(
    "/additions",
    response={200: AdditionPage, **LIST_ERRORS},
    summary="Households and people the survey missed / ครัวเรือนและบุคคลตกหล่น",
)
def addition_list(request: HttpRequest, filters: Query[AdditionQuery]) -> Any:
    survey_round = results_selectors.round_get(filters.round) if clean_text(filters.round) else None
    if clean_text(filters.round) and survey_round is None:
        return {"count": 0, "items": []}
    qs = additions_selectors.additions_for(
        request.user, survey_round=survey_round, area_code=clean_text(filters.area_code)
    )
    if filters.status in AdditionStatus.values:
        qs = qs.filter(status=filters.status)
    elif filters.status:
        return {"count": 0, "items": []}
    qs = qs.order_by("-pk")
    rows = list(qs[filters.offset : filters.offset + filters.limit])
    if rows:
        _log_additions(request, len(rows))
    return {
        "count": qs.count(),
        "items": [_addition(a, permissions.can(request.user, Action.PERSON_VIEW_ID, a)) for a in rows],
    }


@router.post(
    "/additions",
    response={201: AdditionOut, **WRITE_ERRORS},
    summary="Add a household or person the survey missed / เพิ่มครัวเรือนหรือบุคคลตกหล่น",
)
def addition_post(request: HttpRequest, payload: AdditionIn) -> Any:
    """As the page's form (PERSON_EDIT over the tambon, checked by the service); it counts only once a
    second user verifies it."""
    data = payload.dict()
    survey_round = _round_or_404(data.pop("round"))
    code = data.pop("area_code")
    tambon = Area.objects.filter(code=code).first() if "\x00" not in code else None
    if tambon is None or tambon.level != AreaLevel.SUBDISTRICT:
        raise Http404
    permissions.require_read(request.user, Action.PERSON_EDIT, tambon)
    made = additions_services.addition_create(
        actor=acting_user(request), survey_round=survey_round, area=tambon, **data
    )
    a = additions_selectors.additions_for(request.user).get(pk=made.pk)
    return Status(201, _addition(a, permissions.can(request.user, Action.PERSON_VIEW_ID, a)))


@router.post(
    "/additions/{addition_id}/decide",
    response={200: AdditionOut, **WRITE_ERRORS},
    summary="Verify or reject an addition / ตรวจสอบรายการตกหล่น",
)
def addition_decide(request: HttpRequest, addition_id: int, payload: DecisionIn) -> Any:
    """The second user's check (PERSON_VERIFY, never the user who added it: the service refuses)."""
    a = FieldAddition.objects.select_related("area").filter(pk=addition_id).first() if 0 < addition_id < 2**63 else None
    if a is None:
        raise Http404
    permissions.require_read(request.user, Action.PERSON_VIEW, a)
    additions_services.addition_decide(
        addition=a, actor=acting_user(request), verified=payload.verified, note=payload.note
    )
    decided = FieldAddition.objects.select_related("area", "survey_round", "created_by").get(pk=a.pk)
    return _addition(decided, permissions.can(request.user, Action.PERSON_VIEW_ID, decided))
