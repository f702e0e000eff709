"""Every write of the indicators domain: definitions, targets, typed values, the refresh of computed
values, and the level-by-level approval (submit → approve, return, un-approve).

Entry points are durable transactions; each has a nestable ``<name>_in_transaction`` form beside it.
Bad input is refused with a bilingual ``ValidationError`` and changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from chumchon.accounts import permissions
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area
from chumchon.audit.services import audit_record, audited_create, audited_update
from chumchon.core import tabular
from chumchon.core.bilingual import bilingual
from chumchon.core.jobs import Progress, register_job
from chumchon.indicators import events, formula, selectors, units
from chumchon.indicators.error_codes import IndicatorErrorCode as E
from chumchon.indicators.measures import measure_values
from chumchon.indicators.models import (
    Aggregation,
    ApprovalState,
    Indicator,
    IndicatorKind,
    IndicatorLevel,
    IndicatorTarget,
    IndicatorValue,
    PeriodApproval,
    UnitLevel,
    ValueSource,
)

__all__ = [
    "indicator_create",
    "indicator_create_in_transaction",
    "indicator_update",
    "indicator_update_in_transaction",
    "period_approve",
    "period_approve_in_transaction",
    "period_return",
    "period_return_in_transaction",
    "period_submit",
    "period_submit_in_transaction",
    "period_unapprove",
    "period_unapprove_in_transaction",
    "target_set",
    "target_set_in_transaction",
    "value_enter",
    "value_enter_in_transaction",
    "values_import",
    "values_import_in_transaction",
    "values_refresh",
    "values_refresh_in_transaction",
]

DEFINITION_FIELDS = (
    "name_th",
    "name_en",
    "unit",
    "level",
    "kind",
    "formula",
    "denominator",
    "weight_formula",
    "aggregation",
    "target_rule",
    "description",
    "is_active",
)


def _error(code: E, th: str, en: str) -> ValidationError:
    return ValidationError(bilingual(th, en), code=code)


# --- definitions ------------------------------------------------------------------------------


def _check_definition(fields: dict[str, Any]) -> None:
    kind = fields.get("kind", IndicatorKind.REPORTED)
    agg = fields.get("aggregation", Aggregation.SUM)
    if kind == IndicatorKind.FORMULA:
        if not fields.get("formula"):
            raise _error(E.FORMULA_SYNTAX, "ตัวชี้วัดที่คำนวณจากข้อมูลต้องมีสูตร", "A computed indicator needs a formula")
        formula.check(fields["formula"])
        if agg == Aggregation.SHARE:
            if not fields.get("denominator"):
                raise _error(E.FORMULA_SYNTAX, "สัดส่วนต้องมีสูตรตัวหาร", "A share needs a denominator formula")
            formula.check(fields["denominator"])
        if agg == Aggregation.WEIGHTED:
            if not fields.get("weight_formula"):
                raise _error(
                    E.FORMULA_SYNTAX, "ค่าเฉลี่ยถ่วงน้ำหนักต้องมีสูตรน้ำหนัก", "A weighted average needs a weight formula"
                )
            formula.check(fields["weight_formula"])


def indicator_create_in_transaction(*, actor: User, code: str = "", **fields: Any) -> Indicator:
    permissions.require_write(actor, Action.INDICATOR_DEFINE, "")
    unknown = set(fields) - set(DEFINITION_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    _check_definition(fields)
    code = code or slugify(fields.get("name_en") or "")[:48] or "indicator"
    if Indicator.objects.filter(code=code).exists():
        code = f"{code[:48]}-{uuid.uuid4().hex[:8]}"
    return audited_create(Indicator, actor=actor, code=code, **fields)


indicator_create = transaction.atomic(durable=True)(indicator_create_in_transaction)


def indicator_update_in_transaction(*, actor: User, indicator: Indicator, **changes: Any) -> Indicator:
    permissions.require_write(actor, Action.INDICATOR_DEFINE, "")
    unknown = set(changes) - set(DEFINITION_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    merged = {f: getattr(indicator, f) for f in DEFINITION_FIELDS} | changes
    _check_definition(merged)
    return audited_update(indicator, actor=actor, **changes)


indicator_update = transaction.atomic(durable=True)(indicator_update_in_transaction)


# --- targets ----------------------------------------------------------------------------------


def target_set_in_transaction(
    *, actor: User, indicator: Indicator, unit: str, fiscal_year: int, value: Decimal
) -> IndicatorTarget:
    """Set the target of ``indicator`` at ``unit`` (nation ``""``, ``region:R5``, ``cluster:C08`` or an
    area code) for a fiscal year. Areas below take it by the indicator's target rule."""
    units.unit_check(unit)
    if not permissions.can(actor, Action.INDICATOR_DEFINE, units.codes_of(unit)):
        raise _error(
            E.OUTSIDE_SCOPE,
            f"ตั้งค่าเป้าหมายของ{units.unit_name(unit)}ไม่ได้ เพราะอยู่นอกพื้นที่ที่ท่านรับผิดชอบ",
            f"You cannot set a target for {units.unit_name(unit)}: it is outside your area",
        )
    existing = IndicatorTarget.objects.filter(indicator=indicator, unit=unit, fiscal_year=fiscal_year).first()
    if existing is not None:
        return audited_update(existing, actor=actor, value=value, set_by=actor, set_at=timezone.now())
    return audited_create(
        IndicatorTarget, actor=actor, indicator=indicator, unit=unit, fiscal_year=fiscal_year, value=value, set_by=actor
    )


