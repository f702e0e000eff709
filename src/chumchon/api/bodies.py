"""/api/bodies — community bodies, committees and agencies (องค์กร) in the caller's scope.

No ``from __future__ import annotations`` here: django-ninja reads the real annotations.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action
from chumchon.api._writes import PathId
from chumchon.api.lookups import area_from_body, missing
from chumchon.api.schemas import (
    AREA_CODE,
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    BoundedPagination,
    ErrorOut,
    InputSchema,
    Money,
)
from chumchon.areas.models import CodiRegion, ProvincialCluster, ScopeKind
from chumchon.audit.selectors import change_rows, record_type_label
from chumchon.core.thai import be_year
from chumchon.organizations import selectors as org_selectors
from chumchon.organizations.models import (
    COUNCIL_KINDS,
    BenefitKind,
    Body,
    BodyKind,
    BodyLeader,
    BodyStatus,
    LeaderPosition,
    WelfareBenefit,
    WelfareFundYear,
)
from chumchon.organizations.services import (
    body_create,
    body_update,
    leader_add,
    leader_remove,
    welfare_benefit_pay,
    welfare_year_save,
)

router = Router(tags=["bodies"])


class BodyScopeOut(Schema):
    """What every body is, wherever the API shows one (a committee under /api/meetings too): its kind,
    names and the scope it serves, as codes."""

    id: int
    kind: str
    name_th: str
    name_en: str
    scope_kind: str
    area_code: str | None = None
    region: str | None = None
    cluster: str | None = None
    term_ends_on: dt.date | None = None
    is_active: bool

    @staticmethod
    def resolve_area_code(obj: Body) -> str | None:
        return obj.area.code if obj.area_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_region(obj: Body) -> str | None:
        return obj.region.code if obj.region_id else None  # type: ignore[union-attr]

    @staticmethod
    def resolve_cluster(obj: Body) -> str | None:
        return obj.cluster.code if obj.cluster_id else None  # type: ignore[union-attr]


class BodyOut(BodyScopeOut):
    registration_number: str
    status: str
    registered_on: dt.date | None = None
    member_of: int | None = Field(None, description="id of the community council the body is a member of")
    founded_on: dt.date | None = None
    member_count: int

    @staticmethod
    def resolve_member_of(obj: Body) -> int | None:
        return obj.member_of_id


class BodyPatch(InputSchema):
    name_th: str | None = Field(None, min_length=1, max_length=300)
    name_en: str | None = Field(None, max_length=300)
    registration_number: str | None = Field(None, max_length=64)
    founded_on: dt.date | None = None
    term_ends_on: dt.date | None = None
    member_count: int | None = Field(None, ge=0, le=2_147_483_647)
    is_active: bool | None = None


class BodyIn(InputSchema):
    """A new body: its kind, names and the scope it serves (an area by DOPA code, a CODI region or a
    provincial cluster by code, or the nation), as on the registry's form."""

    kind: BodyKind
    name_th: str = Field(min_length=1, max_length=300)
    name_en: str = Field("", max_length=300)
    scope_kind: ScopeKind = Field(ScopeKind.AREA, description="area, region, cluster or nation")
    area_code: str = Field("", max_length=8, pattern=AREA_CODE)
    region: str = Field("", max_length=16, description="CODI region code (scope region)")
    cluster: str = Field("", max_length=16, description="provincial cluster code (scope cluster)")
    registration_number: str = Field("", max_length=64)
    founded_on: dt.date | None = None
    term_ends_on: dt.date | None = None
    member_count: int = Field(0, ge=0, le=2_147_483_647)
    status: BodyStatus | None = None
    registered_on: dt.date | None = None
    member_of: str = Field("", max_length=64, description="registration number of the community council")
    address: str = Field("", max_length=500)
    phone: str = Field("", max_length=64)
    email: str = Field("", max_length=254)


class BodyQuery(Schema):
    kind: str = Field("", max_length=40)
    q: str = Field("", max_length=200)
    area_code: str = Field("", max_length=8, pattern=AREA_CODE, description="bodies serving this area or one inside it")
    status: str = Field("", max_length=16)


def _body_or_404(body_id: int) -> Body:
    body = org_selectors.body_get(body_id)
    if body is None:
        raise Http404
    return body


@router.get("", response={200: list[BodyOut], **LIST_ERRORS}, summary="Bodies in my scope / องค์กรในพื้นที่")
@paginate(BoundedPagination)
def body_list(request: HttpRequest, filters: Query[BodyQuery]) -> Any:
    if "\x00" in filters.kind + filters.q + filters.area_code + filters.status:
        return []  # stored text never holds NUL (PostgreSQL cannot), so nothing matches
    return org_selectors.body_list(
        request.user, kind=filters.kind, q=filters.q, area_code=filters.area_code.strip(), status=filters.status
    )


