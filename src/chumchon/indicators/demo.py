"""The demo's indicators: CODI's track targets (6,000 strong welfare funds, 3,500 tambons in the
community-economy track, area-based budgeting piloted in 100 tambons) as reported indicators with
national targets split down the tree, a handful of formula indicators (one per aggregation) computed
from the demo's own data, typed values for the demo district over three fiscal years, and approvals:
last year approved up to the cluster, this year one tambon submitted and the demo tambon still a draft.

Runs after every app that contributes measures; uses only the nestable service forms.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from chumchon.accounts.models import Role
from chumchon.areas.models import Area
from chumchon.indicators import services, units
from chumchon.indicators.models import Indicator, IndicatorValue

D = Decimal

TRACKS = [
    # code, Thai, English, unit, aggregation, national target
    ("codi-strong-welfare-funds", "กองทุนสวัสดิการชุมชนที่เข้มแข็ง", "Strong community welfare funds", "กองทุน", "latest", 6000),
    (
        "codi-community-economy-tambons",
        "ตำบลในเส้นทางเศรษฐกิจชุมชน",
        "Tambons in the community-economy track",
        "ตำบล",
        "sum",
        3500,
    ),
    (
        "codi-area-based-budgeting",
        "ตำบลนำร่องการจัดทำงบประมาณเชิงพื้นที่",
        "Tambons piloting area-based budgeting",
        "ตำบล",
        "sum",
        100,
    ),
]

FORMULAS: list[dict[str, Any]] = [
    {
        "code": "welfare-funds-active",
        "name_th": "กองทุนสวัสดิการชุมชนที่ดำเนินการอยู่",
        "name_en": "Active community welfare funds",
        "unit": "กองทุน",
        "formula": "organizations.welfare_funds",
        "aggregation": "sum",
    },
    {
        "code": "closed-case-share",
        "name_th": "สัดส่วนครัวเรือนเป้าหมายที่มีกรณีในสมุดพกปิดแล้ว",
        "name_en": "Share of target households with a closed Logbook case",
        "unit": "%",
        "formula": "poverty.households_closed",
        "denominator": "poverty.target_households",
        "aggregation": "share",
        "target_rule": "inherit",
    },
    {
        "code": "one-plan-tambons",
        "name_th": "ตำบลที่มีแผนพัฒนาตำบล (One Plan) ที่รับรองแล้ว",
        "name_en": "Tambons with an adopted One Plan",
        "unit": "ตำบล",
        "formula": "plans.one_plan_adopted",
        "aggregation": "sum",
    },
    {
        "code": "welfare-fund-members-average",
        "name_th": "สมาชิกกองทุนสวัสดิการเฉลี่ยต่อตำบล",
        "name_en": "Welfare fund members per tambon (average)",
        "unit": "คน",
        "formula": "organizations.welfare_fund_members",
        "aggregation": "average",
        "target_rule": "inherit",
    },
    {
        "code": "money-per-project",
        "name_th": "งบประมาณที่อนุมัติเฉลี่ยต่อโครงการ",
        "name_en": "Money approved per project",
        "unit": "บาท",
        "formula": "projects.approved_amount / projects.approved",
        "weight_formula": "projects.approved",
        "aggregation": "weighted",
        "target_rule": "inherit",
    },
    {
        "code": "province-allocation",
        "name_th": "งบประมาณที่จัดสรรให้จังหวัด",
        "name_en": "Money allocated to the province",
        "unit": "บาท",
        "level": "province",
        "formula": "budgets.allocated",
        "aggregation": "sum",
    },
]

TARGETS = {"closed-case-share": 30, "one-plan-tambons": 1500, "welfare-fund-members-average": 300}


def _indicator(admin: Any, code: str, **fields: Any) -> Indicator:
    found = Indicator.objects.filter(code=code).first()
    if found is not None:
        return found
    return services.indicator_create_in_transaction(actor=admin, code=code, **fields)


def generate(ctx: Any) -> None:
    users = ctx.shared.get("users", {})
    admin = users.get(Role.NATIONAL_ADMIN)
    secretary = users.get(Role.TAMBON_COUNCIL_SECRETARY)
    pwg = users.get(Role.PROVINCIAL_WORKING_GROUP_MEMBER)
    cluster = users.get(Role.CLUSTER_WORKING_GROUP_MEMBER)
    if admin is None:
        return
    year = ctx.fiscal_year
    years = [year - 2, year - 1, year]
    tracks = []
    for code, name_th, name_en, unit, agg, target in TRACKS:
        ind = _indicator(admin, code, name_th=name_th, name_en=name_en, unit=unit, aggregation=agg, kind="reported")
        tracks.append(ind)
        for y in years:
            services.target_set_in_transaction(actor=admin, indicator=ind, unit="", fiscal_year=y, value=D(target))
    for spec in FORMULAS:
        fields = {k: v for k, v in spec.items() if k != "code"}
        ind = _indicator(admin, spec["code"], kind="formula", **fields)
        if spec["code"] in TARGETS:
            for y in years:
                services.target_set_in_transaction(
                    actor=admin, indicator=ind, unit="", fiscal_year=y, value=D(TARGETS[spec["code"]])
                )
    computed = {}
    for y in years:
        computed[y] = services.values_refresh_in_transaction(fiscal_year=y)
    ctx.shared["indicators_computed"] = computed

    # Typed values for the demo district's tambons (the secretary's tambon first).
    role = secretary.roles.select_related("area").first() if secretary is not None else None
    demo_tambon = role.area.code if role is not None and role.area is not None else "240104"
    district = Area.objects.filter(code=demo_tambon[:4]).first()
    if district is None or pwg is None or IndicatorValue.objects.filter(indicator__in=tracks).exists():
        return
    tambons = list(Area.objects.filter(parent=district).order_by("code").values_list("code", flat=True))
    rng = ctx.rng
    for y in years:
        for n, code in enumerate(tambons):
            if y == year and code == demo_tambon:
                continue  # left for the demo's tambon secretary to type and submit
            for i, ind in enumerate(tracks):
                value = D(rng.randint(0, 3)) if i == 0 else D(1 if rng.random() < (0.5 if i == 1 else 0.1) else 0)
                services.value_enter_in_transaction(
                    actor=pwg, indicator=ind, area_code=code, fiscal_year=y, value=value
                )
            if y < year or n == 0:
                services.period_submit_in_transaction(actor=pwg, unit=code, fiscal_year=y)
            if y < year:
                services.period_approve_in_transaction(actor=pwg, unit=code, fiscal_year=y)
        if y < year and cluster is not None:
            province = demo_tambon[:2]
            services.period_approve_in_transaction(actor=cluster, unit=province, fiscal_year=y)
    # The demo tambon's own draft for this year: one value typed, not yet submitted.
    services.value_enter_in_transaction(
        actor=pwg, indicator=tracks[0], area_code=demo_tambon, fiscal_year=year, value=D(2)
    )
    ctx.shared["indicators_typed_tambons"] = tambons
    ctx.shared["indicators_cluster"] = units.approval_parent(demo_tambon[:2])
