"""Organizations' figures on area pages: the welfare-fund headline rows (registered in
``areas.selectors.AREA_SUMMARY_PROVIDERS``) and the per-area summaries they and the bodies' counts are
read from (``areas.summaries`` sources "bodies" and "welfare", kept fresh by the receivers below)."""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save
from django.urls import reverse
from django.utils.translation import gettext as _

from chumchon.accounts.permissions import Action, can
from chumchon.areas import summaries
from chumchon.areas.models import Area
from chumchon.core.thai import format_baht
from chumchon.organizations.models import Body, WelfareBenefit, WelfareFundYear
from chumchon.organizations.selectors.welfare import welfare_area_figures


def welfare_area_summary(area: Area, user: Any) -> list[tuple[str, str, str | None]]:
    """The area's welfare funds in their latest year with figures: funds, strong funds, balance (from the
    area's kept "welfare" summary: ``welfare_area_figures``)."""
    if not can(user, Action.ORG_VIEW, area):
        return []
    headline = summaries.of(area.code).get("welfare") or {}
    if not headline:
        return []
    year = headline["year"]
    url = f"{reverse('organizations:welfare_rollup')}?scope={area.code}&year={year}"
    return [
        (
            _("Community welfare funds (%(year)s)") % {"year": year},
            _("%(funds)s funds, %(strong)s strong")
            % {"funds": f"{headline['funds']:,}", "strong": f"{headline['strong']:,}"},
            url,
        ),
        (_("Welfare funds' closing balance (baht)"), format_baht(Decimal(headline["closing"])), url),
    ]


def body_area_figures(codes: Collection[str] | None) -> dict[str, dict[str, Any]]:
    """Bodies serving each area or one under it (``AreaBodies.count_under``), for ``codes`` (all: ``None``)."""
    bodies = Body.objects.filter(scope_kind="area", area__isnull=False)
    if codes is not None:
        bodies = bodies.filter(summaries.prefix_range_q(summaries.covering(codes), "area__code"))
    counts = summaries.roll_up(
        ((code, 1) for code in bodies.order_by().values_list("area__code", flat=True).iterator(chunk_size=5000)),
        codes,
        lambda a, b: a + b,
        0,
    )
    return {code: {"n": n} for code, n in counts.items()}


# --------------------------------------------------------------------------------------------- keeping them fresh


def _codes(area_ids: Collection[int | None]) -> list[str]:
    ids = [i for i in area_ids if i is not None]
    return list(Area.objects.filter(pk__in=ids).values_list("code", flat=True)) if ids else []


def _body_before(sender: Any, instance: Body, raw: bool = False, **_kwargs: Any) -> None:
    """Remember where a body served before this save (a move counts at both places)."""
    if instance.pk is not None and not raw:
        instance._summary_area_before = (  # type: ignore[attr-defined]
            Body.objects.filter(pk=instance.pk).values_list("area_id", flat=True).first()
        )


def _body_changed(sender: Any, instance: Body, **_kwargs: Any) -> None:
    codes = _codes({instance.area_id, getattr(instance, "_summary_area_before", None)})
    summaries.touch("bodies", codes)
    summaries.touch("welfare", codes)


def _fund_year_changed(sender: Any, instance: WelfareFundYear, **_kwargs: Any) -> None:
    summaries.touch("welfare", Body.objects.filter(pk=instance.fund_id).values_list("area__code", flat=True))


def _benefit_changed(sender: Any, instance: WelfareBenefit, **_kwargs: Any) -> None:
    summaries.touch(
        "welfare", WelfareFundYear.objects.filter(pk=instance.fund_year_id).values_list("fund__area__code", flat=True)
    )


def register() -> None:
    """The sources and their receivers (from ``organizations.registrations``)."""
    summaries.register_summary_source("bodies", body_area_figures, empty={"n": 0})
    summaries.register_summary_source("welfare", welfare_area_figures, empty={})
    pre_save.connect(_body_before, sender=Body, dispatch_uid="organizations.summaries.body_before")
    for signal in (post_save, post_delete):
        kind = "save" if signal is post_save else "delete"
        signal.connect(_body_changed, sender=Body, dispatch_uid=f"organizations.summaries.body_{kind}")
        signal.connect(_fund_year_changed, sender=WelfareFundYear, dispatch_uid=f"organizations.summaries.fy_{kind}")
        signal.connect(_benefit_changed, sender=WelfareBenefit, dispatch_uid=f"organizations.summaries.benefit_{kind}")