@router.post("", response={201: BodyOut, **WRITE_ERRORS}, summary="Register a body / ขึ้นทะเบียนองค์กร")
def body_post(request: HttpRequest, payload: BodyIn) -> Any:
    """The registry form's fields; the service checks ORG_EDIT over the scope (403) and the fields (400)."""
    data = payload.dict()
    simple = ("registration_number", "founded_on", "term_ends_on", "member_count", "registered_on", "address")
    fields: dict[str, Any] = {k: data[k] for k in (*simple, "phone", "email")}
    if data["status"]:
        fields["status"] = data["status"]
    if data["member_of"].strip():
        council = Body.objects.filter(kind__in=COUNCIL_KINDS, registration_number=data["member_of"].strip()).first()
        if council is None:
            raise missing(
                "member_of", "ไม่พบสภาองค์กรชุมชนเลขทะเบียนนี้", "No community council has this registration number"
            )
        fields["member_of"] = council
    region = cluster = None
    if data["region"].strip():
        region = CodiRegion.objects.filter(code=data["region"].strip()).first()
        if region is None:
            raise missing("region", "ไม่พบภาค", "No CODI region has this code")
    if data["cluster"].strip():
        cluster = ProvincialCluster.objects.filter(code=data["cluster"].strip()).first()
        if cluster is None:
            raise missing("cluster", "ไม่พบกลุ่มจังหวัด", "No provincial cluster has this code")
    area = area_from_body(data["area_code"]) if data["area_code"].strip() else None
    body = body_create(
        actor=acting_user(request),
        kind=data["kind"],
        name_th=data["name_th"],
        name_en=data["name_en"],
        scope_kind=data["scope_kind"],
        area=area,
        region=region,
        cluster=cluster,
        **fields,
    )
    return Status(201, _reload(body))


@router.get("/{body_id}", response={200: BodyOut, **READ_ERRORS}, summary="One body / ข้อมูลองค์กร")
def body_detail(request: HttpRequest, body_id: int) -> Any:
    body = _body_or_404(body_id)
    permissions.require_read(request.user, Action.ORG_VIEW, body)
    return body


@router.patch("/{body_id}", response={200: BodyOut, **WRITE_ERRORS}, summary="Change a body / แก้ไของค์กร")
def body_patch(request: HttpRequest, body_id: int, payload: BodyPatch) -> Any:
    body = _body_or_404(body_id)
    # Out of scope answers as missing (404), as pages do; visible but not changeable is 403 (the service).
    permissions.require_read(request.user, Action.ORG_VIEW, body)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items()}
    for required in ("name_th", "member_count", "is_active", "registration_number", "name_en"):
        if required in changes and changes[required] is None:
            del changes[required]  # null means "leave as is" for fields that cannot be empty
    return _reload(body_update(body=body, actor=acting_user(request), **changes))


def _reload(body: Body) -> Body:
    return org_selectors.body_get(body.pk) or body


# --- Leaders and committee members (personal data: national IDs masked unless PERSON_VIEW_ID)


class LeaderOut(Schema):
    id: int
    position: str
    name: str
    national_id: str = Field(description="masked (x-xxxx-xxxxx-12-3) unless the caller may see it in clear")
    phone: str
    since: dt.date | None = None
    until: dt.date | None = None


class LeaderIn(InputSchema):
    position: LeaderPosition
    name: str = Field(min_length=1, max_length=200)
    national_id: str = Field("", max_length=17)
    phone: str = Field("", max_length=64)
    since: dt.date | None = None
    until: dt.date | None = None


def _leader_rows(request: HttpRequest, body: Body) -> list[dict[str, Any]]:
    # The same selector as the body's page: masks IDs, and records a read in clear in the audit trail.
    rows, _shown = org_selectors.leaders_of(body, request.user, actor=acting_user(request))
    return [
        {
            "id": r.leader.pk,
            "position": r.leader.position,
            "name": r.leader.name,
            "national_id": r.national_id,
            "phone": r.leader.phone,
            "since": r.leader.since,
            "until": r.leader.until,
        }
        for r in rows
    ]


@router.get(
    "/{body_id}/leaders",
    response={200: list[LeaderOut], **READ_ERRORS},
    summary="Leaders and committee members / ผู้นำและกรรมการ",
)
def leader_list(request: HttpRequest, body_id: int) -> Any:
    body = _body_or_404(body_id)
    permissions.require_read(request.user, Action.ORG_VIEW, body)
    return _leader_rows(request, body)


