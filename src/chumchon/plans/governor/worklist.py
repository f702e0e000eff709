"""Escalation: proposals whose reply is overdue appear on the worklist of the proposing body and of
the follow-up secretariat; overdue by more than ``LONG_OVERDUE_DAYS`` they are shown as urgent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.accounts.worklist import WorklistItem
from chumchon.plans.governor import selectors


def worklist_items(user: Any, today: dt.date | None = None) -> Iterable[WorklistItem]:
    today = today or timezone.localdate()
    overdue, long_overdue = selectors.overdue_counts(user, today)
    recent = overdue - long_overdue
    url = reverse("plans:governor_register")
    if long_overdue:
        yield WorklistItem(
            key="plans.governor_long_overdue",
            label=_("Proposals to the governor or agencies unanswered more than %(days)d days past their due date")
            % {"days": selectors.LONG_OVERDUE_DAYS},
            count=long_overdue,
            url=url + "?todo=long_overdue",
            severity="danger",
            order=42,
        )
    if recent:
        yield WorklistItem(
            key="plans.governor_overdue",
            label=_("Proposals to the governor or agencies past their reply due date"),
            count=recent,
            url=url + "?todo=overdue",
            severity="warning",
            order=43,
        )
