"""Approval authority (อำนาจอนุมัติ): which body may approve, reject, adopt or disburse what.

This module is the ONE place that answers "who decides this?" — for a project's approval or
rejection, an allocation's adoption or a reallocation, and a tranche's disbursement — and checks a
given actor and resolution against the answer. Services (``budgets`` funds, allocations; ``projects``
approve/reject/disburse), their pages (which bodies a decision form offers, which actions a page
shows) and the demo all ask it. It sits with the bodies and resolutions (``meetings``), below
poverty, budgets and projects, and imports none of them: a caller describes what is decided with
plain values (a ``Subject``):

* ``power``: approve / reject (a project), adopt (an allocation or reallocation), disburse;
* ``category``: ``housing`` (Baan Mankong) or ``ordinary`` — decides the permission the deciding
  person must hold (``PROJECT_APPROVE_HOUSING`` or ``PROJECT_APPROVE``, see ``accounts.permissions``);
* ``programme_id`` / ``programme_code`` / ``fiscal_year``: which programme's rule table applies;
* ``amount``, ``province_code``, ``on`` (the date of the decision — the deciding meeting's date
  where there is one — today by default).

The rule table
--------------
Rules are amount bands: "from 0 to 500,000 baht the cluster working group decides (its members
hold the role ``cluster_working_group``); a province outside every provincial cluster (Bangkok)
goes to the CODI regional subcommittee instead". The table today is ``budgets.ApprovalRule`` (one
per programme and band); the budgets app registers a ``RuleSource`` into ``RULE_SOURCES`` from its
``AppConfig.ready()`` that turns its rows into ``Rule`` values, so this module never imports budgets.
When no rule covers the subject, approval and rejection are refused (``AuthorityErrorCode.NO_RULE``).

Extension point: dated delegations (the committees issue)
----------------------------------------------------------
A ``Rule`` already carries what a delegation needs — a validity period (``valid_from`` /
``valid_until``: a fiscal year or a date range), an adopting resolution (``resolution_id``), a
scope (``scope_prefix``: a region's, cluster's or province's area-code prefix; a region or cluster
is given as the prefixes of its provinces, one rule each), a ceiling (``max_amount``) and optionally
one named body (``body_id``). "The regional subcommittee delegates project approval up to 300,000
baht in cluster C08 to working group X for FY2567 (resolution 3/2566)" is one ``Rule`` per province
of C08. Delegations are ``meetings.Delegation`` rows (a resolution, a fiscal year or a date range, an
amount, a scope, a body); ``meetings.services.delegations.delegation_rules`` is the ``RuleSource``
that yields them (registered by ``MeetingsConfig.ready()``). To check that a body delegates only
what it holds, the delegation service asks ``programmes_of_year`` (budgets registers its
programmes into ``PROGRAMME_SOURCES``). The choice among matching rules is made by ``_pick``: valid on the subject's date, covering its
amount and province; the most specific scope wins, then a delegation (a rule with a resolution)
over a standing rule, then the most recent. Nothing else here changes.

A delegation of "adopt an allocation" is a ``Rule`` for ``Power.ADOPT`` (``Rule.powers``): when one
is in force for the allocation's fiscal year on the deciding meeting's date and its scope covers
every province the allocation splits over (``Subject.area_codes``), only the named body adopts it;
otherwise any committee covering it does.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from functools import reduce
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from chumchon.accounts import permissions
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action, Target
from chumchon.areas.models import Area
from chumchon.core.dopa import prefix_q
from chumchon.core.thai import format_baht
from chumchon.organizations.models import COMMITTEE_KINDS, Body, BodyKind


class Power(StrEnum):
    APPROVE = "approve"  # a project (commits its money)
    REJECT = "reject"  # a project
    ADOPT = "adopt"  # an allocation scenario, or a reallocation between provinces
    DISBURSE = "disburse"  # a tranche of an approved project


class Category(StrEnum):
    ORDINARY = "ordinary"
    HOUSING = "housing"  # Baan Mankong: decided by its own subcommittee (seed 000)


class AuthorityErrorCode(StrEnum):
    NO_RULE = "no_rule"
    WRONG_ROLE = "wrong_role"
    WRONG_BODY = "wrong_body"
    BODY_SCOPE = "body_scope"
    NO_RESOLUTION = "no_resolution"


class AuthorityError(ValidationError):
    """A decision refused because the deciding body or its resolution has no authority (bilingual)."""


# The permission the deciding person must hold, by power and category.
_ACTIONS: dict[tuple[Power, Category], Action] = {
    (Power.APPROVE, Category.ORDINARY): Action.PROJECT_APPROVE,
    (Power.APPROVE, Category.HOUSING): Action.PROJECT_APPROVE_HOUSING,
    (Power.REJECT, Category.ORDINARY): Action.PROJECT_APPROVE,
    (Power.REJECT, Category.HOUSING): Action.PROJECT_APPROVE_HOUSING,
    (Power.ADOPT, Category.ORDINARY): Action.ALLOCATION_ADOPT,
    (Power.ADOPT, Category.HOUSING): Action.ALLOCATION_ADOPT,
    (Power.DISBURSE, Category.ORDINARY): Action.PROJECT_DISBURSE,
    (Power.DISBURSE, Category.HOUSING): Action.PROJECT_DISBURSE,
}
# Powers decided by a body's resolution under the rule table (approve/reject) …
_RULED = frozenset({Power.APPROVE, Power.REJECT})
# … and which body decides when no rule is configured (only to offer bodies on a form; the decision
# itself is refused without a rule).
_DEFAULT_BODY = {
    Category.ORDINARY: BodyKind.CLUSTER_WORKING_GROUP,
    Category.HOUSING: BodyKind.BAAN_MANKONG_SUBCOMMITTEE,
}

# Who may record a body's resolutions: a member of a deciding body (any action that decides by
# resolution) or a meeting secretary. Used by ``meetings.services.can_record_resolution``.
RECORDING_ACTIONS: tuple[Action, ...] = (
    Action.MEETING_EDIT,
    Action.ALLOCATION_ADOPT,
    Action.PROJECT_APPROVE,
    Action.PROJECT_APPROVE_HOUSING,
)


def can_record_resolution(user: User | AnonymousUser, body: Body) -> bool:
    """Whether ``user`` may record ``body``'s resolutions (a member of a deciding body, or a secretary)."""
    return any(permissions.can(user, action, body) for action in RECORDING_ACTIONS)


