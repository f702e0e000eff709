"""Programmes, their approval-rule table and their indicators.

The approval rules are data here; ``chumchon.meetings.authority`` decides with them (budgets
registers ``approval_rules_for`` as a rule source from its AppConfig.ready()).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from chumchon.accounts import permissions
from chumchon.accounts.models import Role, User
from chumchon.accounts.permissions import Action
from chumchon.audit.services import audited_create, audited_update
from chumchon.budgets.error_codes import BudgetErrorCode
from chumchon.budgets.models import ZERO, ApprovalRule, IndicatorAggregation, Programme, ProgrammeIndicator
from chumchon.budgets.services.errors import BudgetError
from chumchon.budgets.services.ledger import approval_subject
from chumchon.core.thai import to_decimal_baht
from chumchon.indicators.models import Indicator, IndicatorTarget
from chumchon.meetings import authority
from chumchon.meetings.authority import Authority, Rule, Subject
from chumchon.meetings.models import Resolution
from chumchon.organizations.models import BodyKind


def _as_rule(r: ApprovalRule) -> Rule:
    return Rule(
        body_kind=r.approver_body_kind,
        role=r.approver_role,
        min_amount=r.min_amount,
        max_amount=r.max_amount,
        outside_cluster_body_kind=r.outside_cluster_body_kind,
        outside_cluster_role=r.outside_cluster_role,
        valid_from=r.valid_from,
        valid_until=r.valid_until,
        resolution_id=r.resolution_id,
        source=f"budgets.ApprovalRule {r.pk}",
    )


def approval_rules_for(subject: Subject) -> list[Rule]:
    """The rule source budgets registers into ``meetings.authority.RULE_SOURCES``: a programme's bands."""
    if subject.programme_id is None:
        return []
    return [
        _as_rule(r) for r in ApprovalRule.objects.filter(programme_id=subject.programme_id).order_by("min_amount", "pk")
    ]


def approval_rules_many(subjects: Sequence[Subject]) -> list[list[Rule]]:
    """``approval_rules_for`` of many subjects in one query (``meetings.authority.RULE_BATCH_SOURCES``):
    for each subject, the same rules in the same order."""
    ids = {s.programme_id for s in subjects if s.programme_id is not None}
    by_programme: dict[int, list[Rule]] = {}
    for r in ApprovalRule.objects.filter(programme_id__in=ids).order_by("programme_id", "min_amount", "pk"):
        by_programme.setdefault(r.programme_id, []).append(_as_rule(r))
    return [list(by_programme.get(s.programme_id, [])) if s.programme_id is not None else [] for s in subjects]


def programme_refs_of_year(fiscal_year: int) -> list[authority.ProgrammeRef]:
    """The programmes of a fiscal year for ``meetings.authority.PROGRAMME_SOURCES`` (delegation checks)."""
    return [
        authority.ProgrammeRef(id=p.pk, code=p.code, is_housing=p.is_housing)
        for p in Programme.objects.filter(fiscal_year=fiscal_year).order_by("code")
    ]


def approver_for(*, programme: Programme, amount: Decimal, province_code: str | None = None) -> Authority:
    """Who approves a project of ``amount`` under ``programme`` (asks ``meetings.authority``).

    Given ``province_code`` of a province outside every provincial cluster, a rule decided by the
    cluster working group is answered with its outside-cluster body and role.
    """
    subject = approval_subject(programme=programme, amount=to_decimal_baht(amount), province_code=province_code or "")
    try:
        return authority.authority_for(subject)
    except authority.AuthorityError as exc:
        raise BudgetError(exc.messages[0], code=exc.code) from exc


@transaction.atomic
def programme_create_in_transaction(
    *,
    actor: User,
    code: str,
    fiscal_year: int,
    name_th: str,
    name_en: str = "",
    kind: str = "ordinary",
    national_budget: Decimal = ZERO,
    eligible_body_kinds: list[str] | None = None,
    description: str = "",
) -> Programme:
    permissions.require_write(actor, Action.PROGRAMME_MANAGE, "")
    kinds = list(eligible_body_kinds or [])
    unknown = [k for k in kinds if k not in BodyKind.values]
    if unknown:
        raise BudgetError(
            f"ประเภทองค์กรไม่ถูกต้อง / Unknown body kinds: {', '.join(unknown)}", code=BudgetErrorCode.UNKNOWN_BODY_KIND
        )
    return audited_create(
        Programme,
        actor=actor,
        code=code,
        fiscal_year=fiscal_year,
        name_th=name_th,
        name_en=name_en,
        kind=kind,
        national_budget=to_decimal_baht(national_budget),
        eligible_body_kinds=kinds,
        description=description,
    )


