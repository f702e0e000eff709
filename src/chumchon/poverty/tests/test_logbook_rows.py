"""``{% case_rows %}`` writes, byte for byte, what the Logbook page's template loop wrote before it.

The rows cover every branch: a household case and person cases (a name, none, a masked ID), an addition's
reference, each dimension and status, an update just after midnight Bangkok time (the date shown is the local
one), a label and names that need escaping, a case number with more than three digits; and no rows at all —
in Thai and in English.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from chumchon.areas.models import Area
from chumchon.poverty.models import Case, CaseStatus, DimensionCode
from chumchon.poverty.selectors.logbook import CaseTarget

# The loop as poverty/templates/poverty/logbook.html had it until the tag replaced it.
OLD = (
    "{% load i18n thai %}"
    """{% for c, t in case_rows %}<tr data-row><td><a href="{% url 'poverty:case' c.pk %}">{{ c.pk }}</a></td><td>{{ c.area.name_th }}</td><td>{{ t.household_ref }} {{ c.label }}{% if t.is_person %} <small class="muted">{{ t.person_name|default:"—" }} · {{ t.person_id }}</small>{% endif %}</td><td>{{ c.get_dimension_display }}</td><td>{{ c.get_status_display }}</td><td>{{ c.updated_at|be_date:"short" }}</td></tr>{% empty %}<tr><td colspan="6" class="muted">{% translate "No cases." %}</td></tr>{% endfor %}"""
)
NEW = "{% load poverty_logbook %}{% case_rows case_rows %}"


def _rows() -> list[tuple[Case, CaseTarget]]:
    tambons = [Area(code="240101", name_th="หน้าเมือง"), Area(code="240104", name_th='บาง "ตีนเป็ด" & <ท่า>')]
    targets = [
        CaseTarget(household_ref="24010101-0001"),
        CaseTarget(household_ref="24010101-0002", person_name="นาง สมศรี <ใจดี>", person_id="1-2345-xxxxx-xx-1"),
        CaseTarget(household_ref="A17", person_name="", person_id="1 2345 67890 12 1"),
        CaseTarget(household_ref="h&<1>", person_name="Somchai", person_id=""),
    ]
    updated = [
        dt.datetime(2026, 12, 5, 17, 30, tzinfo=dt.UTC),  # 6 Dec in Bangkok
        dt.datetime(2025, 1, 31, 3, 0, tzinfo=dt.UTC),
        dt.datetime(2023, 10, 1, 12, 0, tzinfo=dt.UTC),
    ]
    rows = []
    statuses = CaseStatus.values
    dimensions = DimensionCode.values
    for i in range(max(len(statuses), len(dimensions))):
        case = Case(
            pk=(7, 1234, 98765)[i % 3] + 3 * (i // 3),
            area=tambons[i % 2],
            label=("12/3 (01)", "<b>9</b> & (02)", "")[i % 3],
            dimension=dimensions[i % len(dimensions)],
            status=statuses[i % len(statuses)],
        )
        case.updated_at = updated[i % 3]
        rows.append((case, targets[i % 4]))
    return rows


@pytest.mark.parametrize("language", ["th", "en"])
def test_case_rows_equal_the_loop_they_replaced(language: str) -> None:
    context = {"case_rows": _rows()}
    with translation.override(language):
        old = Template(OLD).render(Context(context))
        new = Template(NEW).render(Context(context))
    assert "&lt;ใจดี&gt;" in old and "—" in old and "&amp;" in old and "/cases/98765/" in old  # every branch
    assert ("6 ธ.ค. 2569" if language == "th" else "2569") in old  # the local date, B.E.
    assert new == old


@pytest.mark.parametrize("language", ["th", "en"])
def test_no_cases_equal_the_loop_they_replaced(language: str) -> None:
    with translation.override(language):
        old = Template(OLD).render(Context({"case_rows": []}))
        new = Template(NEW).render(Context({"case_rows": []}))
    assert 'colspan="6"' in old
    assert new == old
