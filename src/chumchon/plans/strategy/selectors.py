"""Reads of the strategy work: current catalogues, suggestions for a text, the duplicates queue, the report."""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import Max, Q, QuerySet

from chumchon.accounts.models import Role
from chumchon.accounts.permissions import Action, grants_for, prefix_q
from chumchon.plans.models import ItemBudget, ItemStatus, PlanItem, PlanKind
from chumchon.plans.rules import _current_roles, writer_roles
from chumchon.plans.selectors import item_projects
from chumchon.plans.strategy.models import (
    DuplicateFlag,
    DuplicateStatus,
    ItemTag,
    StrategyCatalogue,
    StrategyEntry,
    TagSuggestion,
)
from chumchon.plans.strategy.textmodel import TagModel, scheme_of

SEED = Path(__file__).resolve().parent / "seed" / "tagged_items_train.json"
SCOPE_NOTES = Path(__file__).resolve().parent / "seed" / "scope_notes_th.json"
SUGGESTED_SCHEMES = ("ns", "mp", "nesdp", "sdg")


def current_entries() -> QuerySet[StrategyEntry]:
    return StrategyEntry.objects.filter(catalogue__current=True).select_related("catalogue")


# ---------------------------------------------------------------------------------------------
# Suggestions

_model_lock = threading.Lock()
_model_cache: dict[str, Any] = {}


def _model() -> TagModel:
    """The tag model: the shipped seed items plus every tagged item in the database (rebuilt when tags change)."""
    stamp = f"{ItemTag.objects.count()}:{ItemTag.objects.aggregate(m=Max('id'))['m']}"
    with _model_lock:
        if _model_cache.get("stamp") == stamp:
            return _model_cache["model"]
        seed = json.loads(SEED.read_text())["items"]
        texts = [row["text"] for row in seed]
        labels = [row["tags"] for row in seed]
        by_item: dict[int, list[str]] = defaultdict(list)
        for item_id, code in ItemTag.objects.filter(entry__catalogue__scheme__in=SUGGESTED_SCHEMES).values_list(
            "item_id", "entry__code"
        ):
            by_item[item_id].append(code)
        for item in PlanItem.objects.filter(pk__in=list(by_item)).only("title", "problem", "objective", "activities"):
            texts.append(item_text(item))
            labels.append(by_item[item.pk])
        notes = json.loads(SCOPE_NOTES.read_text())["notes"]
        titles = {
            code: f"{name} {notes.get(code, '')}".strip()
            for code, name in current_entries()
            .filter(catalogue__scheme__in=SUGGESTED_SCHEMES)
            .values_list("code", "name_th")
        }
        model = TagModel(texts, labels, titles=titles)  # the title and scope note of each tag, as in bench/plans.py
        _model_cache.update(stamp=stamp, model=model)
        return model


def item_text(item: PlanItem) -> str:
    return " ".join(x for x in (item.title, item.problem, item.objective, item.target_group, item.activities) if x)


@dataclass(frozen=True)
class Suggestion:
    entry: StrategyEntry
    score: float


def suggestions(text: str, item: PlanItem | None = None, limit: int = 5) -> list[Suggestion]:
    """Tags suggested for ``text``, best first, without those the item has or whose suggestion was rejected."""
    if len(text.strip()) < 4:
        return []
    entries = {e.code: e for e in current_entries().filter(catalogue__scheme__in=SUGGESTED_SCHEMES)}
    if not entries:
        return []
    skip: set[int] = set()
    if item is not None and item.pk:
        skip |= set(item.tags.values_list("entry_id", flat=True))
        skip |= set(TagSuggestion.objects.filter(item=item, accepted=False).values_list("entry_id", flat=True))
    out = []
    for code, score in _model().rank(text, limit=limit + len(skip)):
        entry = entries.get(code)
        if entry is not None and entry.pk not in skip and scheme_of(code) in SUGGESTED_SCHEMES:
            out.append(Suggestion(entry, score))
    return out[:limit]