@transaction.atomic
def approval_rule_set_in_transaction(
    *,
    actor: User,
    programme: Programme,
    min_amount: Decimal,
    max_amount: Decimal | None,
    approver_body_kind: str,
    approver_role: str,
    screening_role: str = "",
    outside_cluster_body_kind: str = BodyKind.CODI_REGIONAL_SUBCOMMITTEE,
    outside_cluster_role: str = "regional_subcommittee",
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    resolution: Resolution | None = None,
) -> ApprovalRule:
    """Add an amount band; bands of one programme may not overlap while both are valid.

    ``outside_cluster_*``: who decides instead of a cluster working group for a province outside
    every provincial cluster (Bangkok); by default the CODI regional subcommittee.
    ``valid_from`` / ``valid_until`` (inclusive; empty: open) and ``resolution`` (the committee
    resolution that adopted the rule) date and cite it — ``meetings.authority`` reads both.
    """
    permissions.require_write(actor, Action.PROGRAMME_MANAGE, "")
    low = to_decimal_baht(min_amount)
    high = to_decimal_baht(max_amount) if max_amount is not None else None
    if high is not None and high < low:
        raise BudgetError(
            "วงเงินสูงสุดต้องไม่น้อยกว่าวงเงินต่ำสุด / The upper amount must not be below the lower.",
            code=BudgetErrorCode.BAD_BAND,
        )
    if (
        approver_role not in Role.values
        or outside_cluster_role not in Role.values
        or (screening_role and screening_role not in Role.values)
    ):
        raise BudgetError("บทบาทไม่ถูกต้อง / Unknown role.", code=BudgetErrorCode.UNKNOWN_ROLE)
    if approver_body_kind not in BodyKind.values or outside_cluster_body_kind not in BodyKind.values:
        raise BudgetError("ประเภทองค์กรไม่ถูกต้อง / Unknown body kind.", code=BudgetErrorCode.UNKNOWN_BODY_KIND)
    if valid_from is not None and valid_until is not None and valid_until < valid_from:
        raise BudgetError(
            "วันสิ้นสุดต้องไม่ก่อนวันเริ่มใช้ / The rule cannot end before it starts.", code=BudgetErrorCode.BAD_BAND
        )
    for other in programme.approval_rules.all():
        other_high = other.max_amount
        periods_meet = (valid_until is None or other.valid_from is None or other.valid_from <= valid_until) and (
            other.valid_until is None or valid_from is None or valid_from <= other.valid_until
        )
        if periods_meet and (high is None or other.min_amount <= high) and (other_high is None or low <= other_high):
            raise BudgetError(
                f"ช่วงวงเงินซ้อนกับเกณฑ์เดิม ({other}) / The amount band overlaps an existing rule ({other}).",
                code=BudgetErrorCode.BAND_OVERLAP,
            )
    return audited_create(
        ApprovalRule,
        actor=actor,
        programme=programme,
        min_amount=low,
        max_amount=high,
        approver_body_kind=approver_body_kind,
        approver_role=approver_role,
        screening_role=screening_role,
        outside_cluster_body_kind=outside_cluster_body_kind,
        outside_cluster_role=outside_cluster_role,
        valid_from=valid_from,
        valid_until=valid_until,
        resolution=resolution,
    )


