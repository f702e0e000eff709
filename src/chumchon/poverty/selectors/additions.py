"""Field additions (people the survey missed): the lists a user may see and their counts per area."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action, grants_for
from chumchon.areas.selectors import prefix_q
from chumchon.core import prepared
from chumchon.poverty.models import AdditionKind, AdditionStatus, FieldAddition, SurveyRound, VulnerableGroup
from chumchon.poverty.models.indicators import DIMENSION_ORDER


@dataclass
class AdditionCounts:
    households: int = 0
    persons: int = 0
    by_dimension: dict[str, int] = field(default_factory=dict)
    by_group: dict[str, int] = field(default_factory=dict)


def verified_additions(survey_round: SurveyRound, prefixes: Iterable[str]) -> QuerySet[FieldAddition]:
    return FieldAddition.objects.filter(
        prefix_q(tuple(prefixes), "area__code"), survey_round=survey_round, status=AdditionStatus.VERIFIED
    )


def addition_counts(survey_round: SurveyRound, prefixes: Iterable[str]) -> AdditionCounts:
    """Verified field additions under the prefixes, counted apart from the survey ("added by field teams")."""
    counts = AdditionCounts(
        by_dimension=dict.fromkeys(DIMENSION_ORDER, 0), by_group=dict.fromkeys(VulnerableGroup.values, 0)
    )
    prefixes = tuple(prefixes)
    # Made of the round's id and the prefixes: built once per process for them (core.prepared; every area page).
    found: list[FieldAddition] = prepared.objects(
        ("poverty.addition_counts", survey_round.pk, prefixes),
        lambda: verified_additions(survey_round, prefixes).only(
            "kind", "member_count", "dimensions", *VulnerableGroup.values
        ),
    )
    for a in found:
        if a.kind == AdditionKind.HOUSEHOLD:
            counts.households += 1
            counts.persons += a.member_count
        else:
            counts.persons += 1
        for d in a.dimensions:
            counts.by_dimension[d] = counts.by_dimension.get(d, 0) + 1
        for g in a.vulnerable_groups:
            counts.by_group[g] += 1
    return counts


def additions_for(
    user: User | AnonymousUser, *, survey_round: SurveyRound | None = None, area_code: str = ""
) -> QuerySet[FieldAddition]:
    prefixes = grants_for(user).prefixes(Action.PERSON_VIEW) | grants_for(user).prefixes(Action.PERSON_EDIT)
    qs = FieldAddition.objects.select_related("area", "created_by", "decided_by", "survey_round")
    qs = qs.filter(prefix_q(prefixes, "area__code")) if prefixes else qs.none()
    if survey_round is not None:
        qs = qs.filter(survey_round=survey_round)
    if area_code:
        qs = qs.filter(area__code__startswith=area_code)
    return qs