def item_tags(item: PlanItem) -> list[ItemTag]:
    return list(item.tags.select_related("entry__catalogue").order_by("entry__catalogue__scheme", "entry__position"))


# ---------------------------------------------------------------------------------------------
# Duplicates


def consolidation_prefixes(user: Any) -> list[str]:
    """Area-code prefixes over which ``user`` writes the One Plan (so consolidates duplicates)."""
    if getattr(user, "is_superuser", False):
        return list(grants_for(user).prefixes(Action.PLAN_EDIT))
    roles = writer_roles(PlanKind.ONE_PLAN_TAMBON)
    edit = grants_for(user).prefixes(Action.PLAN_EDIT)
    out: list[str] = []
    for assignment in _current_roles(user):
        if assignment.role in roles or assignment.role == Role.NATIONAL_ADMIN:
            out.extend(c for c in assignment.scope_codes if any(c.startswith(p) or p.startswith(c) for p in edit))
    return sorted(set(out))


def duplicates_queue(user: Any, area_prefix: str = "") -> QuerySet[DuplicateFlag]:
    """Open flags in the user's scope (narrowed to a district or province by ``area_prefix``)."""
    prefixes = consolidation_prefixes(user)
    if not prefixes:
        return DuplicateFlag.objects.none()
    qs = (
        DuplicateFlag.objects.filter(status=DuplicateStatus.OPEN)
        .filter(prefix_q(prefixes, "area__code"))
        .exclude(Q(first__status=ItemStatus.MERGED) | Q(second__status=ItemStatus.MERGED))
        .select_related("area", "first__plan__owner", "second__plan__owner", "first__plan", "second__plan")
    )
    if area_prefix:
        qs = qs.filter(area__code__startswith=area_prefix)
    return qs


# ---------------------------------------------------------------------------------------------
# The strategy report


@dataclass
class ReportRow:
    entry: StrategyEntry
    items: int
    budget: Decimal
    projects: int = 0  # projects made from those items (a project serves what its item serves)
    approved: Decimal = Decimal(0)


def report(user: Any, *, scheme: str, area_prefix: str = "", year: int | None = None) -> list[ReportRow]:
    """Items tagged with each entry of the scheme's current catalogue and their estimated budget.

    Only items the user may see (``plan.view`` over the plan's area), not merged away or dropped; the
    budget is the items' estimated budget in ``year`` (every year when none).
    """
    prefixes = grants_for(user).prefixes(Action.PLAN_VIEW)
    catalogue = StrategyCatalogue.objects.filter(scheme=scheme, current=True).first()
    if catalogue is None or not prefixes:
        return []
    tags = ItemTag.objects.filter(entry__catalogue=catalogue).exclude(
        item__status__in=[ItemStatus.MERGED, ItemStatus.DROPPED]
    )
    tags = tags.filter(prefix_q(prefixes, "item__plan__area__code"))
    if area_prefix:
        tags = tags.filter(
            Q(item__area__code__startswith=area_prefix)
            | Q(item__area__isnull=True, item__plan__area__code__startswith=area_prefix)
        )
    pairs = list(tags.values_list("entry_id", "item_id"))
    items_of: dict[int, set[int]] = defaultdict(set)
    for entry_id, item_id in pairs:
        items_of[entry_id].add(item_id)
    budgets = ItemBudget.objects.filter(item_id__in={i for _, i in pairs})
    if year:
        budgets = budgets.filter(fiscal_year_be=year)
    money: dict[int, Decimal] = defaultdict(Decimal)
    for item_id, amount in budgets.values_list("item_id", "amount"):
        money[item_id] += amount
    # Projects through the registry projects fills (plans stand below projects): those the user may see.
    made = item_projects(user, sorted({i for _, i in pairs}))
    rows = []
    for e in catalogue.entries.all():
        ids = items_of[e.pk]
        projects = [p for i in ids for p in made.get(i, [])]
        rows.append(
            ReportRow(
                e,
                len(ids),
                sum((money[i] for i in ids), Decimal(0)),
                len(projects),
                sum((p.approved_amount or Decimal(0) for p in projects), Decimal(0)),
            )
        )
    return rows