@dataclass(frozen=True)
class Subject:
    """What is decided, in plain values (see the module docstring)."""

    power: Power
    category: Category = Category.ORDINARY
    programme_id: int | None = None
    programme_code: str = ""
    fiscal_year: int | None = None
    amount: Decimal | None = None
    province_code: str = ""
    on: dt.date | None = None
    # For an allocation's adoption: the province codes it splits money over (a delegation of
    # "adopt an allocation" holds only when its scope covers them all).
    area_codes: tuple[str, ...] = ()

    @property
    def date(self) -> dt.date:
        return self.on or timezone.localdate()


@dataclass(frozen=True)
class Rule:
    """One band of a rule table, or (later) one delegation — see the module docstring."""

    body_kind: str
    role: str
    min_amount: Decimal = Decimal(0)
    max_amount: Decimal | None = None
    outside_cluster_body_kind: str = BodyKind.CODI_REGIONAL_SUBCOMMITTEE
    outside_cluster_role: str = "regional_subcommittee"
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    resolution_id: int | None = None
    scope_prefix: str = ""
    body_id: int | None = None
    source: str = ""  # for messages and the audit note: "budgets.ApprovalRule 7"
    # The powers the rule decides; empty: approve/reject (a rule table's band). A delegation of
    # "adopt an allocation" is a rule for ``Power.ADOPT``.
    powers: frozenset[Power] = frozenset()

    def applies(self, subject: Subject) -> bool:
        if subject.power not in (self.powers or _RULED):
            return False
        day = subject.date
        if self.valid_from and day < self.valid_from:
            return False
        if self.valid_until and day > self.valid_until:
            return False
        if self.scope_prefix and not subject.province_code.startswith(self.scope_prefix):
            return False
        amount = subject.amount
        if amount is None:
            return True
        return self.min_amount <= amount and (self.max_amount is None or amount <= self.max_amount)


