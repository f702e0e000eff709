"""Choosing an area by name: one area cleans, a shared name is refused with the candidates, levels and
scope narrow the candidates, and the field shows an area as an address rather than a code."""

import pytest
from django import forms
from django.utils import translation

from chumchon.areas.forms import AreaField, area_address
from chumchon.areas.models import Area, AreaLevel
from chumchon.areas.selectors import area_lookup

pytestmark = pytest.mark.django_db


class TambonForm(forms.Form):
    area = AreaField(levels=[AreaLevel.SUBDISTRICT])


def _clean(text: str, prefixes: frozenset[str] | None = None) -> tuple[Area | None, list[str]]:
    form = TambonForm({"area": text})
    form.fields["area"].prefixes = prefixes  # type: ignore[attr-defined]
    valid = form.is_valid()
    return (form.cleaned_data["area"] if valid else None), form.errors.get("area", [])


def test_an_address_or_a_code_cleans_to_the_tambon() -> None:
    for text in ("ต.คลองนา อ.เมืองฉะเชิงเทรา", "Khlong Na, Mueang Chachoengsao", "240104"):
        area, errors = _clean(text)
        assert errors == [] and area is not None and area.code == "240104", (text, errors)


def test_a_shared_name_is_refused_with_its_candidates_spelled_out() -> None:
    same_name = [a for a in area_lookup("บางพระ") if a.level == AreaLevel.SUBDISTRICT]
    assert len(same_name) > 1  # the test needs a name several tambons share
    with translation.override("th"):
        area, errors = _clean("บางพระ")
    assert area is None and len(errors) == 1
    assert str(len(same_name)) in errors[0] and "อ.เมืองฉะเชิงเทรา" in errors[0], errors[0]


def test_the_users_scope_settles_a_shared_name() -> None:
    area, errors = _clean("บางพระ", prefixes=frozenset({"24"}))
    assert errors == [] and area is not None and area.code == "240113"
    area, errors = _clean("ต.คลองนา อ.เมืองฉะเชิงเทรา", prefixes=frozenset({"10"}))
    assert area is None and errors, "an area outside the user's scope was accepted"


def test_levels_the_form_does_not_ask_for_are_not_candidates() -> None:
    area, errors = _clean("ฉะเชิงเทรา")  # the province (and its seat district), never a tambon
    assert area is None and errors


def test_an_area_shows_as_an_address_in_either_language() -> None:
    tambon = Area.objects.get(code="240104")
    assert area_address(tambon, lang="th") == "ต.คลองนา อ.เมืองฉะเชิงเทรา จ.ฉะเชิงเทรา"
    assert area_address(tambon, lang="en") == "Khlong Na, Mueang Chachoengsao, Chachoengsao"
    bangkok = Area.objects.get(code="100101")
    assert area_address(bangkok, lang="th") == "แขวงพระบรมมหาราชวัง เขตพระนคร กรุงเทพมหานคร"
    with translation.override("th"):
        shown = TambonForm(initial={"area": "240104"})["area"].value()
        assert TambonForm.base_fields["area"].prepare_value(shown) == "ต.คลองนา อ.เมืองฉะเชิงเทรา จ.ฉะเชิงเทรา"


def test_the_users_own_areas_win_among_several(make_user: object) -> None:
    from chumchon.areas.forms import prefer_areas_of

    officer = make_user("cdd_provincial_officer", area="24")  # type: ignore[operator]
    form = TambonForm({"area": "บางพระ"})
    prefer_areas_of(form, officer)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["area"].code == "240113"
    # Nobody's preference reaches another request's form.
    assert not TambonForm({"area": "บางพระ"}).is_valid()


def test_a_bound_form_shows_the_area_it_cleaned_without_reading_it_again() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    form = TambonForm({"area": "240104"})
    assert form.is_valid()
    with CaptureQueriesContext(connection) as ctx:
        html = str(form["area"])
    assert area_address(form.cleaned_data["area"]) in html
    assert not [q for q in ctx.captured_queries if '"areas_area"."code" = ' in q["sql"]], ctx.captured_queries
    # Another form instance starts with nothing remembered (the fields are copied per form).
    assert TambonForm()["area"].field.cleaned_by_code == {}  # type: ignore[attr-defined]