@router.post(
    "/{body_id}/leaders",
    response={201: LeaderOut, **WRITE_ERRORS},
    summary="Add a leader or committee member / เพิ่มผู้นำหรือกรรมการ",
)
def leader_post(request: HttpRequest, body_id: int, payload: LeaderIn) -> Any:
    body = _body_or_404(body_id)
    permissions.require_read(request.user, Action.ORG_VIEW, body)
    leader = leader_add(body=body, actor=acting_user(request), **payload.dict())
    return Status(201, next(r for r in _leader_rows(request, body) if r["id"] == leader.pk))


@router.delete(
    "/{body_id}/leaders/{leader_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove a leader or committee member / ลบผู้นำหรือกรรมการ",
)
def leader_delete(request: HttpRequest, body_id: int, leader_id: int) -> Any:
    body = _body_or_404(body_id)
    permissions.require_read(request.user, Action.ORG_VIEW, body)
    leader = get_object_or_404(BodyLeader.objects.select_related("body"), pk=leader_id, body=body)
    leader_remove(leader=leader, actor=acting_user(request))
    return Status(204, None)


# --- Community welfare funds: a year's figures and the benefits paid


class BenefitOut(Schema):
    id: int
    kind: str
    amount: Decimal
    recipients: int
    paid_on: dt.date
    note: str


class WelfareYearOut(Schema):
    year: int = Field(description="Buddhist Era")
    members_under_18: int
    members_18_59: int
    members_60_plus: int
    opening_balance: Decimal
    contributions: Decimal
    matching_local: Decimal
    matching_national: Decimal
    other_income: Decimal
    admin_expense: Decimal
    benefits: list[BenefitOut]

    @staticmethod
    def resolve_benefits(obj: WelfareFundYear) -> list[WelfareBenefit]:
        return sorted(obj.benefits.all(), key=lambda b: (b.paid_on, b.pk))


class WelfareYearIn(InputSchema):
    year: int = Field(ge=2500, le=2700, description="Buddhist Era")
    members_under_18: int = Field(0, ge=0, le=2_147_483_647)
    members_18_59: int = Field(0, ge=0, le=2_147_483_647)
    members_60_plus: int = Field(0, ge=0, le=2_147_483_647)
    opening_balance: Money = Decimal(0)
    contributions: Money = Decimal(0)
    matching_local: Money = Decimal(0)
    matching_national: Money = Decimal(0)
    other_income: Money = Decimal(0)
    admin_expense: Money = Decimal(0)


class BenefitIn(InputSchema):
    year: int = Field(ge=2500, le=2700, description="Buddhist Era")
    kind: BenefitKind
    amount: Money
    recipients: int = Field(1, ge=1, le=2_147_483_647)
    paid_on: dt.date
    note: str = Field("", max_length=300)


def _fund_or_404(request: HttpRequest, body_id: int) -> Body:
    fund = _body_or_404(body_id)
    permissions.require_read(request.user, Action.ORG_VIEW, fund)
    if fund.kind != BodyKind.WELFARE_FUND:
        raise Http404
    return fund


def _fund_year(fund: Body, year: int) -> WelfareFundYear:
    return WelfareFundYear.objects.prefetch_related("benefits").get(fund=fund, year=year)


@router.get(
    "/{body_id}/welfare-years",
    response={200: list[WelfareYearOut], **READ_ERRORS},
    summary="A welfare fund's yearly figures / ข้อมูลรายปีของกองทุนสวัสดิการ",
)
def welfare_year_list(request: HttpRequest, body_id: int) -> Any:
    fund = _fund_or_404(request, body_id)
    return list(WelfareFundYear.objects.filter(fund=fund).prefetch_related("benefits").order_by("year"))


@router.post(
    "/{body_id}/welfare-years",
    response={200: WelfareYearOut, **WRITE_ERRORS},
    summary="Record a fund's year / บันทึกข้อมูลรายปีของกองทุน",
)
def welfare_year_post(request: HttpRequest, body_id: int, payload: WelfareYearIn) -> Any:
    """Records or corrects the year (the same service as the fund's page: ORG_EDIT, no deficit)."""
    fund = _fund_or_404(request, body_id)
    values = payload.dict()
    year = values.pop("year")
    welfare_year_save(fund=fund, actor=acting_user(request), year=year, **values)
    return _fund_year(fund, year)