# A source of rules for a subject (budgets registers its ApprovalRule table from its AppConfig).
RuleSource = Callable[[Subject], Iterable[Rule]]
RULE_SOURCES: list[RuleSource] = []
# A source's set-based form (optional): the rules of many subjects read at once — for each subject, in
# order, exactly the list the source yields for it alone. ``may_decide_many`` reads a worklist's rules
# through it (one query a source, not one per programme); a source without one is asked per subject.
RuleBatchSource = Callable[[Sequence[Subject]], list[list[Rule]]]
RULE_BATCH_SOURCES: dict[RuleSource, RuleBatchSource] = {}


@dataclass(frozen=True)
class ProgrammeRef:
    """A programme in plain values (budgets fills ``PROGRAMME_SOURCES``)."""

    id: int
    code: str
    is_housing: bool


ProgrammeSource = Callable[[int], Iterable[ProgrammeRef]]
PROGRAMME_SOURCES: list[ProgrammeSource] = []


def programmes_of_year(fiscal_year: int) -> list[ProgrammeRef]:
    """The programmes of a fiscal year (B.E.), from every registered source."""
    return [p for source in PROGRAMME_SOURCES for p in source(fiscal_year)]


@dataclass(frozen=True)
class Authority:
    """The answer: which body (kind, and the role its members hold) decides, and the permission."""

    subject: Subject
    action: Action
    body_kinds: frozenset[str] = field(default_factory=frozenset)  # empty: no resolution needed
    role: str = ""  # empty: any holder of ``action``
    rule: Rule | None = None
    is_outside_cluster: bool = False

    @property
    def approver_body_kind(self) -> str:
        """The deciding body's kind (one kind for approve/reject; "" when no body decides)."""
        return next(iter(sorted(self.body_kinds)), "")

    @property
    def approver_role(self) -> str:
        return self.role

    def get_approver_body_kind_display(self) -> str:
        return body_kind_label(self.approver_body_kind)

    @property
    def needs_resolution(self) -> bool:
        return bool(self.body_kinds)


def body_kind_label(kind: str) -> str:
    try:
        return str(BodyKind(kind).label)
    except ValueError:
        return kind


def province_outside_clusters(province_code: str) -> bool:
    """True for a province that belongs to no provincial cluster (Bangkok)."""
    return Area.objects.filter(code=province_code[:2], cluster__isnull=True).exists()


# --------------------------------------------------------------------------- the per-actor memo
# The rules a subject's sources yield, and which provinces lie outside every cluster, are read once
# per actor object — one request's user, or one job's actor — not once per decision: a page or a
# job that approves or disburses many times asks the database once. Any change to a rule, a
# delegation, a body or an area in this process (``rules_changed``, connected to their saves and
# deletes by the apps that own them) makes every memo stale; another process sees it with its next
# request's user.
_generation = 0


def rules_changed(*_args: object, **_kwargs: object) -> None:
    """Forget every memo of rules (a signal receiver: rules, delegations, bodies or areas changed)."""
    global _generation
    _generation += 1


def _memo(actor: object) -> dict[tuple[object, ...], Any] | None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    held = getattr(actor, "_chumchon_authority_memo", None)
    if held is None or held[0] != _generation:
        held = (_generation, {})
        actor._chumchon_authority_memo = held  # type: ignore[attr-defined]
    memo: dict[tuple[object, ...], Any] = held[1]
    return memo


def _body_codes(body: Body, memo: dict[tuple[object, ...], Any] | None) -> frozenset[str]:
    """The area codes a deciding body covers (a cluster's or region's provinces: one query)."""
    if memo is None:
        return frozenset(body.scope_codes)
    key = ("body", body.pk)
    if key not in memo:
        memo[key] = frozenset(body.scope_codes)
    codes: frozenset[str] = memo[key]
    return codes


