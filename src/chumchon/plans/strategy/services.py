"""Every write of the strategy work: catalogues loaded, items tagged, suggestions decided, duplicates
found, merged or told apart. Entry points are durable transactions and audited.

Merging two duplicate items (``duplicate_merge``) — what it means, decided here and documented in the
user guide and docs/architecture.md:

- the item kept stays as it is; the other becomes *merged* (status ``merged``, ``merged_into`` the kept
  item) and is left out of every total from then on, so the same work is not counted twice;
- budgets: the kept item's figure for a year stays; a year only the other item had is carried over to the
  kept item (the other keeps its own figures, for the record);
- indicators: those of the other item whose name the kept item lacks are copied to it;
- tags: the other item's tags are added to the kept item (origin "merge");
- links: proposals and projects that name the other item still name it; its page leads to the kept
  item. Nothing is deleted, and either plan's history records the merge.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from chumchon.accounts.models import User
from chumchon.areas.models import Area, AreaLevel
from chumchon.audit.services import audited_create, audited_delete, audited_update
from chumchon.core.bilingual import bilingual
from chumchon.plans import events
from chumchon.plans.models import ItemBudget, ItemIndicator, ItemStatus, PlanItem, PlanKind, PlanProposal
from chumchon.plans.rules import may_write, may_write_kind
from chumchon.plans.strategy.models import (
    DuplicateFlag,
    DuplicateStatus,
    ItemTag,
    Scheme,
    StrategyCatalogue,
    StrategyEntry,
    TagOrigin,
    TagSuggestion,
)
from chumchon.plans.strategy.selectors import consolidation_prefixes

CATALOGUE_DIR = Path(__file__).resolve().parent / "catalogues"
# Probability (``DuplicateClassifier``) at or above which two items are flagged: chosen by grouped cross-validation
# over every labelled pair of sets A–F in bench/data (5 folds by template, so each fold is scored by a classifier
# fitted without its templates; the lowest threshold with precision >= 0.90 on the pooled out-of-fold scores —
# `bench/plans.py --fit-duplicates`, which stores it beside the weights in seed/duplicate_classifier.json; a test
# holds the two equal; figures in bench/RESULTS.md, plans7, plans8 and plans9). Before it: 0.5899 (the eighth method,
# A–E, plans8), 0.5723 (the seventh, A–D, plans7) and 0.984 (the fourth method's hand-weighted likeness, A–C, plans6).
DUPLICATE_THRESHOLD = 0.693


def _refuse(th: str, en: str) -> ValidationError:
    return ValidationError(bilingual(th, en))


# ---------------------------------------------------------------------------------------------
# Catalogues


def catalogues_load(*, directory: Path | None = None, actor: User | None = None) -> dict[str, str]:
    """Load every catalogue file; a scheme whose file changed gets a new current version.

    Idempotent: a file already loaded (same content hash) changes nothing. Returns scheme → what happened.
    """
    with transaction.atomic(durable=True):
        return catalogues_load_in_transaction(directory=directory, actor=actor)


def catalogues_load_in_transaction(*, directory: Path | None = None, actor: User | None = None) -> dict[str, str]:
    result: dict[str, str] = {}
    for path in sorted((directory or CATALOGUE_DIR).glob("*.json")):
        raw = path.read_bytes()
        data = json.loads(raw)
        result[data["code"]] = _catalogue_load(data, hashlib.sha256(raw).hexdigest(), actor)
    return result


def _catalogue_load(data: dict[str, Any], digest: str, actor: User | None) -> str:
    scheme = data["code"]
    if scheme not in Scheme.values:
        raise _refuse(f"ไม่รู้จักชุดยุทธศาสตร์ {scheme}", f"Unknown strategy scheme {scheme}")
    existing = StrategyCatalogue.objects.filter(scheme=scheme, digest=digest).first()
    if existing is not None:
        if not existing.current:  # a file put back to an earlier version makes that one current again
            for other in StrategyCatalogue.objects.filter(scheme=scheme, current=True):
                audited_update(other, actor=actor, current=False)
            audited_update(existing, actor=actor, current=True)
            return "made current"
        return "unchanged"
    for other in StrategyCatalogue.objects.filter(scheme=scheme, current=True):
        audited_update(other, actor=actor, current=False)
    catalogue = audited_create(
        StrategyCatalogue,
        actor=actor,
        scheme=scheme,
        edition=str(data.get("version", ""))[:400],
        name_th=data["name_th"][:300],
        name_en=data["name_en"][:300],
        sources=data.get("sources", []),
        digest=digest,
        current=True,
    )
    StrategyEntry.objects.bulk_create(
        StrategyEntry(
            catalogue=catalogue,
            code=e["code"],
            kind=e.get("kind", ""),
            parent_code=e.get("parent") or e.get("dimension") or e.get("national_strategy") or "",
            number=e.get("number"),
            name_th=e["name_th"][:400],
            name_en=e["name_en"][:400],
            verified=bool(e.get("verified")),
            position=i,
        )
        for i, e in enumerate(data["entries"])
    )
    return "loaded"


# ---------------------------------------------------------------------------------------------
# Tags


def _require_item_write(actor: User, item: PlanItem) -> None:
    if not may_write(actor, item.plan):
        raise PermissionDenied(bilingual("คุณไม่มีสิทธิ์แก้ไขรายการในแผนนี้", "You may not change the items of this plan."))


def item_tag_add_in_transaction(
    *, actor: User | None, item: PlanItem, entry: StrategyEntry, origin: str = TagOrigin.MANUAL
) -> ItemTag:
    tag = ItemTag.objects.filter(item=item, entry=entry).first()
    if tag is not None:
        return tag
    tag = audited_create(ItemTag, actor=actor, item=item, entry=entry, origin=origin, created_by=actor)
    events.item_tagged_event(item=item, actor=actor, comment=entry.code)
    return tag


def item_tag_add(*, actor: User, item: PlanItem, entry: StrategyEntry) -> ItemTag:
    _require_item_write(actor, item)
    with transaction.atomic(durable=True):
        return item_tag_add_in_transaction(actor=actor, item=item, entry=entry)


def item_tag_remove(*, actor: User, tag: ItemTag) -> None:
    _require_item_write(actor, tag.item)
    with transaction.atomic(durable=True):
        audited_delete(tag, actor=actor)


def suggestion_decide(
    *, actor: User, item: PlanItem, entry: StrategyEntry, accept: bool, score: float
) -> TagSuggestion:
    """Accept (the item is tagged) or reject (not offered again) one suggested tag."""
    _require_item_write(actor, item)
    if not entry.catalogue.current:
        raise _refuse("ยุทธศาสตร์นี้เป็นฉบับเก่าแล้ว", "This strategy is from an earlier edition.")
    with transaction.atomic(durable=True):
        decision = TagSuggestion.objects.select_for_update().filter(item=item, entry=entry).first()
        if decision is None:
            decision = audited_create(
                TagSuggestion,
                actor=actor,
                item=item,
                entry=entry,
                score=round(float(score), 4),
                accepted=accept,
                decided_by=actor,
            )
        else:
            audited_update(decision, actor=actor, accepted=accept, decided_by=actor, decided_at=timezone.now())
        if accept:
            item_tag_add_in_transaction(actor=actor, item=item, entry=entry, origin=TagOrigin.SUGGESTION)
        return decision


# ---------------------------------------------------------------------------------------------
# Duplicates


def may_consolidate(user: Any, area_code: str) -> bool:
    """Who consolidates a tambon's plans into the One Plan: the writers of its One Plan."""
    return may_write_kind(user, PlanKind.ONE_PLAN_TAMBON, (area_code,))


