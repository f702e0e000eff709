"""What areas plugs into the registries of the apps below it (called from ``AreasConfig.ready()``)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from chumchon.areas.demo import demo_region, national_tree_load
from chumchon.areas.forms import AreaCodeField, area_addresses
from chumchon.areas.models import GROUPINGS_MEMO_KEY, Area, AreaLevel
from chumchon.audit.forms import register_area_field
from chumchon.audit.scoped_admin import register_choice_narrower
from chumchon.audit.selectors import register_area_labels
from chumchon.core import access
from chumchon.core.demo import register_demo_region_lookup, register_demo_setup, register_demo_step
from chumchon.core.request_memo import forget


def _forget_groupings(**_kwargs: object) -> None:
    forget(GROUPINGS_MEMO_KEY)


def register() -> None:
    # A province moved to another region or cluster within a request: the request's groupings are re-read.
    for signal in (post_save, post_delete):
        signal.connect(_forget_groupings, sender=Area, dispatch_uid=f"areas-groupings-{signal is post_save}")
    # The admin offers only areas inside the user's write scope.
    register_choice_narrower("areas.area", lambda qs, user, action: access.scoped(qs, user, action, "code"))
    register_demo_region_lookup(demo_region)
    # The audit trail's filter takes an area by name, and its lists name the areas of events.
    register_area_field(lambda: AreaCodeField(levels=list(AreaLevel), max_length=200))
    register_area_labels(area_addresses)
    register_demo_setup("โหลดพื้นที่ทั้งประเทศ / loading the national area tree", national_tree_load, order=10)
    register_demo_step("chumchon.areas.demo", order=10)