def _outside_clusters(province_code: str, memo: dict[tuple[object, ...], Any] | None) -> bool:
    if memo is None:
        return province_outside_clusters(province_code)
    key = ("outside", province_code[:2])
    if key not in memo:
        memo[key] = province_outside_clusters(province_code)
    return bool(memo[key])


def action_for(subject: Subject) -> Action:
    """The permission the deciding person must hold (no rule lookup: cheap, for menus and gates)."""
    return _ACTIONS[(subject.power, subject.category)]


def _rules_key(subject: Subject) -> tuple[object, ...]:
    return (
        "rules",
        subject.power,
        subject.category,
        subject.programme_id,
        subject.programme_code,
        subject.fiscal_year,
        subject.area_codes,
    )


def _read_rules_many(subjects: Sequence[Subject], memo: dict[tuple[object, ...], Any]) -> None:
    """Read into ``memo`` the rules of each subject's key not read yet, each source once for them all
    (its set-based form where it has one)."""
    todo: dict[tuple[object, ...], Subject] = {}
    for subject in subjects:
        key = _rules_key(subject)
        if key not in memo and key not in todo:
            todo[key] = subject
    if not todo:
        return
    wanted = list(todo.values())
    per_source = []
    for source in RULE_SOURCES:
        many = RULE_BATCH_SOURCES.get(source)
        per_source.append(many(wanted) if many is not None else [list(source(subject)) for subject in wanted])
    for i, key in enumerate(todo):
        memo[key] = tuple(rule for found in per_source for rule in found[i])


def _rules(subject: Subject, memo: dict[tuple[object, ...], Any] | None = None) -> list[Rule]:
    """The rules that apply to ``subject``. The sources select by power, category, programme,
    fiscal year and (adoption) provinces; amount, date and scope are checked here (``Rule.applies``),
    so one memo entry serves every amount and province of a programme."""
    key = _rules_key(subject)
    found = memo.get(key) if memo is not None else None
    if found is None:
        found = tuple(rule for source in RULE_SOURCES for rule in source(subject))
        if memo is not None:
            memo[key] = found
    return [rule for rule in found if rule.applies(subject)]


def _pick(rules: Sequence[Rule]) -> Rule | None:
    """The most specific scope, then a delegation over a standing rule, then the most recent."""
    if not rules:
        return None
    return max(
        rules,
        key=lambda r: (len(r.scope_prefix), r.resolution_id is not None, r.valid_from or dt.date.min, r.min_amount),
    )


def authority_for(subject: Subject, *, actor: object = None) -> Authority:
    """Who decides ``subject``. Raises ``AuthorityError`` (NO_RULE) for approve/reject without a rule.

    ``actor``: the user deciding; the rules read are then kept on it (see the per-actor memo).
    """
    action = action_for(subject)
    memo = _memo(actor)
    if subject.power is Power.ADOPT:
        # A delegation of "adopt an allocation" in force names the one body; otherwise any committee.
        delegated = _pick(_rules(subject, memo))
        if delegated is not None:
            return Authority(
                subject=subject, action=action, body_kinds=frozenset({delegated.body_kind}), rule=delegated
            )
        return Authority(subject=subject, action=action, body_kinds=frozenset(COMMITTEE_KINDS))
    if subject.power not in _RULED:
        return Authority(subject=subject, action=action)
    rule = _pick(_rules(subject, memo))
    if rule is None:
        amount = format_baht(subject.amount) if subject.amount is not None else "—"
        raise AuthorityError(
            f"ไม่มีเกณฑ์ผู้อนุมัติสำหรับวงเงิน {amount} บาท ในแผนงาน {subject.programme_code} / "
            f"No approval rule covers {amount} baht in programme {subject.programme_code}.",
            code=AuthorityErrorCode.NO_RULE,
        )
    if (
        subject.province_code
        and rule.body_kind == BodyKind.CLUSTER_WORKING_GROUP
        and _outside_clusters(subject.province_code, memo)
    ):
        return Authority(
            subject=subject,
            action=action,
            body_kinds=frozenset({rule.outside_cluster_body_kind}),
            role=rule.outside_cluster_role,
            rule=replace(rule, body_kind=rule.outside_cluster_body_kind, role=rule.outside_cluster_role),
            is_outside_cluster=True,
        )
    return Authority(subject=subject, action=action, body_kinds=frozenset({rule.body_kind}), role=rule.role, rule=rule)


