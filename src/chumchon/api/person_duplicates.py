"""/api/person-duplicates — the cross-area duplicates queue of poverty targeting (บุคคลซ้ำข้ามพื้นที่): one
person found in two subdistricts' survey records, for a provincial officer to decide where the person
lives (or that they are two people).

Personal data, the same rules as the duplicates pages: only for callers holding
PERSON_RESOLVE_DUPLICATE over one of the two areas (others: 404, list and record alike); the national ID
masked unless PERSON_VIEW_ID; the list and each record read recorded in the audit trail as the pages
record them. The decision goes through ``poverty.services.duplicates.duplicate_resolve``, which
recomputes both areas' figures.

No ``from __future__ import annotations`` here: django-ninja reads the real annotations.
"""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from chumchon.accounts.http import acting_user
from chumchon.api._writes import PathId
from chumchon.api.schemas import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, InputSchema
from chumchon.poverty.models import DuplicateStatus, PersonDuplicate
from chumchon.poverty.selectors import duplicates as duplicates_selectors
from chumchon.poverty.services import duplicates as duplicates_services

router = Router(tags=["poverty"])
PREFIX = "/person-duplicates"  # /api/duplicates is the plan-items queue (api.duplicates)
MAX_PAGE = 500


class PersonDuplicateSideOut(Schema):
    tambon_code: str
    household_id: str
    found: bool
    name: str
    sex: str
    birth_date: dt.date | None = None
    house_no: str
    village_code: str
    members: int
    welfare_verified: bool
    counted: bool = Field(description="the person is counted in this area's figures")


class PersonDuplicateOut(Schema):
    id: int
    survey_round: str
    national_id: str = Field(description="masked unless the caller may see IDs")
    first_tambon: str
    first_name: str
    second_tambon: str
    second_name: str
    status: str
    lives_in: str
    note: str
    resolved_at: dt.datetime | None = None
    created_at: dt.datetime


class PersonDuplicateDetailOut(PersonDuplicateOut):
    sides: list[PersonDuplicateSideOut]
    can_resolve: bool


class PersonDuplicatePage(Schema):
    count: int
    items: list[PersonDuplicateOut]


class PersonDuplicateQuery(Schema):
    status: str = Field("", pattern="^(" + "|".join(DuplicateStatus.values) + ")?$")
    limit: int = Field(100, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=2**31 - 1)


class PersonDuplicateDecisionIn(InputSchema):
    decision: str = Field(
        pattern="^(first|second|different)$", description="lives in the first or second area, or two people"
    )
    note: str = Field("", max_length=10_000)


def _row(request: HttpRequest, d: PersonDuplicate, names: dict[str, str]) -> dict[str, Any]:
    show = duplicates_selectors.shows_ids(request.user, d)
    return {
        "id": d.pk,
        "survey_round": d.survey_round.code,
        "national_id": duplicates_selectors.shown_id(d, show),
        "first_tambon": d.first_tambon,
        "first_name": names.get(d.first_tambon, d.first_tambon),
        "second_tambon": d.second_tambon,
        "second_name": names.get(d.second_tambon, d.second_tambon),
        "status": d.status,
        "lives_in": d.lives_in,
        "note": d.note,
        "resolved_at": d.resolved_at,
        "created_at": d.created_at,
    }


def _visible_or_404(request: HttpRequest, duplicate_id: int) -> PersonDuplicate:
    d = PersonDuplicate.objects.select_related("survey_round", "resolved_by").filter(pk=duplicate_id).first()
    if d is None or not duplicates_selectors.may_see(request.user, d):
        raise Http404
    return d


def _detail(request: HttpRequest, d: PersonDuplicate) -> dict[str, Any]:
    row = _row(request, d, duplicates_selectors.area_names(set(d.scope_codes)))
    row["sides"] = list(duplicates_selectors.duplicate_sides(d))
    row["can_resolve"] = duplicates_services.may_resolve(request.user, d)  # type: ignore[arg-type]
    duplicates_services.duplicate_viewed(actor=acting_user(request), duplicate=d, detail="API")
    return row


@router.get(
    "",
    response={200: PersonDuplicatePage, **LIST_ERRORS, 404: READ_ERRORS[404]},
    summary="Cross-area duplicates / บุคคลซ้ำข้ามพื้นที่",
)
def duplicate_list(request: HttpRequest, filters: Query[PersonDuplicateQuery]) -> Any:
    if not duplicates_services.may_resolve_anywhere(request.user):  # type: ignore[arg-type]
        raise Http404
    qs = duplicates_selectors.duplicates_for(request.user, status=filters.status).order_by("pk")
    rows = list(qs[filters.offset : filters.offset + filters.limit])
    names = duplicates_selectors.area_names({c for d in rows for c in d.scope_codes})
    duplicates_services.duplicates_list_viewed(actor=acting_user(request), shown=len(rows), channel="API")
    return {"count": qs.count(), "items": [_row(request, d, names) for d in rows]}


@router.get(
    "/{duplicate_id}", response={200: PersonDuplicateDetailOut, **READ_ERRORS}, summary="One pair, side by side"
)
def duplicate_detail(request: HttpRequest, duplicate_id: PathId) -> Any:
    return _detail(request, _visible_or_404(request, duplicate_id))


@router.post(
    "/{duplicate_id}/decision",
    response={200: PersonDuplicateDetailOut, **WRITE_ERRORS, 409: READ_ERRORS[404]},
    summary="Decide where the person lives / ตัดสินบุคคลซ้ำ",
)
def duplicate_decide(request: HttpRequest, duplicate_id: PathId, payload: PersonDuplicateDecisionIn) -> Any:
    d = _visible_or_404(request, duplicate_id)
    duplicates_services.duplicate_resolve(
        duplicate=d,
        actor=acting_user(request),
        same_person=payload.decision != "different",
        lives_in={"first": d.first_tambon, "second": d.second_tambon}.get(payload.decision, ""),
        note=payload.note,
    )
    return _detail(request, _visible_or_404(request, duplicate_id))
