"""Demo: load the strategy catalogues, tag the demo tambon's items with their best suggestions, look for duplicates."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from chumchon.accounts.models import Role
from chumchon.areas.models import Area
from chumchon.plans.models import PlanItem
from chumchon.plans.strategy import selectors, services
from chumchon.plans.strategy.models import ItemTag, TagOrigin


def generate(ctx: Any) -> None:
    services.catalogues_load_in_transaction()
    users: dict[str, Any] = ctx.shared.get("users") or {}
    admin = users.get(Role.NATIONAL_ADMIN)
    if admin is None or ItemTag.objects.exists():
        return
    items = list(PlanItem.objects.select_related("plan").order_by("id")[:40])
    with transaction.atomic():  # nests in the demo's transaction
        # Every other item is tagged (its best National Strategy and milestone); the rest are left for people.
        for item in items[::2]:
            text = selectors.item_text(item)
            for scheme in ("ns", "nesdp"):
                best = [s for s in selectors.suggestions(text, item, limit=8) if s.entry.catalogue.scheme == scheme]
                if best:
                    services.item_tag_add_in_transaction(
                        actor=admin, item=item, entry=best[0].entry, origin=TagOrigin.SUGGESTION
                    )
    tambons = {i.area_code for i in items if len(i.area_code) == 6}
    for tambon in Area.objects.filter(code__in=tambons):
        services.duplicates_scan_in_transaction(area=tambon, actor=admin)
