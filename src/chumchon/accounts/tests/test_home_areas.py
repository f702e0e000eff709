"""The home page's "My areas": which areas (``user_home_areas``) and ``{% home_area_items %}``, which writes byte for
byte what the template loop it replaced wrote."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation

from chumchon.accounts.selectors import user_home_areas
from chumchon.areas.models import Area

# The loop as accounts/templates/accounts/home.html had it until the tag replaced it.
OLD = (
    "{% for area in areas %}<li><a href=\"{% url 'areas:detail' area.code %}\">{{ area|localized_name }}</a> "
    '<small class="muted">{{ area.code }}</small></li>{% endfor %}'
)
NEW = "{% load home_areas %}{% home_area_items areas %}"


def _areas() -> list[Area]:
    return [
        Area(code="24", level="province", name_th="ฉะเชิงเทรา", name_en="Chachoengsao"),
        Area(code="2401", level="district", name_th='เมือง "ฉะเชิงเทรา" & <ท่า>', name_en=""),  # no English name
        Area(code="240104", level="subdistrict", name_th="บางตีนเป็ด", name_en="Bang <Tin> Pet & Co"),
        Area(code="10", level="province", name_th="", name_en="Bangkok"),  # no Thai name
    ]


@pytest.mark.parametrize("language", ["th", "en"])
def test_home_area_items_equal_the_loop_they_replaced(language: str) -> None:
    with translation.override(language):
        old = Template(OLD).render(Context({"areas": _areas()}))
        new = Template(NEW).render(Context({"areas": _areas()}))
        empty = Template(NEW).render(Context({"areas": []}))
    assert "/areas/240104/" in old and "&lt;" in old and "&amp;" in old and "&quot;" in old  # escaped
    assert ("Bang &lt;Tin&gt; Pet" if language == "en" else "บางตีนเป็ด") in old
    assert new == old
    assert empty == Template(OLD).render(Context({"areas": []})) == ""


@pytest.mark.django_db
def test_a_national_users_home_areas_are_the_provinces_in_code_order(make_user: Any) -> None:
    # Added last (the highest id), sorted first: the order is the codes', not the rows'.
    Area.objects.create(code="00", level="province", name_th="ทดสอบ", name_en="Test")
    admin = make_user("national_admin", nation=True)
    areas = user_home_areas(admin)
    assert [a.code for a in areas] == sorted(Area.objects.filter(level="province").values_list("code", flat=True))
    assert areas[0].code == "00" and len(areas) > 70 and {a.level for a in areas} == {"province"}
    officer = make_user("cdd_provincial_officer", area="24")
    assert [a.code for a in user_home_areas(officer)] == ["24"]