def _text(item: PlanItem) -> str:
    return " ".join(x for x in (item.title, item.problem, item.objective, item.target_group, item.activities) if x)


def live_items(area_codes: Iterable[str]) -> list[PlanItem]:
    """Items of plans in these tambons (the item's own area, else the plan's) that are not merged away."""
    codes = list(area_codes)
    qs = (
        PlanItem.objects.exclude(status__in=[ItemStatus.MERGED, ItemStatus.DROPPED])
        .select_related("plan", "area", "plan__area", "plan__owner")
        .order_by("id")
    )
    return [i for i in qs.filter(plan__area__code__in=codes) if i.area_code in codes] + [
        i for i in qs.filter(area__code__in=codes).exclude(plan__area__code__in=codes)
    ]


def duplicates_scan(*, area: Area, actor: User | None = None) -> int:
    """Flag pairs of items in one tambon, from different plans, that look like the same work.

    Returns how many new flags were raised. Pairs already flagged (open or decided) are left alone.
    """
    with transaction.atomic(durable=True):
        return duplicates_scan_in_transaction(area=area, actor=actor)


def duplicates_scan_in_transaction(*, area: Area, actor: User | None = None) -> int:
    from chumchon.plans.strategy.textmodel import DuplicateClassifier

    items = [i for i in live_items([area.code]) if len(i.area_code) == 6]
    if len(items) < 2:
        return 0
    texts = {i.pk: _text(i) for i in items}
    names = _area_places(area)
    model = DuplicateClassifier(list(texts.values()), area_names=names["area_names"], place_names=names["place_names"])
    known = set(DuplicateFlag.objects.filter(first__in=[i.pk for i in items]).values_list("first_id", "second_id"))
    # An item a higher one already covers (a proposal accepted or merged upward) is consolidated already.
    ids = [i.pk for i in items]
    for lower, upper in PlanProposal.objects.filter(item__in=ids, covering_item__in=ids).values_list(
        "item_id", "covering_item_id"
    ):
        known.add((min(lower, upper), max(lower, upper)))
    new = 0
    for n, a in enumerate(items):
        for b in items[n + 1 :]:
            if a.plan_id == b.plan_id:
                continue
            first, second = (a, b) if a.pk < b.pk else (b, a)
            if (first.pk, second.pk) in known:
                continue
            score = model.score(texts[first.pk], texts[second.pk])
            if score >= DUPLICATE_THRESHOLD:
                audited_create(DuplicateFlag, actor=actor, area=area, first=first, second=second, score=round(score, 4))
                new += 1
    return new


