"""Choosing an area by its name (ชื่อพื้นที่), as people say it, instead of by its DOPA code.

``AreaField`` reads "คลองนา", "ต.คลองนา อ.เมืองฉะเชิงเทรา", "Khlong Na, Mueang Chachoengsao" or a code
(``areas.selectors.area_lookup``) and cleans to one :class:`Area`. A name several areas share is refused
with the candidates spelled out, so the user adds the district or province; areas outside the levels
the form asks for, or outside the user's scope (``prefixes``), are never candidates. Among several, the user's own areas win (``prefer_areas_of``):
"บางพระ" typed by a Chachoengsao officer is the Bang Phra of Chachoengsao.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django import forms
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from chumchon.areas.models import BANGKOK_CODE, Area, AreaLevel
from chumchon.areas.selectors import AreaNotFound, area_lookup
from chumchon.core import access
from chumchon.core.access import Action, Viewer

_TH_PREFIX = {AreaLevel.PROVINCE: "จ.", AreaLevel.DISTRICT: "อ.", AreaLevel.SUBDISTRICT: "ต."}
CANDIDATES_SHOWN = 5


def _th_name(area: Area) -> str:
    if area.level == AreaLevel.VILLAGE:
        return f"ม.{area.village_number} {area.name_th}"
    if area.code.startswith(BANGKOK_CODE):
        # Bangkok is not a จังหวัด; its districts are เขต (their names carry it) and its subdistricts แขวง.
        return f"แขวง{area.name_th}" if area.level == AreaLevel.SUBDISTRICT else area.name_th
    return f"{_TH_PREFIX[AreaLevel(area.level)]}{area.name_th}"


def area_address(area: Area, *, lang: str | None = None) -> str:
    """The area with its ancestors, the way an address is written: "ต.คลองนา อ.เมืองฉะเชิงเทรา
    จ.ฉะเชิงเทรา", or "Khlong Na, Mueang Chachoengsao, Chachoengsao" in English."""
    ancestors = sorted(Area.objects.filter(code__in=area.ancestor_codes()), key=lambda a: -len(a.code))
    return _joined([area, *ancestors], lang)


def area_addresses(codes: Collection[str], *, lang: str | None = None) -> dict[str, str]:
    """{code: address} of several areas in two queries (the areas, then all their ancestors); unknown
    codes are left out."""
    areas = list(Area.objects.filter(code__in=set(codes)))
    wanted = {c for a in areas for c in a.ancestor_codes()}
    by_code = {a.code: a for a in Area.objects.filter(code__in=wanted)} if wanted else {}
    return {
        a.code: _joined(
            [a, *sorted((by_code[c] for c in a.ancestor_codes() if c in by_code), key=lambda x: -len(x.code))], lang
        )
        for a in areas
    }


def _joined(chain: list[Area], lang: str | None) -> str:
    if (lang or get_language() or "th").startswith("en"):
        return ", ".join(a.name_en or a.name_th for a in chain)
    return " ".join(_th_name(a) for a in chain)


class AreaField(forms.CharField):
    """An area typed by name (or code), cleaned to one :class:`Area` of the allowed ``levels``."""

    def __init__(self, *, levels: Collection[str], **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)
        self.levels = frozenset(levels)
        self.prefixes: frozenset[str] | None = None  # the user's scope; None = any area
        self.preferred: frozenset[str] = frozenset()  # of several matches, keep those under these
        # The area this (per-form) field cleaned a typed code to, by code: the bound form shows it again
        # without reading it a second time.
        self.cleaned_by_code: dict[str, Area] = {}
        self.widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})

    def __deepcopy__(self, memo: dict[int, Any]) -> AreaField:
        result: AreaField = super().__deepcopy__(memo)  # type: ignore[misc]  # forms.Field defines it; not in the stubs
        result.cleaned_by_code = {}
        return result

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Area):
            return area_address(value)
        if isinstance(value, str) and value.isdigit():
            area = self.cleaned_by_code.get(value) or Area.objects.filter(code=value).first()
            return area_address(area) if area is not None else value
        return value

    def clean(self, value: Any) -> Area | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        try:
            found = area_lookup(text)
        except AreaNotFound as exc:
            raise forms.ValidationError(str(exc), code="unknown") from exc
        found = [a for a in found if a.level in self.levels and self._in_scope(a)]
        if len(found) > 1 and self.preferred:
            found = [a for a in found if a.code.startswith(tuple(self.preferred))] or found
        if not found:
            raise forms.ValidationError(
                _("No %(levels)s named “%(text)s” that you may choose. Check the spelling, or add the district.")
                % {"levels": self._levels_label(), "text": text},
                code="not_found",
            )
        if len(found) > 1:
            shown = "; ".join(area_address(a) for a in found[:CANDIDATES_SHOWN])
            raise forms.ValidationError(
                _("%(count)s areas are called “%(text)s”: %(shown)s. Add the district or province to say which.")
                % {"count": len(found), "text": text, "shown": shown},
                code="ambiguous",
            )
        self.cleaned_by_code[found[0].code] = found[0]
        return found[0]

    def prefer_areas_of(self, user: Viewer) -> None:
        """Settle a name several areas share in favour of the areas ``user`` works in."""
        self.preferred = frozenset(p for p in access.prefixes_for(user, Action.AREA_VIEW) if p)

    def _in_scope(self, area: Area) -> bool:
        return self.prefixes is None or any(area.code.startswith(p) for p in self.prefixes)

    def _levels_label(self) -> str:
        return _(" or ").join(str(AreaLevel(level).label) for level in sorted(self.levels, key=_depth))


class AreaCodeField(AreaField):
    """An :class:`AreaField` that cleans to the area's DOPA code ("" when empty), for forms of apps below
    areas that keep codes (the audit trail's filter)."""

    def clean(self, value: Any) -> str:  # type: ignore[override]
        area = super().clean(value)
        return area.code if area is not None else ""


class AreaFilterForm(forms.Form):
    """A list's area filter: one province, district or tambon by name; empty for all the user's areas."""

    area = AreaField(
        label=gettext_lazy("Area"),
        levels=[AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT],
        required=False,
        help_text=gettext_lazy("A province, district or tambon by name, e.g. ฉะเชิงเทรา or ต.คลองนา อ.เมืองฉะเชิงเทรา"),
    )


def prefer_areas_of(form: forms.Form, user: Viewer) -> None:
    """Every area field of ``form`` settles a shared name in favour of ``user``'s areas (per request:
    a form instance holds its own copies of the fields)."""
    for field in form.fields.values():
        if isinstance(field, AreaField):
            field.prefer_areas_of(user)


def _depth(level: str) -> int:
    return [AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT, AreaLevel.VILLAGE].index(AreaLevel(level))
