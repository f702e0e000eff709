"""Community capital rows on area pages (registered in ``areas.selectors.AREA_SUMMARY_PROVIDERS``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from chumchon.accounts.permissions import Action, can
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
        count = CapitalEntry.objects.filter(area__code__startswith=area.code, retired_on__isnull=True).count()
        return [(_("Community capital: recorded items"), f"{count:,}", reverse("capital:index") if count else None)]
    prof = selectors.profile(area, user)
    rows: list[SummaryItem] = [
        (_("Community capital: recorded items"), f"{prof.entry_count:,}", reverse("capital:profile", args=[area.code]))
    ]
    if prof.people is not None:
        gaps = analysis.analyse(prof, figures_wanted=False).gaps  # the gaps need no indicator rows
        value = ", ".join(r.label for r in gaps) if gaps else _("none")
        rows.append((_("Capital gaps"), value, reverse("capital:analysis", args=[area.code])))
    return rows