@router.post(
    "/{body_id}/welfare-benefits",
    response={201: WelfareYearOut, **WRITE_ERRORS},
    summary="Record benefits paid / บันทึกการจ่ายสวัสดิการ",
)
def welfare_benefit_post(request: HttpRequest, body_id: int, payload: BenefitIn) -> Any:
    fund = _fund_or_404(request, body_id)
    welfare_benefit_pay(fund=fund, actor=acting_user(request), **payload.dict())
    return Status(201, _fund_year(fund, payload.year))


# ---------------------------------------------------------------------------------------------
# Reads the body pages show besides the record: a council's member organisations, the body's history
# (to who may edit or audit it, as the history page), and the welfare funds' roll-up over an area


@router.get(
    "/{body_id}/members",
    response={200: list[BodyOut], **READ_ERRORS},
    summary="A council's member organisations / องค์กรสมาชิกของสภา",
)
@paginate(BoundedPagination)
def body_members(request: HttpRequest, body_id: PathId) -> Any:
    body = _body_or_404(body_id)
    permissions.require_read(request.user, Action.ORG_VIEW, body)
    if body.kind not in COUNCIL_KINDS:
        return Body.objects.none()
    return org_selectors.member_organisations(body, request.user)


class BodyChangeOut(Schema):
    field: str
    label: str
    before: str | None = None
    after: str | None = None


class BodyHistoryOut(Schema):
    at: dt.datetime
    actor: str | None = None
    action: str
    record_type: str
    record: str
    note: str
    changes: list[BodyChangeOut]


@router.get(
    "/{body_id}/history",
    response={200: list[BodyHistoryOut], **READ_ERRORS, 403: ErrorOut},
    summary="Every recorded change of the body / ประวัติการแก้ไของค์กร",
)
@paginate(BoundedPagination)
def body_history(request: HttpRequest, body_id: PathId) -> Any:
    body = _body_or_404(body_id)
    permissions.require_read(request.user, Action.ORG_VIEW, body)  # out of scope: 404
    if not permissions.can(request.user, Action.AUDIT_VIEW, body):
        permissions.require_write(request.user, Action.ORG_EDIT, body)  # 403 with the reason, as the page
    return [
        {
            "at": e.at,
            "actor": e.actor.username if e.actor else None,
            "action": e.action,
            "record_type": str(record_type_label(e.model_label)),
            "record": e.object_repr,
            "note": e.note,
            "changes": [
                {
                    "field": c.field,
                    "label": str(c.label),
                    "before": None if c.before is None else str(c.before),
                    "after": None if c.after is None else str(c.after),
                }
                for c in change_rows(e)
            ],
        }
        for e in org_selectors.body_history(body)[:5000]
    ]


class WelfareRollupRowOut(Schema):
    code: str
    label: str
    funds: int
    members: int
    members_under_18: int
    members_18_59: int
    members_60_plus: int
    expected_contributions: Decimal
    contributions: Decimal
    contribution_pct: Decimal | None = None
    matching_local: Decimal
    matching_national: Decimal
    other_income: Decimal
    admin_expense: Decimal
    benefits: Decimal
    benefits_by_kind: dict[str, Decimal]
    closing: Decimal
    strong: int = Field(description="funds rated strong")


class WelfareRollupOut(Schema):
    scope: str
    scope_label: str
    year: int = Field(description="B.E.")
    years: list[int]
    total: WelfareRollupRowOut
    rows: list[WelfareRollupRowOut]


class WelfareRollupQuery(Schema):
    scope: str | None = Field(
        None,
        max_length=8,
        pattern=r"^(TH|R[0-9]{1,2}|[0-9]{2,6})$",
        description="TH (the nation), a CODI region (R5) or an area; left out: the widest the caller sees",
    )
    year: int | None = Field(None, ge=2400, le=2800, description="B.E.; left out: the latest with figures")


@router.get(
    "/welfare/rollup",
    response={200: WelfareRollupOut, **READ_ERRORS},
    summary="Welfare funds summed over an area / ภาพรวมกองทุนสวัสดิการชุมชน",
)
def welfare_rollup(request: HttpRequest, filters: Query[WelfareRollupQuery]) -> Any:
    scope = org_selectors.WelfareScope.resolve(filters.scope, request.user)
    if scope is None:
        raise Http404
    permissions.require_read(request.user, Action.ORG_VIEW, scope.prefixes)
    years = org_selectors.welfare_years(scope.prefixes)
    year = filters.year or (years[0] if years else be_year(timezone.localdate().year))
    total, rows = org_selectors.welfare_rollup(scope.prefixes, year, group_by=scope.group_by())
    return {
        "scope": scope.code or "TH",
        "scope_label": scope.label,
        "year": year,
        "years": years,
        "total": total,
        "rows": rows,
    }
