"""Community capital rows on area pages (registered in ``areas.selectors.AREA_SUMMARY_PROVIDERS``)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save
from django.urls import reverse
from django.utils.translation import gettext as _

from chumchon.accounts.permissions import Action, can
from chumchon.areas import summaries
from chumchon.areas.models import Area
from chumchon.areas.selectors import SummaryItem
from chumchon.capital import analysis, selectors
from chumchon.capital.models import PROFILE_LEVELS, CapitalEntry


def capital_area_summary(area: Area, user: Any) -> list[SummaryItem]:
    """For a tambon or village/community: its recorded capital and its gaps (with the profile and
    analysis linked); for a district or province: how many items are recorded under it."""
    if not can(user, Action.AREA_VIEW, area.code):
        return []
    if area.level not in PROFILE_LEVELS:
        count = (summaries.of(area.code).get("capital") or CAPITAL_EMPTY)["entries"]
        return [(_("Community capital: recorded items"), f"{count:,}", reverse("capital:index") if count else None)]
    # What the profile and its analysis would show, without reading the profile: the entries' and bodies'
    # kinds are all the gap rule needs (was: every entry and body as rows, and the villages, unused here).
    people, _hidden = selectors.people_of(area, user)
    kinds = selectors.entry_kinds(area)
    rows: list[SummaryItem] = [
        (_("Community capital: recorded items"), f"{len(kinds):,}", reverse("capital:profile", args=[area.code]))
    ]
    if people is not None:
        gaps = analysis.gap_labels(people.result, set(kinds), selectors.body_kinds(area))
        value = ", ".join(gaps) if gaps else _("none")
        rows.append((_("Capital gaps"), value, reverse("capital:analysis", args=[area.code])))
    return rows


# The kept count per area (``areas.summaries`` source "capital"): what a district's or province's page shows.
CAPITAL_EMPTY: dict[str, int] = {"entries": 0}


def capital_area_figures(codes: Collection[str] | None) -> dict[str, dict[str, int]]:
    """Recorded (not retired) capital items under each area of ``codes`` (every area: ``None``)."""
    entries = CapitalEntry.objects.filter(retired_on__isnull=True)
    if codes is not None:
        entries = entries.filter(summaries.prefix_range_q(summaries.covering(codes), "area__code"))
    counts = summaries.roll_up(
        ((c, 1) for c in entries.order_by().values_list("area__code", flat=True).iterator(chunk_size=5000)),
        codes,
        lambda a, b: a + b,
        0,
    )
    return {code: {"entries": n} for code, n in counts.items()}


def _entry_before(sender: Any, instance: CapitalEntry, raw: bool = False, **_kwargs: Any) -> None:
    """Remember the entry's area before this save (an item moved counts at both places)."""
    if instance.pk is not None and not raw:
        instance._summary_area_before = (  # type: ignore[attr-defined]
            CapitalEntry.objects.filter(pk=instance.pk).values_list("area_id", flat=True).first()
        )


def _entry_changed(sender: Any, instance: CapitalEntry, **_kwargs: Any) -> None:
    ids = {instance.area_id, getattr(instance, "_summary_area_before", None)} - {None}
    summaries.touch("capital", Area.objects.filter(pk__in=ids).values_list("code", flat=True))


def register_summary() -> None:
    summaries.register_summary_source("capital", capital_area_figures, empty=CAPITAL_EMPTY)
    pre_save.connect(_entry_before, sender=CapitalEntry, dispatch_uid="capital.summaries.entry_before")
    for signal in (post_save, post_delete):
        kind = "save" if signal is post_save else "delete"
        signal.connect(_entry_changed, sender=CapitalEntry, dispatch_uid=f"capital.summaries.entry_{kind}")
