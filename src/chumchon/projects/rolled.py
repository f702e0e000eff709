"""The progress roll-up (Decidim-style): a project's progress is the weighted mean of its activities
(weight = activity weight) and its sub-projects (weight = the sub-project's ``weight``, their own progress
rolled up the same way); a project with neither uses the % of its latest progress report.

Shared by the reads (``selectors.progress_map``) and the kept values (``kept_progress.settle``). Sums stay
in Python Decimal (SQLite would multiply decimals as floats).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from chumchon.projects.models import Activity, Project

ZERO = Decimal(0)
PCT = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    return value.quantize(PCT, rounding=ROUND_HALF_UP)


def weighted_mean(pairs: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Σ w·v / Σ w over (weight, value) pairs; None when the weights sum to zero."""
    total_w = ZERO
    total = ZERO
    for weight, value in pairs:
        total_w += weight
        total += weight * value
    if total_w <= ZERO:
        return None
    return q2(total / total_w)


@dataclass(frozen=True)
class Breakdown:
    """The projects with activities and those with sub-projects (``breakdown()``)."""

    with_activities: frozenset[int]
    with_children: frozenset[int]


CHUNK = 500  # ids per IN (...) query: well under SQLite's parameter limit


def chunks(ids: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def rolled_progress(
    roots: dict[int, tuple[Decimal, Decimal]],
    known: Breakdown | None,
    *,
    read_activities: dict[int, list[tuple[Decimal, Decimal]]] | None = None,
    children_found: dict[int, list[int]] | None = None,
    broken_down: set[int] | None = None,
) -> dict[int, Decimal]:
    """``progress_map`` of the projects given as {pk: (weight, reported %)}: {pk: rolled-up %} for each.
    ``broken_down``: filled with those of ``roots`` that have activities or sub-projects."""
    # (weight, reported %) of every project in the family below these ones.
    nodes: dict[int, tuple[Decimal, Decimal]] = dict(roots)
    children: dict[int, list[int]] = defaultdict(list)
    frontier = list(nodes)
    while frontier:
        if known is not None:
            frontier = [pk for pk in frontier if pk in known.with_children]
            if not frontier:
                break
        found: list[int] = []
        for chunk in chunks(frontier):
            rows = Project.objects.filter(parent_id__in=chunk).values_list("pk", "parent_id", "weight", "progress_pct")
            for pk, parent_id, weight, pct in rows:
                children[parent_id].append(pk)
                if pk not in nodes:
                    nodes[pk] = (weight, pct)
                    found.append(pk)
        frontier = found
    if children_found is not None:
        children_found.update(children)
    activities: dict[int, list[tuple[Decimal, Decimal]]] = defaultdict(list)
    asked = list(nodes) if known is None else [pk for pk in nodes if pk in known.with_activities]
    if read_activities:
        activities.update(read_activities)
        asked = [pk for pk in asked if pk not in read_activities]
    for chunk in chunks(asked):
        for project_id, weight, pct in Activity.objects.filter(project_id__in=chunk).values_list(
            "project_id", "weight", "progress_pct"
        ):
            activities[project_id].append((weight, pct))

    memo: dict[int, Decimal] = {}

    def rolled(pk: int, depth: int = 0) -> Decimal:
        if pk in memo:
            return memo[pk]
        reported = nodes[pk][1]
        if depth > 20:  # a cycle would be a data error; don't recurse forever
            return reported
        pairs = list(activities.get(pk, []))
        pairs += [(nodes[kid][0], rolled(kid, depth + 1)) for kid in children.get(pk, [])]
        value = weighted_mean(pairs) if pairs else None
        memo[pk] = value if value is not None else reported
        return memo[pk]

    if broken_down is not None:
        broken_down.update(pk for pk in roots if activities.get(pk) or children.get(pk))
    return {pk: rolled(pk) for pk in roots}