target_set = transaction.atomic(durable=True)(target_set_in_transaction)


# --- typed values -----------------------------------------------------------------------------


def _unit_level(unit: str) -> str:
    return {
        "subdistrict": UnitLevel.SUBDISTRICT,
        "province": UnitLevel.PROVINCE,
        "cluster": UnitLevel.CLUSTER,
        "region": UnitLevel.REGION,
    }.get(units.level_of(unit), "")


def _approval_row(unit: str, fiscal_year: int, *, lock: bool = True) -> PeriodApproval:
    qs = PeriodApproval.objects.select_for_update() if lock else PeriodApproval.objects
    row, _created = qs.get_or_create(unit=unit, fiscal_year=fiscal_year, defaults={"level": _unit_level(unit)})
    return row


def _ensure_chain(unit: str, fiscal_year: int, pmap: units.ProvinceMap) -> None:
    """Approval rows for every unit above (so each level knows it has something below to approve)."""
    above = units.approval_parent(unit, pmap)
    while above:
        PeriodApproval.objects.get_or_create(
            unit=above, fiscal_year=fiscal_year, defaults={"level": _unit_level(above)}
        )
        above = units.approval_parent(above, pmap)


def _locked_error(unit: str, fiscal_year: int, state: str) -> ValidationError:
    name = units.unit_name(unit)
    if state == ApprovalState.APPROVED:
        return _error(
            E.PERIOD_LOCKED,
            f"ค่าของ{name} ปีงบประมาณ {fiscal_year} ได้รับการรับรองแล้ว แก้ไขไม่ได้",
            f"The values of {name} for fiscal year {fiscal_year} are approved and cannot be changed",
        )
    return _error(
        E.PERIOD_LOCKED,
        f"ค่าของ{name} ปีงบประมาณ {fiscal_year} ส่งรับรองแล้ว ต้องให้ผู้รับรองส่งกลับก่อนจึงแก้ไขได้",
        f"The values of {name} for fiscal year {fiscal_year} were submitted; they can be changed once returned",
    )


