"""What awaits the One Plan's writers: possible duplicate items to merge or tell apart."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from chumchon.accounts.worklist import WorklistItem
from chumchon.plans.strategy import selectors


def worklist_items(user: Any) -> Iterable[WorklistItem]:
    count = selectors.duplicates_queue(user).count()
    if count:
        yield WorklistItem(
            key="plans.duplicates",
            label=_("Plan items that may be the same work, to merge for the One Plan"),
            count=count,
            url=reverse("plans:duplicates"),
            severity="info",
            order=42,
        )
