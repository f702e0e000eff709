"""``{% local_government_items %}`` writes what the template loop it replaced wrote, byte for byte."""

from __future__ import annotations

import pytest
from django.template import engines
from django.utils import translation

from chumchon.areas.models import LocalGovernment, LocalGovernmentKind

# The area page's loop before the tag (areas/area_detail.html).
LOOP = (
    '{% load i18n %}<ul>{% for lg in local_governments %}<li>{{ lg|localized_name }} <small class="muted">'
    "{{ lg.get_kind_display }} · {{ lg.code }}</small></li>\n"
    '  {% empty %}<li class="muted">{% translate "None recorded." %}</li>{% endfor %}</ul>'
)
TAG = "{% load area_lists %}<ul>{% local_government_items local_governments %}</ul>"


def _lgs() -> list[LocalGovernment]:
    return [
        LocalGovernment(code="6240101", kind=LocalGovernmentKind.SAO, name_th="อบต.คลองนา", name_en="Khlong Na SAO"),
        LocalGovernment(code="5240101", kind="town_municipality", name_th="เทศบาลเมือง <ฉะเชิงเทรา> & \"'", name_en=""),
        LocalGovernment(code="3240100", kind="not-a-kind", name_th="อบจ.ฉะเชิงเทรา", name_en="Chachoengsao <PAO>"),
        LocalGovernment(code="6240102", kind=LocalGovernmentKind.SAO, name_th="อบต.บางตีนเป็ด", name_en=""),
    ]


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize("autoescape", [True, False])
def test_the_tag_writes_what_the_loop_wrote(language: str, autoescape: bool) -> None:
    engine = engines["django"]
    loop, tag = engine.from_string(LOOP), engine.from_string(TAG)
    if not autoescape:
        loop = engine.from_string("{% autoescape off %}" + LOOP + "{% endautoescape %}")
        tag = engine.from_string("{% autoescape off %}" + TAG + "{% endautoescape %}")
    with translation.override(language):
        for lgs in (_lgs(), _lgs()[:1], []):
            expected = loop.render({"local_governments": lgs})
            assert tag.render({"local_governments": lgs}) == expected
            assert ("&lt;" in expected) == (autoescape and len(lgs) > 1)
