"""What areas plugs into the registries of the apps below it (called from ``AreasConfig.ready()``)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from chumchon.areas import summaries
from chumchon.areas.demo import demo_region, national_tree_load
from chumchon.areas.forms import AreaCodeField, area_addresses
from chumchon.areas.models import GROUPINGS_MEMO_KEY, Area, AreaLevel, AreaSummary, LocalGovernment
from chumchon.audit.forms import register_area_field
from chumchon.audit.scoped_admin import register_choice_narrower
from chumchon.audit.selectors import register_area_labels
from chumchon.core import access
from chumchon.core.backup import data_restored
from chumchon.core.dataversion import register_derived_table
from chumchon.core.demo import register_demo_region_lookup, register_demo_setup, register_demo_step
from chumchon.core.request_memo import forget


def _forget_groupings(**_kwargs: object) -> None:
    forget(GROUPINGS_MEMO_KEY)


def _area_changed(sender: Any, instance: Area, **_kwargs: Any) -> None:
    summaries.touch("tree", [instance.code])


def _local_government_changed(sender: Any, instance: Any, **_kwargs: Any) -> None:
    """A local government saved, deleted or given other tambons: its province's and tambons' counts."""
    if isinstance(instance, LocalGovernment):
        codes = list(instance.tambons.values_list("code", flat=True)) if instance.pk else []
        if instance.province_id is not None:
            codes += Area.objects.filter(pk=instance.province_id).values_list("code", flat=True)
    else:  # the reverse side: an area's local governments changed
        codes = [instance.code]
    summaries.touch("tree", codes)


def _lg_tambons_changing(sender: Any, instance: Any, action: str, pk_set: Any, **_kwargs: Any) -> None:
    if action in ("pre_clear", "post_add", "post_remove", "post_clear"):
        _local_government_changed(sender, instance)
        if pk_set and isinstance(instance, LocalGovernment):
            summaries.touch("tree", Area.objects.filter(pk__in=pk_set).values_list("code", flat=True))


def _after_restore(**_kwargs: Any) -> None:
    summaries.rebuild()


def register() -> None:
    # The area pages' kept figures (areas.summaries): the tree's own, refreshed on every area write.
    summaries.register_summary_source("tree", summaries.tree_figures, empty=summaries.TREE_EMPTY)
    for signal in (post_save, post_delete):
        kind = "save" if signal is post_save else "delete"
        signal.connect(_area_changed, sender=Area, dispatch_uid=f"areas.summaries.area_{kind}")
        signal.connect(_local_government_changed, sender=LocalGovernment, dispatch_uid=f"areas.summaries.lg_{kind}")
    m2m_changed.connect(
        _lg_tambons_changing, sender=LocalGovernment.tambons.through, dispatch_uid="areas.summaries.lg_tambons"
    )
    data_restored.connect(_after_restore, dispatch_uid="areas.summaries.restore")
    # Their rows change only with the rows they count (whose writes move the data versions): refreshing
    # them must not invalidate every kept fragment that reads areas.
    register_derived_table(AreaSummary._meta.db_table)
    register_demo_step("chumchon.areas.demo:rebuild_summaries", order=950)  # after every app's data
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
