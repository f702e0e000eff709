"""Dated delegation of authority (การมอบอำนาจ): a resolution delegates a power from its body to another.

The delegation is a rule source of ``meetings.authority`` (``delegation_rules``, registered by
``MeetingsConfig.ready()``): for a project of a programme of the delegation's fiscal year (or on a
date in its range), decided on or after the delegating resolution's meeting date, in its scope and
up to its ceiling, the receiving body decides. A body can only delegate what it holds itself: for
every programme of the fiscal year and every province of the scope, the authority in force (at the
ceiling, on the first day of the delegation) must name the delegating body — otherwise the
delegation is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from chumchon.accounts import permissions
from chumchon.accounts.models import User
from chumchon.areas.models import Area, CodiRegion, ProvincialCluster
from chumchon.audit.services import audited_create
from chumchon.core.bilingual import bilingual
from chumchon.core.thai import fiscal_year as fiscal_year_of
from chumchon.meetings import authority, decisions
from chumchon.meetings.authority import Category, Power, Rule, Subject
from chumchon.meetings.error_codes import MeetingError, MeetingErrorCode
from chumchon.meetings.models import DelegatedPower, Delegation, Resolution
from chumchon.meetings.services.committees import ROLE_FOR_KIND, _check_committee
from chumchon.meetings.services.sittings import _require_minute
from chumchon.organizations.models import Body

_CATEGORY = {
    DelegatedPower.APPROVE_ORDINARY: Category.ORDINARY,
    DelegatedPower.APPROVE_HOUSING: Category.HOUSING,
}


def _start(d: Delegation) -> dt.date:
    """The first day a delegation holds: its resolution's date, or the start of its range if later."""
    day = d.resolution.meeting_date
    if d.valid_from and d.valid_from > day:
        day = d.valid_from
    return day


def _adoption_rules(subject: Subject) -> list[Rule]:
    """Delegations of "adopt an allocation" whose scope covers every province the allocation splits over."""
    if not subject.area_codes:  # a reallocation between provinces is not an allocation's adoption
        return []
    qs = Delegation.objects.filter(power=DelegatedPower.ADOPT_ALLOCATION).select_related("to_body", "resolution")
    qs = qs.filter(Q(fiscal_year__isnull=True) | Q(fiscal_year=subject.fiscal_year))
    return [
        Rule(
            body_kind=d.to_body.kind,
            role="",
            max_amount=d.max_amount,
            valid_from=_start(d),
            valid_until=d.valid_until,
            resolution_id=d.resolution_id,
            body_id=d.to_body_id,
            source=f"meetings.Delegation {d.pk}",
            powers=frozenset({Power.ADOPT}),
        )
        for d in qs
        if permissions.covers(frozenset(d.scope_codes), subject.area_codes)
    ]


def _approval_power(subject: Subject) -> DelegatedPower:
    return DelegatedPower.APPROVE_HOUSING if subject.category is Category.HOUSING else DelegatedPower.APPROVE_ORDINARY


def _approval_rules(delegations: Iterable[Delegation]) -> list[Rule]:
    rules: list[Rule] = []
    for d in delegations:
        role = ROLE_FOR_KIND.get(d.to_body.kind, "")
        for prefix in d.scope_codes:
            rules.append(
                Rule(
                    body_kind=d.to_body.kind,
                    role=role,
                    max_amount=d.max_amount,
                    outside_cluster_body_kind=d.to_body.kind,
                    outside_cluster_role=role,
                    valid_from=_start(d),
                    valid_until=d.valid_until,
                    resolution_id=d.resolution_id,
                    scope_prefix=prefix,
                    body_id=d.to_body_id,
                    source=f"meetings.Delegation {d.pk}",
                )
            )
    return rules


def delegation_rules(subject: Subject) -> list[Rule]:
    """The rule source: delegations of approval (rejection follows approval) and of adopting an
    allocation as authority rules."""
    if subject.power is Power.ADOPT:
        return _adoption_rules(subject)
    if subject.power not in (Power.APPROVE, Power.REJECT):
        return []
    qs = Delegation.objects.filter(power=_approval_power(subject)).select_related("to_body", "resolution", "area")
    # A delegation for a fiscal year holds for that year's programmes only (none when the year is unknown).
    qs = qs.filter(Q(fiscal_year__isnull=True) | Q(fiscal_year=subject.fiscal_year))
    return _approval_rules(qs)