def value_enter_in_transaction(
    *,
    actor: User,
    indicator: Indicator,
    area_code: str,
    fiscal_year: int,
    value: Decimal,
    weight: Decimal | None = None,
) -> IndicatorValue:
    """Type a value of a reported indicator for an area and fiscal year (a draft until approved)."""
    if indicator.kind != IndicatorKind.REPORTED:
        raise _error(
            E.NOT_REPORTED,
            "ตัวชี้วัดนี้คำนวณจากข้อมูลในระบบ ไม่ต้องกรอก",
            "This indicator is computed from the data; it is not typed in",
        )
    level = units.level_of(area_code)
    if level != indicator.level or not Area.objects.filter(code=area_code).exists():
        raise _error(
            E.WRONG_LEVEL,
            f"ตัวชี้วัดนี้กรอกระดับ{IndicatorLevel(indicator.level).label}",
            f"This indicator is entered per {IndicatorLevel(indicator.level).label}",
        )
    if indicator.aggregation in (Aggregation.SHARE, Aggregation.WEIGHTED) and weight is None:
        raise _error(
            E.FORMULA_SYNTAX,
            "ตัวชี้วัดนี้ต้องกรอกตัวหาร (หรือน้ำหนัก) ด้วย",
            "This indicator needs its denominator (or weight) as well",
        )
    permissions.require_write(actor, Action.INDICATOR_ENTER, area_code)
    approval = _approval_row(area_code, fiscal_year)
    if approval.state != ApprovalState.DRAFT:
        raise _locked_error(area_code, fiscal_year, approval.state)
    if not approval.has_manual_values:
        approval.has_manual_values = True
        approval.save(update_fields=["has_manual_values"])
    _ensure_chain(area_code, fiscal_year, units.province_map())
    row = selectors.current_row(indicator, area_code, fiscal_year)
    if row is not None and not row.frozen:
        return audited_update(
            row,
            actor=actor,
            value=value,
            weight=weight,
            source=ValueSource.MANUAL,
            entered_by=actor,
            entered_at=timezone.now(),
        )
    return audited_create(
        IndicatorValue,
        actor=actor,
        indicator=indicator,
        area_code=area_code,
        fiscal_year=fiscal_year,
        revision=(row.revision + 1) if row else 1,
        value=value,
        weight=weight,
        source=ValueSource.MANUAL,
        entered_by=actor,
    )


value_enter = transaction.atomic(durable=True)(value_enter_in_transaction)


# --- Excel import (all or nothing) ------------------------------------------------------------

IMPORT_COLUMNS = [
    tabular.ColumnSpec("area_code", "รหัสพื้นที่", "Area code", True, ("รหัสตำบล", "รหัสจังหวัด", "code")),
    tabular.ColumnSpec("indicator", "ตัวชี้วัด", "Indicator", True, ("ชื่อตัวชี้วัด", "indicator name")),
    tabular.ColumnSpec("fiscal_year", "ปีงบประมาณ", "Fiscal year", True, ("ปีงบประมาณ (พ.ศ.)", "year")),
    tabular.ColumnSpec("value", "ค่า", "Value", True, ("ผลการดำเนินงาน", "result")),
    tabular.ColumnSpec("weight", "ตัวหารหรือน้ำหนัก", "Denominator or weight", False, ("ตัวหาร", "น้ำหนัก", "weight")),
]


@dataclass
class ImportResult:
    written: int
    errors: tabular.RowErrors


class _Abort(Exception):
    pass


def _split(exc: ValidationError) -> tuple[str, str]:
    text = " ".join(exc.messages)
    th, sep, en = text.partition(" / ")
    return (th, en) if sep else (text, text)


def _parse_rows(
    table: tabular.Table, mapping: dict[str, str], errors: tabular.RowErrors
) -> list[tuple[int, Indicator, str, int, Decimal, Decimal | None]]:
    by_name: dict[str, Indicator] = {}
    for ind in Indicator.objects.filter(is_active=True, kind=IndicatorKind.REPORTED):
        for key in (ind.name_th, ind.name_en):
            if key:
                by_name[key.strip().casefold()] = ind
    parsed = []
    for number, row in tabular.mapped_rows(table, mapping):
        try:
            code = tabular.parse_text(row.get("area_code"), max_length=8) or ""
            name = (tabular.parse_text(row.get("indicator")) or "").casefold()
            year = tabular.parse_int(row.get("fiscal_year"), minimum=2500, maximum=2700)
            value = tabular.parse_decimal(row.get("value"))
            weight = tabular.parse_decimal(row.get("weight"))
        except tabular.CellError as exc:
            errors.add(number, "", exc.code, exc.message_th, exc.message_en)
            continue
        indicator = by_name.get(name)
        if indicator is None:
            errors.add(
                number, "indicator", "unknown_indicator", "ไม่พบตัวชี้วัดที่กรอกได้ชื่อนี้", "No reported indicator has this name"
            )
            continue
        if year is None or value is None:
            errors.add(
                number, "value", "missing", "ต้องกรอกปีงบประมาณและค่า", "The fiscal year and the value are required"
            )
            continue
        parsed.append((number, indicator, code, year, value, weight))
    return parsed


