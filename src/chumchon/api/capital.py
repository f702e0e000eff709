"""/api/capital — community capital (ทุนชุมชน) recorded for tambons and villages, in the caller's scope.

Reads follow the capital pages (AREA_VIEW over the entry's area; out of scope is 404); writes go
through capital.services (CAPITAL_EDIT, checked there: 403). An entry is never deleted: it is retired.

No ``from __future__ import annotations`` here: django-ninja reads the real annotations.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
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