def may_decide(user: User | AnonymousUser, subject: Subject, target: Target) -> bool:
    """Whether the page should offer ``user`` this decision on ``target``: the same permission and
    rule-role checks ``authorise`` makes, so a page never offers a form whose submission is refused 403.

    The rule is looked up only for a user who holds the permission (most readers do not). With no
    rule at all the decision is still offered: the service then says that no rule covers it.
    """
    if not permissions.can(user, action_for(subject), target):
        return False
    try:
        authority = authority_for(subject, actor=user)
    except AuthorityError:
        return True
    return not authority.role or permissions.holds_role(user, authority.role, target)


def may_decide_many(
    user: User | AnonymousUser, items: Sequence[tuple[Subject, Target]], *, needs_rule: bool = False
) -> list[bool]:
    """``may_decide`` for many decisions at once (a worklist's candidates): the same answer for each item,
    with the rules read once per distinct programme and fiscal year (the per-actor memo) and the provinces
    outside every cluster read in one query for all the items, not once each.

    ``needs_rule``: a decision no rule covers answers False (a worklist lists only what can be decided
    now) where ``may_decide`` offers it (the service then says no rule covers it).
    """
    allowed = [permissions.can(user, action_for(subject), target) for subject, target in items]
    memo = _memo(user)
    if memo is not None:
        wanted = {
            subject.province_code[:2]
            for (subject, _target), ok in zip(items, allowed, strict=True)
            if ok and subject.province_code and subject.power in _RULED
        }
        wanted = {code for code in wanted if ("outside", code) not in memo}
        if wanted:
            outside = set(Area.objects.filter(code__in=wanted, cluster__isnull=True).values_list("code", flat=True))
            for code in wanted:
                memo[("outside", code)] = code in outside
        _read_rules_many([subject for (subject, _target), ok in zip(items, allowed, strict=True) if ok], memo)
    answers = []
    for (subject, target), ok in zip(items, allowed, strict=True):
        if not ok:
            answers.append(False)
            continue
        try:
            found = authority_for(subject, actor=user)
        except AuthorityError:
            answers.append(not needs_rule)
            continue
        answers.append(not found.role or permissions.holds_role(user, found.role, target))
    return answers


# --------------------------------------------------------------------------- decided in SQL
# A worklist asks "which of these rows may this user decide now?" of every proposal awaiting a decision in
# the country (a national administrator's). ``may_decide_many`` answers row by row in Python; ``decidable_q``
# answers with one condition on the rows' columns, built from the rules of each programme — so its cost
# grows with the programmes and their rules, not with the rows. The same answer as
# ``may_decide_many(..., needs_rule=True)`` for every row (tested on every demo user and project).

PROVINCE_CODE_LENGTH = 2  # a subject's province is the first two digits of its area's code (DOPA)


@dataclass(frozen=True)
class SubjectFields:
    """Where a model keeps what a decision's ``Subject`` is made of (ORM paths from the model): the housing flag
    (the category), the programme's id, the amount (never null) and the area's code (its first two digits are the
    subject's province, the whole code the target ``holds_role`` and the permission are checked against)."""

    housing: str
    programme: str
    amount: str
    area_code: str


# One rule's "applies" on a row, its date and power already checked: (scope prefix, minimum, maximum or None).
_Band = tuple[str, Decimal, Decimal | None]
# Who may take a winning rule's decision: (outside every cluster: True / False / None for either, the prefixes
# over which the user holds the deciding role).
_Holder = tuple[bool | None, frozenset[str]]
# A rule that wins where it applies and none that outranks it does, and the holders of its decision.
_Winner = tuple[_Band, tuple[_Band, ...], tuple[_Holder, ...]]


