"""``{% target_rows %}`` writes, byte for byte, what the target list's template loop wrote before it.

The rows cover every branch: a field addition, a TPMAP target, Logbook cases (a dict of two), members with
and without age, vulnerable groups, both duplicate flags, a village without a name, no failed indicators,
a reference that ``reverse`` must quote, and characters that need escaping — in Thai and in English.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation

from chumchon.poverty.models import Case, CaseStatus, FieldAddition
from chumchon.poverty.selectors.targets import TargetHousehold, TargetPerson
from chumchon.poverty.views.common import DIM_LABELS, GROUP_LABELS

# The loop as poverty/templates/poverty/targets.html had it until {% target_rows %} replaced it.
OLD_LOOP = (
    "{% load i18n poverty_labels %}"
    "{% translate 'Household' as l_household %}{% translate 'House no.' as l_house_no %}"
    "{% translate 'Deprived dimensions' as l_dimensions %}{% translate 'Failed indicators' as l_indicators %}"
    "{% translate 'Names of household members' as l_members %}{% translate 'Logbook' as l_logbook %}"
    "{% for h in page %}\n"
    '<tr data-household="{{ h.ref }}">\n'
    '  <td data-label="{{ l_household }}"><a href="{% url \'poverty:household\' area.code h.ref %}'
    '?round={{ survey_round.code }}">{{ h.ref }}</a>{% if h.addition %}<br><small class="muted">'
    '{% translate "added by field team" %}</small>{% endif %}{% if h.is_tpmap_target %}<br><small>TPMAP</small>'
    "{% endif %}</td>\n"
    '  <td data-label="{{ l_house_no }}">{{ h.house_no }}<br><small class="muted">'
    "{{ h.village_code|village_name:village_labels }}</small></td>\n"
    '  <td data-label="{{ l_dimensions }}">{% for d in h.deprived_dimensions %}{{ d|label_of:dim_labels }}'
    "{% if not forloop.last %}, {% endif %}{% endfor %}</td>\n"
    '  <td data-label="{{ l_indicators }}"><small>{{ h.failed_indicators|indicator_names:indicator_labels }}'
    "</small></td>\n"
    '  <td data-label="{{ l_members }}">{% for p in h.persons %}<div><small>{{ p.national_id }}</small> '
    "{{ p.name }}{% if p.age is not None %} ({{ p.age }}){% endif %}{% for g in p.groups %} "
    '<span class="tag">{{ g|label_of:group_labels }}</span>{% endfor %}{% if p.duplicate %} '
    '{% include "poverty/_duplicate_flag.html" with flag=p.duplicate %}{% endif %}</div>{% endfor %}</td>\n'
    '  <td data-label="{{ l_logbook }}">{% for d, c in h.cases.items %}<a href="{% url \'poverty:case\' c.pk %}">'
    "{{ c.get_dimension_display }}: {{ c.get_status_display }}</a><br>{% empty %}"
    '<span class="muted">—</span>{% endfor %}</td>\n'
    "</tr>{% endfor %}"
)
NEW_TAG = (
    "{% load poverty_targets %}{% target_rows page area.code survey_round.code dim_labels group_labels "
    "indicator_labels village_labels %}"
)


def _person(name: str, **kw: Any) -> TargetPerson:
    base: dict[str, Any] = {
        "national_id": "1-2345-XXXXX-XX-1",
        "name": name,
        "sex": "",
        "age": None,
        "groups": [],
        "failed_indicators": [],
        "welfare_verified": False,
    }
    return TargetPerson(**(base | kw))


def _household(household_id: str, **kw: Any) -> TargetHousehold:
    base: dict[str, Any] = {
        "house_no": "12/3",
        "village_code": "24010401",
        "members": 1,
        "failed_indicators": [],
        "deprived_dimensions": [],
        "is_tpmap_target": False,
        "is_af_poor": False,
        "score_percent": 0,
    }
    return TargetHousehold(household_id=household_id, **(base | kw))


def _rows() -> list[TargetHousehold]:
    cases = {
        "health": Case(pk=7, dimension="health", status=CaseStatus.TARGET),
        "income": Case(pk=1234, dimension="income", status=CaseStatus.choices[-1][0]),
    }
    return [
        _household(
            "H-0001",
            failed_indicators=["i1", "i9"],
            deprived_dimensions=["health", "income"],
            is_tpmap_target=True,
            cases=cases,
            persons=[
                _person('สมชาย <ใจดี> & "ลูก"', age=67, groups=["elderly", "disabled"], duplicate="open"),
                _person("Ann O'Neil", age=4, groups=["child"], duplicate="elsewhere"),
                _person("ไม่ทราบอายุ"),
            ],
        ),
        _household("", addition=FieldAddition(pk=42), house_no="", village_code="", deprived_dimensions=["living"]),
        _household("ท 5-ก", village_code="24019999", house_no="<b>9</b>", persons=[_person("x", age=1000)]),
    ]


@pytest.mark.parametrize("language", ["th", "en"])
def test_target_rows_equal_the_template_they_replaced(language: str) -> None:
    context = {
        "page": _rows(),
        "area": {"code": "240104"},
        "survey_round": {"code": "h6&2565"},
        "dim_labels": DIM_LABELS,
        "group_labels": GROUP_LABELS,
        "indicator_labels": {"i1": "รายได้ <ต่ำ>"},
        "village_labels": {"24010401": "บ้านนา & ไร่"},
    }
    with translation.override(language):
        old = Template(OLD_LOOP).render(Context(context))
        new = Template(NEW_TAG).render(Context(context))
    assert "poverty/cases/1234/" in old or "/cases/1234/" in old  # the fixture reaches every branch
    assert old.count("duplicate-flag") == 2 and "TPMAP" in old and "%20" in old and "&lt;b&gt;" in old
    assert new == old