def values_import_in_transaction(*, actor: User, path: Path | str, filename: str = "") -> ImportResult:
    """Read values from an Excel/CSV file (columns: area code, indicator name, fiscal year, value and,
    for shares and weighted averages, the denominator or weight). Every row is checked and nothing is
    written when any row is wrong; the row-by-row report says why."""
    errors = tabular.RowErrors()
    opened = tabular.open_mapped(path, IMPORT_COLUMNS, errors, filename=filename)
    if opened is None or errors:
        return ImportResult(0, errors)
    parsed = _parse_rows(*opened, errors)
    if errors:
        return ImportResult(0, errors)
    written = 0
    try:
        with transaction.atomic():
            for number, indicator, code, year, value, weight in parsed:
                try:
                    with transaction.atomic():
                        value_enter_in_transaction(
                            actor=actor,
                            indicator=indicator,
                            area_code=code,
                            fiscal_year=year,
                            value=value,
                            weight=weight,
                        )
                    written += 1
                except ValidationError as exc:
                    th, en = _split(exc)
                    errors.add(number, "", str(getattr(exc, "code", None) or "invalid"), th, en)
                except PermissionDenied:
                    errors.add(
                        number, "area_code", E.OUTSIDE_SCOPE, "พื้นที่นี้อยู่นอกขอบเขตของท่าน", "This area is outside your scope"
                    )
            if errors:
                raise _Abort
    except _Abort:
        return ImportResult(0, errors)
    return ImportResult(written, errors)


values_import = transaction.atomic(durable=True)(values_import_in_transaction)


# --- computed values --------------------------------------------------------------------------


def _computed(indicator: Indicator, fiscal_year: int) -> dict[str, tuple[Decimal, Decimal | None]]:
    def values(name: str) -> dict[str, Decimal]:
        return measure_values(name, indicator.level, fiscal_year)

    main = formula.evaluate(formula.check(indicator.formula), values)
    second = ""
    if indicator.aggregation == Aggregation.SHARE:
        second = indicator.denominator
    elif indicator.aggregation == Aggregation.WEIGHTED:
        second = indicator.weight_formula
    if not second:
        return {code: (v, None) for code, v in main.items()}
    weights = formula.evaluate(formula.check(second), values)
    return {code: (main.get(code, Decimal(0)), w) for code, w in weights.items() if code in main or w}


