"""Reads of community capital: the profile of a tambon or a village/community, and the entries.

Nothing here is typed twice: people come from the latest ready survey round's materialised results
(``poverty.selectors.results``), organisations and welfare funds from the organizations registry,
and only the rest from recorded ``CapitalEntry`` rows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils import timezone

from chumchon.accounts import permissions
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area, AreaLevel
from chumchon.capital.models import (
    BODY_KIND_DIMENSIONS,
    PROFILE_LEVELS,
    CapitalCategory,
    CapitalEntry,
    category_of,
)
from chumchon.organizations.models import Body, BodyKind
from chumchon.poverty.area_summary import latest_area_result
from chumchon.poverty.models import AreaPovertyResult, SurveyRound
from chumchon.poverty.selectors.results import area_results_visible

Viewer = User | AnonymousUser


def entries_of(area: Area, *, include_retired: bool = False) -> QuerySet[CapitalEntry]:
    """Recorded entries of an area; for a tambon, those of its villages/communities too."""
    qs = CapitalEntry.objects.select_related("area").filter(area__code__startswith=area.code)
    if not include_retired:
        qs = qs.filter(retired_on__isnull=True)
    return qs.order_by("kind", "name", "pk")


def entry_kinds(area: Area) -> list[str]:
    """The kind of each recorded entry of ``entries_of(area)`` (the area page counts them and needs only
    their kinds for the gaps: one column, no rows built)."""
    return list(entries_of(area).order_by().values_list("kind", flat=True))


def entry_get(pk: int) -> CapitalEntry | None:
    return CapitalEntry.objects.select_related("area", "area__parent").filter(pk=pk).first()


def profile_area_get(code: str) -> Area | None:
    """The tambon or village/community a profile is about (None for other levels or unknown codes)."""
    return Area.objects.select_related("parent", "parent__parent").filter(code=code, level__in=PROFILE_LEVELS).first()


def bodies_of(area: Area) -> QuerySet[Body]:
    """Active registry bodies serving the area: those scoped inside it and, for a village/community,
    those of its tambon (a tambon's welfare fund serves every village of it)."""
    q = Q(area__code__startswith=area.code)
    if area.level == AreaLevel.VILLAGE and area.parent is not None:
        q |= Q(area=area.parent)
    return Body.objects.select_related("area").filter(q, scope_kind="area", is_active=True).order_by("kind", "name_th")


def body_kinds(area: Area) -> set[str]:
    """The kinds of ``bodies_of(area)`` (what the area page's gaps need of them)."""
    return set(bodies_of(area).order_by().values_list("kind", flat=True).distinct())


@dataclass
class People:
    """People figures of one area in one survey round (read, never typed)."""

    survey_round: SurveyRound
    result: AreaPovertyResult

    @property
    def date(self) -> dt.date | None:
        r = self.survey_round
        if r.reference_date:
            return r.reference_date
        return timezone.localtime(r.computed_at).date() if r.computed_at else None

    @property
    def is_reference_date(self) -> bool:
        """True when ``date`` is the round's reference date, False when it is the day results were computed."""
        return self.survey_round.reference_date is not None

    @property
    def working_age_and_youth(self) -> int:
        """Persons neither 0–5 nor 60+ (the survey store counts those two age groups)."""
        return max(0, self.result.persons - self.result.elderly - self.result.children_0_5)

    @property
    def target_share(self) -> float | None:
        n = self.result.households
        return 100 * self.result.target_poor_households / n if n else None


@dataclass
class BodyGroup:
    kind: str
    label: str
    bodies: list[Body]
    dimensions: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.bodies)

    @property
    def members(self) -> int:
        return sum(b.member_count for b in self.bodies)


@dataclass
class CategorySection:
    category: str
    label: str
    entries: list[CapitalEntry]


@dataclass
class Profile:
    area: Area
    people: People | None  # None: no ready round has this area, or the viewer may not see poverty figures
    people_hidden: bool  # the figures exist but are not for this viewer
    body_groups: list[BodyGroup]
    welfare_funds: BodyGroup | None
    sections: list[CategorySection]
    villages: list[tuple[Area, int]] = field(default_factory=list)  # for a tambon: its villages and entry counts
    registry_read_on: dt.date = field(default_factory=timezone.localdate)

    @property
    def entry_count(self) -> int:
        return sum(len(s.entries) for s in self.sections)

    @property
    def entries(self) -> list[CapitalEntry]:
        return [e for s in self.sections for e in s.entries]


def people_of(area: Area, user: Viewer) -> tuple[People | None, bool]:
    """The latest ready round's figures for the area, if the viewer may see poverty figures there."""
    survey_round, result = latest_area_result(area.code)  # once per request (the area page reads it twice)
    if survey_round is None or result is None:
        return None, False
    if not area_results_visible(user, area.code):
        return None, True
    return People(survey_round, result), False


def profile(area: Area, user: Viewer) -> Profile:
    """The whole capital profile of a tambon or a village/community (the caller has checked AREA_VIEW)."""
    people, hidden = people_of(area, user)
    by_kind: dict[str, list[Body]] = {}
    for body in bodies_of(area):
        by_kind.setdefault(body.kind, []).append(body)
    labels = dict(BodyKind.choices)
    groups = [
        BodyGroup(kind, str(labels.get(kind, kind)), bodies, BODY_KIND_DIMENSIONS.get(kind, ()))
        for kind, bodies in by_kind.items()
        if kind != BodyKind.WELFARE_FUND
    ]
    funds = by_kind.get(BodyKind.WELFARE_FUND)
    welfare = (
        BodyGroup(
            BodyKind.WELFARE_FUND,
            str(labels[BodyKind.WELFARE_FUND]),
            funds,
            BODY_KIND_DIMENSIONS[BodyKind.WELFARE_FUND],
        )
        if funds
        else None
    )
    sections = {c: CategorySection(c, str(label), []) for c, label in CapitalCategory.choices}
    for entry in entries_of(area):
        sections[entry.category].entries.append(entry)
    villages: list[tuple[Area, int]] = []
    if area.level == AreaLevel.SUBDISTRICT:
        counts = Counter(e.area.code for s in sections.values() for e in s.entries)
        villages = [(v, counts.get(v.code, 0)) for v in Area.objects.filter(parent=area).order_by("code")]
    return Profile(area, people, hidden, groups, welfare, list(sections.values()), villages)


def tambons_with_capital(user: Viewer) -> list[tuple[Area, int]]:
    """Tambons in the user's area scope that have recorded capital, with their entry counts."""
    qs = permissions.scoped(CapitalEntry.objects.filter(retired_on__isnull=True), user, Action.AREA_VIEW)
    counts: Counter[str] = Counter(code[:6] for code in qs.values_list("area__code", flat=True))
    areas = Area.objects.select_related("parent", "parent__parent").filter(code__in=list(counts)).order_by("code")
    return [(a, counts[a.code]) for a in areas]


def category_counts(entries: list[CapitalEntry]) -> Counter[str]:
    return Counter(category_of(e.kind) for e in entries)