@transaction.atomic
def programme_indicator_set_in_transaction(
    *,
    actor: User,
    programme: Programme,
    code: str,
    name_th: str,
    target: Decimal | int | str,
    name_en: str = "",
    unit: str = "",
    aggregation: str = IndicatorAggregation.SUM,
) -> ProgrammeIndicator:
    """Add a programme indicator, or update the one with this code (projects report to it by code)."""
    permissions.require_write(actor, Action.PROGRAMME_MANAGE, "")
    code = (code or "").strip().upper()
    if not code or len(code) > 32:
        raise BudgetError(
            "ต้องระบุรหัสตัวชี้วัด (ไม่เกิน 32 ตัวอักษร) / An indicator code (up to 32 characters) is required.",
            code=BudgetErrorCode.BAD_INDICATOR,
        )
    if not (name_th or "").strip():
        raise BudgetError("ต้องระบุชื่อตัวชี้วัด / The indicator needs a Thai name.", code=BudgetErrorCode.BAD_INDICATOR)
    if aggregation not in IndicatorAggregation.values:
        raise BudgetError(f"วิธีรวมค่าไม่ถูกต้อง / Unknown aggregation: {aggregation!r}", code=BudgetErrorCode.BAD_INDICATOR)
    try:
        value = Decimal(str(target))
    except ArithmeticError as exc:
        raise BudgetError(f"ค่าเป้าหมายไม่ถูกต้อง / Not a number: {target!r}", code=BudgetErrorCode.BAD_INDICATOR) from exc
    if not value.is_finite() or value <= 0:
        raise BudgetError("ค่าเป้าหมายต้องมากกว่าศูนย์ / The target must be positive.", code=BudgetErrorCode.BAD_INDICATOR)
    fields: dict[str, Any] = {
        "name_th": name_th.strip(),
        "name_en": name_en.strip(),
        "unit": unit.strip(),
        "target": value.quantize(Decimal("0.01")),
        "aggregation": aggregation,
    }
    existing = ProgrammeIndicator.objects.select_for_update().filter(programme=programme, code=code).first()
    if existing is None:
        existing = audited_create(ProgrammeIndicator, actor=actor, programme=programme, code=code, **fields)
    else:
        audited_update(existing, actor=actor, **fields)
    framework_sync(existing, actor=actor)
    return existing


def framework_fields(pi: ProgrammeIndicator) -> dict[str, Any]:
    """The indicators-framework definition of a programme indicator (also used by migration budgets 0007)."""
    measure = f"programme_indicator.{pi.pk}"
    reports = f"programme_indicator_reports.{pi.pk}"
    mean = pi.aggregation == IndicatorAggregation.MEAN
    return {
        "name_th": pi.name_th,
        "name_en": pi.name_en,
        "unit": pi.unit,
        "kind": "formula",
        "level": "subdistrict",
        "formula": f"{measure} / {reports}" if mean else measure,
        "weight_formula": reports if mean else "",
        "aggregation": "weighted" if mean else "sum",
        "target_rule": "inherit" if mean else "split",
        "description": f"{pi.programme.name_th} ({pi.programme.fiscal_year})",
    }


def framework_sync(pi: ProgrammeIndicator, *, actor: User) -> None:
    """Keep the programme indicator's framework indicator and its national target in step."""
    fields = framework_fields(pi)
    if pi.indicator_id is None:
        indicator = audited_create(
            Indicator, actor=actor, code=f"programme-indicator-{pi.pk}", note=f"programme indicator {pi.pk}", **fields
        )
        ProgrammeIndicator.objects.filter(pk=pi.pk).update(indicator=indicator)  # the link is in that audit note
        pi.indicator = indicator
    elif pi.indicator is not None:
        audited_update(pi.indicator, actor=actor, **fields)
    target = IndicatorTarget.objects.filter(
        indicator=pi.indicator, unit="", fiscal_year=pi.programme.fiscal_year
    ).first()
    if target is None:
        audited_create(
            IndicatorTarget,
            actor=actor,
            indicator=pi.indicator,
            unit="",
            fiscal_year=pi.programme.fiscal_year,
            value=pi.target,
            set_by=actor if getattr(actor, "pk", None) else None,
        )
    elif target.value != pi.target:
        audited_update(target, actor=actor, value=pi.target)


# The entry points views, the API and jobs call: each in its own durable transaction. The
# ``*_in_transaction`` forms above do the same work inside a caller's transaction (the demo);
# a durable block cannot nest.
programme_create = transaction.atomic(durable=True)(programme_create_in_transaction)
approval_rule_set = transaction.atomic(durable=True)(approval_rule_set_in_transaction)
programme_indicator_set = transaction.atomic(durable=True)(programme_indicator_set_in_transaction)
