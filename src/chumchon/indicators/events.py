"""The history of indicator approvals (written only here, as typed functions)."""

from __future__ import annotations

from typing import Any

from chumchon.indicators.models import ApprovalEvent, ApprovalEventKind


def _record(kind: str, *, unit: str, fiscal_year: int, actor: Any, note: str = "") -> ApprovalEvent:
    signed_in = actor if getattr(actor, "pk", None) else None
    return ApprovalEvent.objects.create(unit=unit, fiscal_year=fiscal_year, kind=kind, actor=signed_in, note=note)


def submitted(*, unit: str, fiscal_year: int, actor: Any) -> ApprovalEvent:
    return _record(ApprovalEventKind.SUBMITTED, unit=unit, fiscal_year=fiscal_year, actor=actor)


def approved(*, unit: str, fiscal_year: int, actor: Any) -> ApprovalEvent:
    return _record(ApprovalEventKind.APPROVED, unit=unit, fiscal_year=fiscal_year, actor=actor)


def returned(*, unit: str, fiscal_year: int, actor: Any, note: str) -> ApprovalEvent:
    return _record(ApprovalEventKind.RETURNED, unit=unit, fiscal_year=fiscal_year, actor=actor, note=note)


def unapproved(*, unit: str, fiscal_year: int, actor: Any, note: str) -> ApprovalEvent:
    return _record(ApprovalEventKind.UNAPPROVED, unit=unit, fiscal_year=fiscal_year, actor=actor, note=note)


def revised(*, unit: str, fiscal_year: int, note: str) -> ApprovalEvent:
    return _record(ApprovalEventKind.REVISED, unit=unit, fiscal_year=fiscal_year, actor=None, note=note)
