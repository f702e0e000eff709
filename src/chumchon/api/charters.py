"""/api/charters — tambon charters (ธรรมนูญตำบล) of community councils and their rules, in the caller's
plan scope; the writes the charter pages make (record a charter, add and amend its rules) through
``plans.services``. The charter with its document is recorded by a multipart request (``/with-document``), through the same
service and upload policy as the page.

Who may write is ``plans.rules.may_write_charter`` (who writes the council's plans), as on the pages.
No ``from __future__ import annotations`` here: django-ninja reads the real annotations.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from chumchon.accounts.http import acting_user
from chumchon.api._files import FILE_RESPONSE, file_required, serve
from chumchon.api._writes import PathId, nothing_matches
from chumchon.api.schemas import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, BoundedPagination, FormInput, InputSchema
from chumchon.core.bilingual import bilingual
from chumchon.plans import selectors, services
from chumchon.plans.models import TambonCharter
from chumchon.plans.rules import may_write_charter

router = Router(tags=["plans"])

RULES = Field(
    min_length=1,
    max_length=200,
    description="the rules in order (ข้อ 1, 2, …); blank texts are skipped; at least one is not blank",
)


class CharterRuleOut(Schema):
    number: int
    text: str


class CharterOut(Schema):
    id: int
    title: str
    body_id: int
    body_name: str
    area_code: str | None = None
    adopted_on: dt.date | None = None
    resolution_id: int | None = None
    has_document: bool
    created_at: dt.datetime

    @staticmethod
    def resolve_body_name(obj: TambonCharter) -> str:
        return obj.body.name_th

    @staticmethod
    def resolve_area_code(obj: TambonCharter) -> str | None:
        return obj.body.area.code if obj.body.area_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_has_document(obj: TambonCharter) -> bool:
        return bool(obj.document)


class CharterDetailOut(CharterOut):
    rules: list[CharterRuleOut]
    can_write: bool = Field(description="whether the caller may amend the rules")

    @staticmethod
    def resolve_rules(obj: Any) -> Any:
        return [{"number": r.number, "text": r.text} for r in obj.rules.all()]

    @staticmethod
    def resolve_can_write(obj: Any) -> Any:
        return obj.api_can_write


class CharterQuery(Schema):
    area_code: str = Field("", max_length=8, description="charters of councils in this area (DOPA code prefix)")


class CharterCreate(InputSchema):
    body_id: int = Field(ge=1, le=2**31 - 1, description="the community council (one whose plans the caller writes)")
    title: str = Field(min_length=1, max_length=300)
    adopted_on: dt.date | None = Field(None, description="ISO date (CE)")
    rules: list[str] = RULES


class CharterDocumentForm(FormInput):
    body_id: int = Field(ge=1, le=2**31 - 1, description="the community council (one whose plans the caller writes)")
    title: str = Field(min_length=1, max_length=300)
    adopted_on: dt.date | None = Field(None, description="ISO date (CE)")
    rules_text: str = Field("", max_length=50_000, description="the rules, one a line (blank lines skipped)")


class CharterRulesIn(InputSchema):
    """Rule n becomes the n-th non-blank text; rules beyond the list are removed."""

    rules: list[str] = RULES


def _detail(request: HttpRequest, charter: TambonCharter) -> TambonCharter:
    charter.api_can_write = may_write_charter(request.user, charter.body)  # type: ignore[attr-defined]
    return charter


@router.get("", response={200: list[CharterOut], **LIST_ERRORS}, summary="Tambon charters / ธรรมนูญตำบล")
@paginate(BoundedPagination)
def charter_list(request: HttpRequest, filters: Query[CharterQuery]) -> Any:
    if nothing_matches(filters.area_code):
        return []
    qs = selectors.charters_visible(request.user)
    if filters.area_code.strip():
        qs = qs.filter(body__area__code__startswith=filters.area_code.strip())
    return qs


# Declared before "/{charter_id}", whose pattern would otherwise take "with-document" as an id.
@router.post(
    "/with-document",
    response={201: CharterDetailOut, **WRITE_ERRORS},
    summary="Record a charter with its document (multipart) / บันทึกธรรมนูญตำบลพร้อมเอกสาร",
)
def charter_create_with_document(
    request: HttpRequest,
    data: Form[CharterDocumentForm],
    document: File[UploadedFile | None] = None,
) -> Any:
    body = _council(request, data.body_id)
    document = file_required(document)
    charter = services.charter_create(
        actor=acting_user(request),
        body=body,
        title=data.title,
        rules=[line.strip() for line in data.rules_text.splitlines() if line.strip()],
        adopted_on=data.adopted_on,
        document=document,
    )
    return Status(201, _detail(request, selectors.charter_get(request.user, charter.pk)))


@router.get("/{charter_id}", response={200: CharterDetailOut, **READ_ERRORS}, summary="One charter / ธรรมนูญ")
def charter_detail(request: HttpRequest, charter_id: PathId) -> Any:
    return _detail(request, selectors.charter_get(request.user, charter_id))


def _council(request: HttpRequest, body_id: int) -> Any:
    body = next((b for b in selectors.charter_bodies(request.user) if b.pk == body_id), None)
    if body is None:  # as the page: only the councils whose plans the caller writes are offered
        raise PermissionDenied(
            bilingual(
                "คุณไม่มีสิทธิ์บันทึกธรรมนูญของสภาองค์กรชุมชนนี้ (ผู้เขียนแผนของสภาบันทึก)",
                "You may not record a charter of this community council (who writes the council's plans does)",
            )
        )
    return body


@router.post("", response={201: CharterDetailOut, **WRITE_ERRORS}, summary="Record a charter / บันทึกธรรมนูญตำบล")
def charter_create(request: HttpRequest, payload: CharterCreate) -> Any:
    body = _council(request, payload.body_id)
    charter = services.charter_create(
        actor=acting_user(request),
        body=body,
        title=payload.title,
        rules=payload.rules,
        adopted_on=payload.adopted_on,
    )
    return Status(201, _detail(request, selectors.charter_get(request.user, charter.pk)))


@router.put(
    "/{charter_id}/rules",
    response={200: CharterDetailOut, **WRITE_ERRORS},
    summary="Add or amend the rules / เพิ่มหรือแก้ไขข้อของธรรมนูญ",
)
def charter_rules(request: HttpRequest, charter_id: PathId, payload: CharterRulesIn) -> Any:
    charter = selectors.charter_get(request.user, charter_id)
    services.charter_rules_set(actor=acting_user(request), charter=charter, rules=payload.rules)
    return _detail(request, selectors.charter_get(request.user, charter_id))


@router.get(
    "/{charter_id}/document",
    response=READ_ERRORS,
    summary="Download the charter's document / ดาวน์โหลดเอกสารธรรมนูญ",
    openapi_extra={"responses": FILE_RESPONSE},
)
def charter_document(request: HttpRequest, charter_id: PathId) -> Any:
    return serve(selectors.charter_get(request.user, charter_id).document, as_attachment=True)
