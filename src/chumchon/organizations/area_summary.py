"""Welfare-fund headline rows on area pages (registered in ``areas.selectors.AREA_SUMMARY_PROVIDERS``)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from chumchon.accounts.permissions import Action, can
from chumchon.areas.models import Area
from chumchon.core.thai import format_baht
from chumchon.organizations.selectors.welfare import welfare_headline


def welfare_area_summary(area: Area, user: Any) -> list[tuple[str, str, str | None]]:
    """The area's welfare funds in their latest year with figures: funds, strong funds, balance."""
    if not can(user, Action.ORG_VIEW, area):
        return []
    years, total = welfare_headline((area.code,))
    if not years:
        return []
    url = f"{reverse('organizations:welfare_rollup')}?scope={area.code}&year={years[0]}"
    return [
        (
            _("Community welfare funds (%(year)s)") % {"year": years[0]},
            _("%(funds)s funds, %(strong)s strong") % {"funds": f"{total.funds:,}", "strong": f"{total.strong:,}"},
            url,
        ),
        (_("Welfare funds' closing balance (baht)"), format_baht(total.closing), url),
    ]
