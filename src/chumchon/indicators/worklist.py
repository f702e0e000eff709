"""What awaits a user in indicators: values awaiting their approval, values to submit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from chumchon.accounts.worklist import WorklistItem
from chumchon.indicators import selectors


def worklist_items(user: Any) -> Iterable[WorklistItem]:
    awaiting = selectors.awaiting_approval_count(user)
    if awaiting:
        yield WorklistItem(
            key="indicators.approve",
            label=_("Indicator values awaiting your approval"),
            count=awaiting,
            url=reverse("indicators:approvals") + "?todo=approve",
            severity="warning",
            order=40,
        )
    drafts = selectors.to_submit_count(user)
    if drafts:
        yield WorklistItem(
            key="indicators.submit",
            label=_("Indicator values to submit"),
            count=drafts,
            url=reverse("indicators:approvals") + "?todo=submit",
            order=41,
        )