def _band(rule: Rule, subject: Subject) -> _Band | None:
    """``rule.applies`` for a subject of this programme, less its amount and province (the row's): None when it
    applies to none of them (another power, not valid on the subject's date, a scope narrower than a province)."""
    if subject.power not in (rule.powers or _RULED):
        return None
    day = subject.date
    if (rule.valid_from and day < rule.valid_from) or (rule.valid_until and day > rule.valid_until):
        return None
    if len(rule.scope_prefix) > PROVINCE_CODE_LENGTH:  # a province's code never starts with a district's
        return None
    return (rule.scope_prefix, rule.min_amount, rule.max_amount)


def _holders(user: User | AnonymousUser, rule: Rule) -> tuple[_Holder, ...]:
    """``authority_for``'s role for ``rule`` (the outside-cluster one for a cluster working group's rule in a
    province outside every cluster), as the prefixes where ``user`` holds it; no role: anyone with the power."""

    def where(role: str) -> frozenset[str]:
        return permissions.role_prefixes(user, role) if role else frozenset({""})

    inside = where(rule.role)
    if rule.body_kind != BodyKind.CLUSTER_WORKING_GROUP:
        return ((None, inside),)
    outside = where(rule.outside_cluster_role)
    if outside == inside:
        return ((None, inside),)
    return ((True, outside), (False, inside))


def _winners(user: User | AnonymousUser, subject: Subject, rules: Sequence[Rule]) -> tuple[_Winner, ...]:
    """Each rule that can apply, with the ones ``_pick`` prefers to it (a greater key, or an equal key earlier:
    ``max`` keeps the first of equals) — it decides a row where it applies and none of those does."""
    live = [(i, rule, band) for i, rule in enumerate(rules) if (band := _band(rule, subject)) is not None]

    def key(rule: Rule) -> tuple[int, bool, dt.date, Decimal]:
        return (len(rule.scope_prefix), rule.resolution_id is not None, rule.valid_from or dt.date.min, rule.min_amount)

    winners = []
    for i, rule, band in live:
        # Where the user holds the deciding role nowhere, the rule's rows are decided by others: left out (the
        # rules it outranks exclude its rows all the same).
        holders = tuple(h for h in _holders(user, rule) if h[1])
        if holders:
            preferred = tuple(b for j, r, b in live if key(r) > key(rule) or (key(r) == key(rule) and j < i))
            winners.append((band, preferred, holders))
    return tuple(winners)


def _band_q(band: _Band, fields: SubjectFields) -> Q:
    prefix, low, high = band
    q = prefix_q({prefix}, fields.area_code) & Q(**{f"{fields.amount}__gte": low})
    return q & Q(**{f"{fields.amount}__lte": high}) if high is not None else q


def _winner_q(winner: _Winner, fields: SubjectFields) -> Q:
    band, preferred, holders = winner
    q = _band_q(band, fields)
    for other in preferred:
        q &= ~_band_q(other, fields)
    outside = Exists(
        Area.objects.filter(code=Substr(OuterRef(fields.area_code), 1, PROVINCE_CODE_LENGTH), cluster__isnull=True)
    )
    held = []
    for is_outside, prefixes in holders:
        where = prefix_q(prefixes, fields.area_code)
        if is_outside is not None:
            where &= Q(outside) if is_outside else ~Q(outside)
        held.append(where)
    return q & reduce(operator.or_, held)


def decidable_q(user: User | AnonymousUser, subjects: Sequence[Subject], fields: SubjectFields) -> Q:
    """A condition on a model's rows (``fields``) true for the rows ``user`` may decide now: the permission for
    the power over the row's area, a rule covering its programme, amount, province and the subjects' date, and
    the rule's deciding role held over the area — ``may_decide_many(..., needs_rule=True)``, asked in SQL.

    ``subjects``: one per programme (and category) whose rows are asked about, amount and province left out
    (the rows give them). Rows of any other programme or category match nothing. The rules are read once for
    them all (the per-actor memo, each source's set-based form).
    """
    memo = _memo(user)
    if memo is None:
        return Q(pk__in=[])
    _read_rules_many(subjects, memo)
    grants = permissions.grants_for(user)
    # Programmes whose rows the same condition decides (most programmes share one band table) are asked together.
    programmes: dict[tuple[Category, frozenset[str], tuple[_Winner, ...]], list[int | None]] = {}
    for subject in subjects:
        scope = grants.prefixes(action_for(subject))
        winners = _winners(user, subject, memo[_rules_key(subject)]) if scope else ()
        if winners:
            programmes.setdefault((subject.category, scope, winners), []).append(subject.programme_id)
    parts = [
        Q(**{fields.housing: category is Category.HOUSING, f"{fields.programme}__in": ids})
        & prefix_q(scope, fields.area_code)
        & reduce(operator.or_, (_winner_q(w, fields) for w in winners))
        for (category, scope, winners), ids in programmes.items()
    ]
    return reduce(operator.or_, parts) if parts else Q(pk__in=[])


