"""/api/capital — community capital (ทุนชุมชน) recorded for tambons and villages, in the caller's scope.

Reads follow the capital pages (AREA_VIEW over the entry's area; out of scope is 404); writes go
through capital.services (CAPITAL_EDIT, checked there: 403). An entry is never deleted: it is retired.

No ``from __future__ import annotations`` here: django-ninja reads the real annotations.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action
from chumchon.api.lookups import area_from_body, clean_text
from chumchon.api.schemas import (
    AREA_CODE,
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    BoundedPagination,
    InputSchema,
    Quantity,
)
from chumchon.capital import selectors as capital_selectors
from chumchon.capital.models import CapitalEntry, CapitalKind, SourceKind
from chumchon.capital.services import capital_entry_create, capital_entry_retire, capital_entry_update
from chumchon.core.dopa import prefix_q

router = Router(tags=["capital"])


class EntryOut(Schema):
    id: int
    area_code: str
    kind: str
    category: str
    name: str
    description: str
    quantity: Decimal | None = None
    unit: str
    source_kind: str
    source_name: str
    as_of: dt.date
    retired_on: dt.date | None = None
    retired_reason: str

    @staticmethod
    def resolve_area_code(obj: CapitalEntry) -> str:
        return obj.area.code

    @staticmethod
    def resolve_category(obj: CapitalEntry) -> str:
        return obj.category


class EntryIn(InputSchema):
    area_code: str = Field(max_length=8, pattern=AREA_CODE, description="a tambon or a village/community (DOPA code)")
    kind: CapitalKind
    name: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=10_000)
    quantity: Quantity | None = None
    unit: str = Field("", max_length=40)
    source_kind: SourceKind
    source_name: str = Field("", max_length=300)
    as_of: dt.date


class EntryPatch(InputSchema):
    area_code: str | None = Field(None, max_length=8, pattern=AREA_CODE)
    kind: CapitalKind | None = None
    name: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = Field(None, max_length=10_000)
    quantity: Quantity | None = None
    unit: str | None = Field(None, max_length=40)
    source_kind: SourceKind | None = None
    source_name: str | None = Field(None, max_length=300)
    as_of: dt.date | None = None


class RetireIn(InputSchema):
    reason: str = Field(min_length=1, max_length=2000)


class EntryQuery(Schema):
    area_code: str = Field(
        "", max_length=8, pattern=AREA_CODE, description="entries of this area and the areas inside it"
    )
    kind: str = Field("", max_length=40)
    include_retired: bool = False


def _entry_or_404(request: HttpRequest, entry_id: int) -> CapitalEntry:
    entry = capital_selectors.entry_get(entry_id)
    if entry is None:
        raise Http404
    permissions.require_read(request.user, Action.AREA_VIEW, entry)
    return entry


@router.get("/entries", response={200: list[EntryOut], **LIST_ERRORS}, summary="Capital entries / รายการทุนชุมชน")
@paginate(BoundedPagination)
def entry_list(request: HttpRequest, filters: Query[EntryQuery]) -> Any:
    qs = permissions.scoped(CapitalEntry.objects.select_related("area"), request.user, Action.AREA_VIEW, "area__code")
    code, kind = clean_text(filters.area_code), clean_text(filters.kind)
    if "\x00" in filters.area_code + filters.kind:
        return CapitalEntry.objects.none()
    if code:
        qs = qs.filter(prefix_q((code,), "area__code"))
    if kind:
        qs = qs.filter(kind=kind)
    if not filters.include_retired:
        qs = qs.filter(retired_on__isnull=True)
    return qs.order_by("area__code", "kind", "name", "pk")


@router.get("/entries/{entry_id}", response={200: EntryOut, **READ_ERRORS}, summary="One entry / รายการทุนชุมชน")
def entry_detail(request: HttpRequest, entry_id: int) -> Any:
    return _entry_or_404(request, entry_id)


@router.post("/entries", response={201: EntryOut, **WRITE_ERRORS}, summary="Record capital / บันทึกทุนชุมชน")
def entry_post(request: HttpRequest, payload: EntryIn) -> Any:
    data = payload.dict()
    area = area_from_body(data.pop("area_code"))
    entry = capital_entry_create(actor=acting_user(request), area=area, **data)
    return Status(201, capital_selectors.entry_get(entry.pk))


@router.patch("/entries/{entry_id}", response={200: EntryOut, **WRITE_ERRORS}, summary="Change an entry / แก้ไขรายการ")
def entry_patch(request: HttpRequest, entry_id: int, payload: EntryPatch) -> Any:
    entry = _entry_or_404(request, entry_id)
    changes = payload.dict(exclude_unset=True)
    for required in ("kind", "name", "source_kind", "as_of", "area_code"):
        if required in changes and changes[required] is None:
            del changes[required]  # null means "leave as is" for fields that cannot be empty
    for text in ("description", "unit", "source_name"):
        if text in changes and changes[text] is None:
            changes[text] = ""
    if "area_code" in changes:
        changes["area"] = area_from_body(changes.pop("area_code"))
    capital_entry_update(entry=entry, actor=acting_user(request), **changes)
    return capital_selectors.entry_get(entry.pk)


@router.post(
    "/entries/{entry_id}/retire",
    response={200: EntryOut, **WRITE_ERRORS},
    summary="Retire an entry / เลิกใช้รายการ",
)
def entry_retire(request: HttpRequest, entry_id: int, payload: RetireIn) -> Any:
    entry = _entry_or_404(request, entry_id)
    capital_entry_retire(entry=entry, actor=acting_user(request), reason=payload.reason)
    return capital_selectors.entry_get(entry.pk)


# ---------------------------------------------------------------------------------------------
# The capital profile of an area (the profile page: capital.selectors.profile, AREA_VIEW over the area)


class ProfilePeopleOut(Schema):
    survey_round: str
    date: dt.date | None = None
    is_reference_date: bool
    households: int
    persons: int
    children_0_5: int
    elderly: int
    disabled: int
    chronically_ill: int
    bedridden: int
    target_poor_households: int
    working_age_and_youth: int


class ProfileBodyOut(Schema):
    id: int
    name_th: str
    member_count: int


class ProfileBodyGroupOut(Schema):
    kind: str
    label: str
    count: int
    members: int
    dimensions: list[str]
    bodies: list[ProfileBodyOut]


class ProfileSectionOut(Schema):
    category: str
    label: str
    entries: list[EntryOut]


class ProfileVillageOut(Schema):
    area_code: str
    name_th: str
    entries: int


class CapitalProfileOut(Schema):
    area_code: str
    name_th: str
    people: ProfilePeopleOut | None = Field(None, description="none: no ready survey round, or not for this caller")
    people_hidden: bool = Field(description="the figures exist but the caller may not see poverty figures")
    body_groups: list[ProfileBodyGroupOut]
    welfare_funds: ProfileBodyGroupOut | None = None
    sections: list[ProfileSectionOut]
    villages: list[ProfileVillageOut]
    entry_count: int


ProfileCode = Annotated[str, Path(max_length=8, pattern=r"^[0-9]{6,8}$", description="a tambon or village (DOPA code)")]


def _group(g: Any) -> dict[str, Any] | None:
    if g is None:
        return None
    return {
        "kind": g.kind,
        "label": g.label,
        "count": g.count,
        "members": g.members,
        "dimensions": list(g.dimensions),
        "bodies": g.bodies,
    }


@router.get(
    "/profiles/{area_code}",
    response={200: CapitalProfileOut, **READ_ERRORS},
    summary="The capital profile of a tambon or village / ข้อมูลทุนชุมชนของพื้นที่",
)
def profile_detail(request: HttpRequest, area_code: ProfileCode) -> Any:
    area = capital_selectors.profile_area_get(area_code)
    if area is None:
        raise Http404
    permissions.require_read(request.user, Action.AREA_VIEW, area.code)
    prof = capital_selectors.profile(area, request.user)
    p = prof.people
    people = None
    if p is not None:
        r = p.result
        people = {
            "survey_round": p.survey_round.code,
            "date": p.date,
            "is_reference_date": p.is_reference_date,
            "households": r.households,
            "persons": r.persons,
            "children_0_5": r.children_0_5,
            "elderly": r.elderly,
            "disabled": r.disabled,
            "chronically_ill": r.chronically_ill,
            "bedridden": r.bedridden,
            "target_poor_households": r.target_poor_households,
            "working_age_and_youth": p.working_age_and_youth,
        }
    return {
        "area_code": area.code,
        "name_th": area.name_th,
        "people": people,
        "people_hidden": prof.people_hidden,
        "body_groups": [_group(g) for g in prof.body_groups],
        "welfare_funds": _group(prof.welfare_funds),
        "sections": [{"category": s.category, "label": s.label, "entries": s.entries} for s in prof.sections],
        "villages": [{"area_code": v.code, "name_th": v.name_th, "entries": n} for v, n in prof.villages],
        "entry_count": prof.entry_count,
    }