def delegation_rules_many(subjects: Sequence[Subject]) -> list[list[Rule]]:
    """``delegation_rules`` of many subjects (``meetings.authority.RULE_BATCH_SOURCES``): the approval and
    rejection subjects' delegations read in one query (in the model's order, as each alone reads them)."""
    ruled = [s for s in subjects if s.power in (Power.APPROVE, Power.REJECT)]
    found: list[Delegation] = []
    if ruled:
        years = {s.fiscal_year for s in ruled if s.fiscal_year is not None}
        found = list(
            Delegation.objects.filter(power__in={_approval_power(s) for s in ruled})
            .filter(Q(fiscal_year__isnull=True) | Q(fiscal_year__in=years))
            .select_related("to_body", "resolution", "area")
        )
    answers: list[list[Rule]] = []
    for subject in subjects:
        if subject.power not in (Power.APPROVE, Power.REJECT):
            answers.append(delegation_rules(subject))  # adoption: per subject, as before
            continue
        power = _approval_power(subject)
        answers.append(
            _approval_rules(
                d for d in found if d.power == power and (d.fiscal_year is None or d.fiscal_year == subject.fiscal_year)
            )
        )
    return answers


def _refuse(th: str, en: str) -> MeetingError:
    return MeetingError(bilingual(th, en), code=MeetingErrorCode.DELEGATION_OUTSIDE_AUTHORITY)


def _check_within_authority(d: Delegation) -> None:
    from_body = d.from_body
    scope = d.scope_codes
    if not scope or not permissions.covers(frozenset(from_body.scope_codes), tuple(scope)):
        raise _refuse("มอบอำนาจได้เฉพาะในพื้นที่ของคณะที่มอบ", "A body can only delegate within its own area")
    category = _CATEGORY.get(DelegatedPower(d.power))
    if category is None:  # adopting an allocation: any committee covering the scope holds it
        return
    day = _start(d)
    year = d.fiscal_year or fiscal_year_of(day)
    programmes = [p for p in authority.programmes_of_year(year) if p.is_housing == (category is Category.HOUSING)]
    if not programmes:
        raise _refuse(f"ไม่มีแผนงานในปีงบประมาณ {year} ที่จะมอบอำนาจอนุมัติ", f"No programme of fiscal year {year} to delegate")
    for programme in programmes:
        for prefix in scope:
            subject = Subject(
                power=Power.APPROVE,
                category=category,
                programme_id=programme.id,
                programme_code=programme.code,
                fiscal_year=year,
                amount=d.max_amount,
                province_code=prefix,
                on=day,
            )
            try:
                held = authority.authority_for(subject)
            except authority.AuthorityError:
                held = None
            rule = held.rule if held else None
            if (
                held is None
                or from_body.kind not in held.body_kinds
                or (rule and rule.body_id not in (None, from_body.pk))
            ):
                raise _refuse(
                    f"“{from_body}” ไม่มีอำนาจนี้เอง (แผนงาน {programme.code} ปี {year}) จึงมอบอำนาจไม่ได้",
                    f"{from_body} does not hold this power itself (programme {programme.code}, FY{year}): "
                    "it cannot delegate it",
                )


@transaction.atomic
def delegation_create_in_transaction(
    *,
    actor: User,
    resolution: Resolution,
    power: str,
    to_body: Body,
    scope_kind: str,
    region: CodiRegion | None = None,
    cluster: ProvincialCluster | None = None,
    area: Area | None = None,
    max_amount: Decimal | None = None,
    fiscal_year: int | None = None,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> Delegation:
    """Record a delegation made by ``resolution`` (its body delegates). Refused outside that body's authority."""
    from_body = resolution.body
    _require_minute(actor, from_body, resolution.meeting_date)
    _check_committee(to_body)
    if to_body.pk == from_body.pk:
        raise MeetingError(
            bilingual("มอบอำนาจให้คณะตัวเองไม่ได้", "A body cannot delegate to itself"), code=MeetingErrorCode.SAME_BODY
        )
    if fiscal_year is None and valid_from is None:
        raise MeetingError(
            bilingual("ต้องระบุปีงบประมาณหรือช่วงวันที่", "Give a fiscal year or a date range"),
            code=MeetingErrorCode.BAD_DATES,
        )
    if valid_from and valid_until and valid_until < valid_from:
        raise MeetingError(
            bilingual("วันสิ้นสุดต้องไม่ก่อนวันเริ่ม", "The period cannot end before it starts"),
            code=MeetingErrorCode.BAD_DATES,
        )
    probe = Delegation(
        resolution=resolution,
        power=power,
        from_body=from_body,
        to_body=to_body,
        scope_kind=scope_kind,
        region=region,
        cluster=cluster,
        area=area,
        max_amount=max_amount,
        fiscal_year=fiscal_year,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    probe.full_clean()
    _check_within_authority(probe)
    values = {
        f: getattr(probe, f)
        for f in (
            "resolution",
            "power",
            "from_body",
            "to_body",
            "scope_kind",
            "region",
            "cluster",
            "area",
            "max_amount",
            "fiscal_year",
            "valid_from",
            "valid_until",
        )
    }
    delegation = audited_create(Delegation, actor=actor, **values)
    decisions.resolution_link_in_transaction(resolution=resolution, kind="delegation", object_id=delegation.pk)
    return delegation


delegation_create = transaction.atomic(durable=True)(delegation_create_in_transaction)