def _q(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.0001"))


def values_refresh_in_transaction(
    *, fiscal_year: int, indicators: Sequence[Indicator] | None = None, progress: Progress | None = None
) -> dict[str, int]:
    """Recompute every formula indicator's values for a fiscal year from the registered measures.

    A changed value whose row is approved (frozen) becomes a new, unapproved revision beside it — never
    a silent change; a value no longer produced is removed unless approved."""
    inds = (
        list(indicators)
        if indicators is not None
        else list(Indicator.objects.filter(is_active=True, kind=IndicatorKind.FORMULA))
    )
    counts = {"created": 0, "updated": 0, "revised": 0, "removed": 0}
    revised_units: set[str] = set()
    if progress is not None:
        progress.set_total(len(inds))
    for indicator in inds:
        if progress is not None:
            progress.advance(1, indicator.name_th)
        fresh = _computed(indicator, fiscal_year)
        current = {r.area_code: r for r in selectors.current_rows(years=[fiscal_year], indicator_ids=[indicator.pk])}
        new_rows = []
        for code, (raw_value, raw_weight) in fresh.items():
            value, weight = raw_value.quantize(Decimal("0.0001")), _q(raw_weight)
            row = current.get(code)
            if row is None:
                new_rows.append(
                    IndicatorValue(
                        indicator=indicator,
                        area_code=code,
                        fiscal_year=fiscal_year,
                        value=value,
                        weight=weight,
                        source=ValueSource.COMPUTED,
                    )
                )
                counts["created"] += 1
            elif row.value == value and row.weight == weight and row.source == ValueSource.COMPUTED:
                continue
            elif row.frozen:
                new_rows.append(
                    IndicatorValue(
                        indicator=indicator,
                        area_code=code,
                        fiscal_year=fiscal_year,
                        revision=row.revision + 1,
                        value=value,
                        weight=weight,
                        source=ValueSource.COMPUTED,
                    )
                )
                counts["revised"] += 1
                revised_units.add(code)
                audit_record(
                    actor=None,
                    action="update",
                    model_label="indicators.indicatorvalue",
                    object_pk=str(row.pk),
                    area_code=code,
                    changes={"value": [str(row.value), str(value)], "revision": [row.revision, row.revision + 1]},
                    note="new revision from the data beside the approved value",
                )
            elif row.source == ValueSource.COMPUTED:
                row.value, row.weight, row.entered_at = value, weight, timezone.now()
                row.save(update_fields=["value", "weight", "entered_at"])
                counts["updated"] += 1
        IndicatorValue.objects.bulk_create(new_rows, batch_size=2000)
        gone = [
            r.pk
            for code, r in current.items()
            if code not in fresh and not r.frozen and r.source == ValueSource.COMPUTED
        ]
        if gone:
            IndicatorValue.objects.filter(pk__in=gone).delete()
            counts["removed"] += len(gone)
    for unit in sorted(revised_units):
        events.revised(
            unit=unit, fiscal_year=fiscal_year, note="ค่าจากข้อมูลเปลี่ยนหลังการรับรอง / the data changed after approval"
        )
    return counts


values_refresh = transaction.atomic(durable=True)(values_refresh_in_transaction)


@register_job("indicators.refresh", _("Refresh the indicators computed from the data"))
def refresh_job(*, fiscal_year: int, progress: Progress) -> dict[str, Any]:
    with transaction.atomic(durable=True):
        return values_refresh_in_transaction(fiscal_year=int(fiscal_year), progress=progress)


# --- approval ---------------------------------------------------------------------------------


def _require_approver(actor: User, unit: str, pmap: units.ProvinceMap) -> None:
    action = selectors.STEP_ACTIONS.get(_unit_level(unit))  # type: ignore[call-overload]
    if action is None:
        raise _error(E.WRONG_LEVEL, "ระดับนี้ไม่มีการรับรอง", "Values at this level are not approved")
    permissions.require_write(actor, action, units.codes_of(unit, pmap))


def _children_pending(unit: str, fiscal_year: int, pmap: units.ProvinceMap) -> list[str]:
    rows = PeriodApproval.objects.filter(fiscal_year=fiscal_year).exclude(state=ApprovalState.APPROVED)
    return [r.unit for r in rows if units.approval_parent(r.unit, pmap) == unit]


def period_submit_in_transaction(*, actor: User, unit: str, fiscal_year: int) -> PeriodApproval:
    if _unit_level(unit) not in (UnitLevel.SUBDISTRICT, UnitLevel.PROVINCE):
        raise _error(E.WRONG_LEVEL, "ส่งรับรองได้เฉพาะค่าระดับตำบลและจังหวัด", "Only tambon and province values are submitted")
    permissions.require_write(actor, Action.INDICATOR_ENTER, unit)
    approval = _approval_row(unit, fiscal_year)
    if approval.state != ApprovalState.DRAFT:
        raise _locked_error(unit, fiscal_year, approval.state)
    _ensure_chain(unit, fiscal_year, units.province_map())
    approval.state, approval.submitted_by, approval.submitted_at = ApprovalState.SUBMITTED, actor, timezone.now()
    approval.save()
    events.submitted(unit=unit, fiscal_year=fiscal_year, actor=actor)
    audit_record(
        actor=actor,
        action="update",
        obj=approval,
        area_code=unit[:8] if units.level_of(unit) in ("subdistrict", "province") else "",
        changes={"state": ["draft", "submitted"]},
    )
    return approval


period_submit = transaction.atomic(durable=True)(period_submit_in_transaction)


def period_approve_in_transaction(*, actor: User, unit: str, fiscal_year: int) -> PeriodApproval:
    """Approve ``unit``'s values for the year: only after every unit below it that has values is
    approved; freezes its values (and records its figures as they stand)."""
    pmap = units.province_map()
    _require_approver(actor, unit, pmap)
    approval = _approval_row(unit, fiscal_year)
    if approval.state == ApprovalState.APPROVED:
        raise _locked_error(unit, fiscal_year, approval.state)
    if approval.state == ApprovalState.DRAFT and approval.has_manual_values:
        raise _error(
            E.WRONG_STATE,
            "ยังไม่ได้ส่งค่าเพื่อรับรอง",
            "The values have not been submitted for approval yet",
        )
    pending = _children_pending(unit, fiscal_year, pmap)
    if pending:
        names = ", ".join(units.unit_name(u) for u in sorted(pending)[:5])
        raise _error(
            E.CHILDREN_NOT_APPROVED,
            f"ต้องรับรองค่าของพื้นที่ระดับล่างก่อน: {names}",
            f"The areas below must be approved first: {names}",
        )
    inds = list(selectors.indicators_active())
    figures = selectors.figures_for(unit, fiscal_year, indicators=inds, pmap=pmap)
    leaf = IndicatorValue.objects.filter(area_code=unit, fiscal_year=fiscal_year, frozen=False)
    for row in selectors.current_rows(years=[fiscal_year], prefixes=[unit]):
        if row.area_code == unit and not row.frozen:
            leaf.filter(pk=row.pk).update(frozen=True)
    approval.state, approval.approved_by, approval.approved_at = ApprovalState.APPROVED, actor, timezone.now()
    approval.snapshot = {str(f.indicator.pk): (None if f.value is None else str(f.value)) for f in figures}
    approval.save()
    events.approved(unit=unit, fiscal_year=fiscal_year, actor=actor)
    audit_record(
        actor=actor,
        action="update",
        obj=approval,
        area_code=unit if len(unit) <= 8 and ":" not in unit else "",
        changes={"state": ["submitted", "approved"]},
    )
    return approval


period_approve = transaction.atomic(durable=True)(period_approve_in_transaction)


def _require_note(note: str) -> None:
    if not note.strip():
        raise _error(E.WRONG_STATE, "ต้องระบุเหตุผล", "A reason is required")


def period_return_in_transaction(*, actor: User, unit: str, fiscal_year: int, note: str) -> PeriodApproval:
    """The approving body sends submitted values back for correction."""
    pmap = units.province_map()
    _require_approver(actor, unit, pmap)
    _require_note(note)
    approval = _approval_row(unit, fiscal_year)
    if approval.state != ApprovalState.SUBMITTED:
        raise _error(E.WRONG_STATE, "ส่งกลับได้เฉพาะค่าที่ส่งรับรองแล้ว", "Only submitted values can be returned")
    approval.state = ApprovalState.DRAFT
    approval.save(update_fields=["state"])
    events.returned(unit=unit, fiscal_year=fiscal_year, actor=actor, note=note)
    audit_record(actor=actor, action="update", obj=approval, changes={"state": ["submitted", "draft"]}, note=note)
    return approval


period_return = transaction.atomic(durable=True)(period_return_in_transaction)


def period_unapprove_in_transaction(*, actor: User, unit: str, fiscal_year: int, note: str) -> PeriodApproval:
    """Withdraw an approval (by the approving body above, with a reason), unless the level above has
    approved in its turn. The frozen values stay as history; a new entry makes a new revision."""
    pmap = units.province_map()
    _require_approver(actor, unit, pmap)
    _require_note(note)
    approval = _approval_row(unit, fiscal_year)
    if approval.state != ApprovalState.APPROVED:
        raise _error(E.WRONG_STATE, "ค่านี้ยังไม่ได้รับรอง", "These values are not approved")
    parent = units.approval_parent(unit, pmap)
    if parent and selectors.approval_state(parent, fiscal_year) == ApprovalState.APPROVED:
        raise _error(
            E.PARENT_APPROVED,
            f"{units.unit_name(parent)}รับรองแล้ว ต้องยกเลิกการรับรองระดับบนก่อน",
            f"{units.unit_name(parent)} has approved; its approval must be withdrawn first",
        )
    approval.state, approval.snapshot = ApprovalState.DRAFT, {}
    approval.save(update_fields=["state", "snapshot"])
    events.unapproved(unit=unit, fiscal_year=fiscal_year, actor=actor, note=note)
    audit_record(actor=actor, action="update", obj=approval, changes={"state": ["approved", "draft"]}, note=note)
    return approval


period_unapprove = transaction.atomic(durable=True)(period_unapprove_in_transaction)