def _area_places(area: Area) -> dict[str, list[str]]:
    """The tambon's own names (and its district's and province's), which do not tell its items apart, and
    the names of its villages from the area tree, which do (beside the registry's place names)."""
    own = Area.objects.filter(code__in=[area.code[:n] for n in (2, 4, 6)]).values_list("name_th", flat=True)
    villages = Area.objects.filter(code__startswith=area.code, level=AreaLevel.VILLAGE).values_list(
        "name_th", flat=True
    )
    return {"area_names": list(own), "place_names": list(villages)}


def duplicates_scan_under(*, area_code: str, actor: User) -> int:
    """Scan every tambon under ``area_code`` (one durable transaction each), for a caller who
    consolidates the plans of that area; returns how many new pairs were flagged."""
    prefixes = consolidation_prefixes(actor)
    if not area_code or not any(area_code.startswith(p) for p in prefixes):
        raise PermissionDenied(bilingual("คุณไม่มีสิทธิ์รวมแผนของพื้นที่นี้", "You may not consolidate the plans of this area."))
    found = 0
    for tambon in Area.objects.filter(code__startswith=area_code, code__regex=r"^\d{6}$").order_by("code"):
        found += duplicates_scan(area=tambon, actor=actor)
    return found


def _lock_open(flag: DuplicateFlag, actor: User) -> DuplicateFlag:
    locked = DuplicateFlag.objects.select_for_update().select_related("area").get(pk=flag.pk)
    if not may_consolidate(actor, locked.area.code):
        raise PermissionDenied(bilingual("คุณไม่มีสิทธิ์รวมแผนของตำบลนี้", "You may not consolidate the plans of this tambon."))
    if locked.status != DuplicateStatus.OPEN:
        raise _refuse("คู่นี้ตัดสินไปแล้ว", "This pair has already been decided.")
    return locked


def duplicate_dismiss(*, actor: User, flag: DuplicateFlag) -> DuplicateFlag:
    with transaction.atomic(durable=True):
        locked = _lock_open(flag, actor)
        return audited_update(
            locked, actor=actor, status=DuplicateStatus.DIFFERENT, decided_by=actor, decided_at=timezone.now()
        )


def duplicate_merge(*, actor: User, flag: DuplicateFlag, keep: PlanItem) -> PlanItem:
    """Consolidate the pair: ``keep`` absorbs the other item (see the module text for what moves)."""
    with transaction.atomic(durable=True):
        locked = _lock_open(flag, actor)
        if keep.pk not in (locked.first_id, locked.second_id):
            raise _refuse("รายการที่เก็บไว้ต้องเป็นหนึ่งในคู่นี้", "The item kept must be one of the pair.")
        other_id = locked.second_id if keep.pk == locked.first_id else locked.first_id
        kept = PlanItem.objects.select_for_update().get(pk=keep.pk)
        other = PlanItem.objects.select_for_update().get(pk=other_id)
        if ItemStatus.MERGED in (kept.status, other.status):
            raise _refuse("รายการนี้ถูกรวมไปแล้ว", "One of these items has already been merged.")
        have_years = set(kept.budgets.values_list("fiscal_year_be", flat=True))
        for budget in other.budgets.all():
            if budget.fiscal_year_be not in have_years:
                audited_create(
                    ItemBudget, actor=actor, item=kept, fiscal_year_be=budget.fiscal_year_be, amount=budget.amount
                )
        have_names = set(kept.indicators.values_list("name", flat=True))
        for ind in other.indicators.all():
            if ind.name not in have_names:
                audited_create(
                    ItemIndicator,
                    actor=actor,
                    item=kept,
                    name=ind.name,
                    unit=ind.unit,
                    baseline=ind.baseline,
                    targets=ind.targets,
                )
        for tag in other.tags.select_related("entry"):
            item_tag_add_in_transaction(actor=actor, item=kept, entry=tag.entry, origin=TagOrigin.MERGE)
        audited_update(other, actor=actor, status=ItemStatus.MERGED, merged_into=kept)
        audited_update(
            locked,
            actor=actor,
            status=DuplicateStatus.MERGED,
            kept=kept,
            decided_by=actor,
            decided_at=timezone.now(),
        )
        events.item_merged_event(kept=kept, other=other, actor=actor)
        return kept