def require_power(*, actor: User, subject: Subject, target: Target) -> None:
    """The permission half of the check alone (403): services call it first, before the state and
    amount are checked, so an unauthorised user learns nothing about the project's state."""
    permissions.require_write(actor, action_for(subject), target)


def authorise(*, actor: User, subject: Subject, body: Body | None, target: Target) -> Authority:
    """Check that ``actor`` may take this decision over ``target`` by a resolution of ``body``.

    The one check per decision: the permission for the power (403), the rule's role (403), the
    resolution's body kind (a body without authority is refused) and that the body covers the
    target's area. Returns the ``Authority`` it checked against (money services take it, so they
    do not check again).
    """
    require_power(actor=actor, subject=subject, target=target)
    authority = authority_for(subject, actor=actor)
    if authority.role and not permissions.holds_role(actor, authority.role, target):
        label = authority.get_approver_body_kind_display()
        raise PermissionDenied(f"เรื่องนี้ต้องพิจารณาโดย “{label}” / This must be decided by the {label}.")
    if not authority.needs_resolution:
        return authority
    label = authority.get_approver_body_kind_display()
    if subject.power not in _RULED and (body is None or body.kind not in authority.body_kinds):
        raise AuthorityError(
            "ต้องมีมติของคณะอนุกรรมการหรือคณะทำงานที่รับผิดชอบ / "
            "A resolution of the responsible committee or working group is required.",
            code=AuthorityErrorCode.NO_RESOLUTION if body is None else AuthorityErrorCode.WRONG_BODY,
        )
    if body is None:
        raise AuthorityError(
            f"ต้องมีมติของ “{label}” / A resolution of the {label} is required.",
            code=AuthorityErrorCode.NO_RESOLUTION,
        )
    if body.kind not in authority.body_kinds or (
        authority.rule is not None and authority.rule.body_id is not None and body.pk != authority.rule.body_id
    ):
        raise AuthorityError(
            f"มติต้องมาจาก “{label}” / The resolution must come from the body with authority ({label}).",
            code=AuthorityErrorCode.WRONG_BODY,
        )
    if subject.power in _RULED and not permissions.covers(
        _body_codes(body, _memo(actor)), permissions.target_codes(target)
    ):
        raise AuthorityError(
            "คณะที่ลงมติไม่ครอบคลุมพื้นที่ของเรื่องนี้ / The deciding body does not cover this area.",
            code=AuthorityErrorCode.BODY_SCOPE,
        )
    return authority


def deciding_bodies(subject: Subject, target: Target) -> QuerySet[Body]:
    """Active bodies that may decide ``subject`` and cover ``target`` (the choices a decision form offers)."""
    try:
        authority = authority_for(subject)
        kinds: Iterable[str] = authority.body_kinds
        only = authority.rule.body_id if authority.rule else None
    except AuthorityError:
        kinds, only = (_DEFAULT_BODY[subject.category],), None
    candidates = Body.objects.filter(kind__in=list(kinds), is_active=True).select_related("area", "region", "cluster")
    if only is not None:
        candidates = candidates.filter(pk=only)
    codes = permissions.target_codes(target)
    ids = [b.pk for b in candidates if permissions.covers(frozenset(b.scope_codes), codes)]
    return Body.objects.filter(pk__in=ids)
