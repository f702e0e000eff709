"""What awaits the One Plan's writers: possible duplicate items to merge or tell apart."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from chumchon.accounts.worklist import WorklistItem
from chumchon.core import prepared
from chumchon.plans.strategy import selectors


def worklist_items(user: Any) -> Iterable[WorklistItem]:
    # Made of the consolidation prefixes alone: built once per process for them (``core.prepared``).
    prefixes = tuple(selectors.consolidation_prefixes(user))
    count = prepared.count(("plans.duplicates_open", prefixes), lambda: selectors.duplicates_queue(user))
    if count:
        yield WorklistItem(
            key="plans.duplicates",
            label=_("Plan items that may be the same work, to merge for the One Plan"),
            count=count,
            url=reverse("plans:duplicates"),
            severity="info",
            order=42,
        )
