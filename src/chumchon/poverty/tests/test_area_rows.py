"""``{% indicator_rows %}`` and ``{% children_rows %}`` write, byte for byte, what the poverty area page's
template loops wrote before them.

The rows cover every branch: an indicator with and without its "unverified" badge, an English name and
none, no dimension, no censored count, counts with thousands and percentages that round; children linked
(province, district) and not (a tambon's villages), a share of None (no households), names and a round code
that need escaping — in Thai and in English.
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation

# The loops as poverty/templates/poverty/area.html had them until the tags replaced them.
OLD_INDICATORS = (
    "{% load numbers indicators %}"
    '{% for r in rows %}<tr><td>{{ r.indicator.number }}</td><td>{% indicator_name r.indicator %}</td><td>{{ r.dimension_label|default:"—" }}</td><td class="num">{{ r.count|fastfloat:"0g" }}</td><td class="num">{{ r.percent|fastfloat:1 }}</td><td class="num">{{ r.censored|default_if_none:"—" }}</td></tr>{% endfor %}'
)
NEW_INDICATORS = "{% load poverty_area %}{% indicator_rows rows %}"
OLD_CHILDREN = (
    "{% load numbers %}"
    '{% for c, name, share in children %}<tr><td>{% if not is_tambon %}<a href="{% url \'poverty:area\' c.area_code %}?round={{ survey_round.code }}">{{ name }}</a>{% else %}{{ name }}{% endif %} <small class="muted">{{ c.area_code }}</small></td><td class="num">{{ c.households|fastfloat:"0g" }}</td><td class="num">{{ c.target_poor_households|fastfloat:"0g" }}</td><td class="num">{{ share|fastfloat:1 }}</td><td class="num">{{ c.af_m0|fastfloat:3 }}</td></tr>{% endfor %}'
)
NEW_CHILDREN = "{% load poverty_area %}{% children_rows children is_tambon survey_round.code %}"


def _indicator(number: int, name_th: str, name_en: str = "", verify: bool = False) -> Any:
    return SimpleNamespace(number=number, name_th=name_th, name_en=name_en, verify=verify)


def _indicator_rows() -> list[dict[str, Any]]:
    return [
        {
            "indicator": _indicator(1, "เด็กแรกเกิด <2.5 กก.> & แม่", "Newborns <2.5 kg> & mothers"),
            "dimension_label": "สุขภาพ",
            "count": 1234567,
            "percent": 12.345,
            "censored": 1200,
        },
        {
            "indicator": _indicator(17, "น้ำสะอาด", verify=True),
            "dimension_label": "",
            "count": 0,
            "percent": 0,
            "censored": None,
        },
        {
            "indicator": _indicator(38, 'ครัวเรือน "มีรายได้"', "Income"),
            "dimension_label": "Income & <work>",
            "count": 999,
            "percent": 99.95,
            "censored": 0,
        },
    ]


def _child(code: str, households: int, target: int, m0: Any) -> Any:
    return SimpleNamespace(area_code=code, households=households, target_poor_households=target, af_m0=m0)


def _children(codes: tuple[str, str, str]) -> list[tuple[Any, str, Any]]:
    return [
        (_child(codes[0], 123456, 7890, Decimal("0.123456")), "เมือง <ฉะเชิงเทรา>", 6.39),
        (_child(codes[1], 0, 0, Decimal("0")), codes[1], None),
        (_child(codes[2], 10, 10, 0.0005), 'บาง "น้ำ" & ป่า', 100.0),
    ]


@pytest.mark.parametrize("autoescape", [True, False])
@pytest.mark.parametrize("language", ["th", "en"])
def test_indicator_rows_equal_the_loop_they_replaced(language: str, autoescape: bool) -> None:
    context = {"rows": _indicator_rows()}
    with translation.override(language):
        old = Template(OLD_INDICATORS).render(Context(context, autoescape=autoescape))
        new = Template(NEW_INDICATORS).render(Context(context, autoescape=autoescape))
    label = "Income &amp; &lt;work&gt;" if autoescape else "Income & <work>"  # the dimension's cell
    assert "unverified" in old and "—" in old and "&lt;2.5" in old and label in old and "1,234,567" in old
    assert new == old


@pytest.mark.parametrize("autoescape", [True, False])
@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize(
    ("codes", "is_tambon"), [(("2401", "2402", "2403"), False), (("24010101", "24010102", "24010103"), True)]
)
def test_children_rows_equal_the_loop_they_replaced(
    language: str, codes: tuple[str, str, str], is_tambon: bool, autoescape: bool
) -> None:
    context = {"children": _children(codes), "is_tambon": is_tambon, "survey_round": {"code": "jpt&2566 <x>"}}
    with translation.override(language):
        old = Template(OLD_CHILDREN).render(Context(context, autoescape=autoescape))
        new = Template(NEW_CHILDREN).render(Context(context, autoescape=autoescape))
    name = "&lt;ฉะเชิงเทรา&gt;" if autoescape else "<ฉะเชิงเทรา>"
    assert ("href=" in old) is not is_tambon and name in old and "123,456" in old
    assert new == old
