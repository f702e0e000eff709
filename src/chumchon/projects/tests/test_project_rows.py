"""``{% project_rows %}`` and ``{% programme_rollup_rows %}`` write, byte for byte, what the project list's
template loops wrote before them.

The rows cover every branch: an overdue report, no approved amount, an approved amount of 0, characters
that need escaping in the title and the names, progress with and without decimals, no rows at all — in
Thai and in English. The programme rows: escaping in the label, money with and without satang, progress
and none, no rows.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from chumchon.areas.models import Area
from chumchon.budgets.models import Programme
from chumchon.projects.models import Project, ProjectStatus
from chumchon.projects.selectors import Rollup

# The loop as projects/templates/projects/index.html had it until {% project_rows %} replaced it.
OLD_LOOP = (
    "{% load i18n thai %}"
    "{% for p, progress, status in rows %}\n"
    "    <tr data-row>\n"
    '      <td><a href="{{ p.list_url }}">{{ p.title_th }}</a>{% if p.is_report_overdue %} <span class="error">'
    '({% translate "report overdue" %})</span>{% endif %}</td>\n'
    '      <td>{{ p.area.name_th }} <span class="muted">{{ p.area.code }}</span></td>\n'
    "      <td>{{ p.programme.name_th }} {{ p.programme.fiscal_year }}</td>\n"
    "      <td>{{ status }}</td>\n"
    '      <td class="num">{{ p.requested_amount|baht }}</td>\n'
    '      <td class="num">{% if p.approved_amount is not None %}{{ p.approved_amount|baht }}{% endif %}</td>\n'
    '      <td class="num">{{ progress }}%</td>\n'
    "    </tr>\n"
    "  {% empty %}\n"
    '    <tr><td colspan="7" class="muted">{% translate "No projects." %}</td></tr>\n'
    "  {% endfor %}"
)
NEW_TAG = "{% load project_rows %}{% project_rows rows %}"


def _rows() -> list[tuple[Project, Decimal, str]]:
    today = timezone.localdate()
    area = Area(code="240104", name_th='คลองนา <"&">')
    other = Area(code="100101", name_th="พระบรมมหาราชวัง")
    programme = Programme(code="P1", fiscal_year=2568, name_th="ชุมชนเข้มแข็ง & <ยั่งยืน>")
    cases = [
        ("โครงการ <b>ทดสอบ</b> & 'ข้อความ'", ProjectStatus.IN_PROGRESS, today - dt.timedelta(days=3), "1500.5", "1000"),
        ("โครงการปกติ", ProjectStatus.AGREEMENT_SIGNED, today + dt.timedelta(days=3), "2000000", "0"),
        ("ร่างโครงการ", ProjectStatus.DRAFT, None, "12345.67", None),
        ("ปิดแล้ว", ProjectStatus.CLOSED, today - dt.timedelta(days=30), "99", "99"),
    ]
    rows = []
    for i, (title, status, due, requested, approved) in enumerate(cases):
        p = Project(
            pk=900 + i,
            title_th=title,
            status=status,
            next_report_due=due,
            requested_amount=Decimal(requested),
            approved_amount=Decimal(approved) if approved is not None else None,
            area=area if i % 2 == 0 else other,
            programme=programme,
        )
        p.list_url = f"/projects/{p.pk}/?x=<&>"  # type: ignore[attr-defined]
        rows.append((p, [Decimal("12.50"), Decimal("0"), Decimal("100.00"), Decimal("7.25")][i], f"สถานะ <{status}>"))
    return rows


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_tag_writes_what_the_loop_wrote(language: str) -> None:
    rows = _rows()
    assert any(p.is_report_overdue for p, _, _ in rows) and not all(p.is_report_overdue for p, _, _ in rows)
    with translation.override(language):
        for given in (rows, rows[:1], []):
            old = Template(OLD_LOOP).render(Context({"rows": given}))
            new = Template(NEW_TAG).render(Context({"rows": given}))
            assert new == old
            assert new.count("<tr data-row>") == len(given)


# The "By programme" loop as index.html had it until {% programme_rollup_rows %} replaced it.
OLD_PROGRAMME_LOOP = (
    "{% load thai %}"
    "{% for r in by_programme %}\n"
    '    <tr><td>{{ r.label }}</td><td class="num">{{ r.projects }}</td><td class="num">{{ r.approved_projects }}</td>'
    '<td class="num">{{ r.approved|baht }}</td>\n'
    '    <td class="num">{{ r.disbursed|baht }}</td><td class="num">{{ r.spent|baht }}</td><td class="num">'
    '{% if r.progress_pct is not None %}{{ r.progress_pct }}%{% endif %}</td><td class="num">{{ r.overdue }}</td></tr>\n'
    "  {% endfor %}"
)
NEW_PROGRAMME_TAG = "{% load project_rows %}{% programme_rollup_rows by_programme %}"


def _rollups() -> list[Rollup]:
    funded = Rollup(
        key="7",
        label='ชุมชนเข้มแข็ง & <ยั่งยืน> "2568"',
        projects=12345,
        by_status={ProjectStatus.IN_PROGRESS: 1200, ProjectStatus.DRAFT: 45},
        approved=Decimal("139504935.50"),
        disbursed=Decimal("1000"),
        spent=Decimal("0.00"),
        progress_pct=Decimal("29.20"),
        overdue=3,
    )
    unfunded = Rollup(key="8", label="โครงการใหม่ 2569", projects=2, by_status={ProjectStatus.DRAFT: 2})
    whole = Rollup(key="9", label="ครบ", projects=1, approved=Decimal("5"), progress_pct=Decimal("100.00"))
    return [funded, unfunded, whole]


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_programme_tag_writes_what_the_loop_wrote(language: str) -> None:
    rollups = _rollups()
    with translation.override(language):
        for given in (rollups, rollups[1:2], []):
            old = Template(OLD_PROGRAMME_LOOP).render(Context({"by_programme": given}))
            new = Template(NEW_PROGRAMME_TAG).render(Context({"by_programme": given}))
            assert new == old
            assert new.count("<tr>") == len(given)
    assert "&amp; &lt;ยั่งยืน&gt; &quot;2568&quot;" in Template(NEW_PROGRAMME_TAG).render(
        Context({"by_programme": rollups})
    )


def test_equal_numbers_are_written_as_each_is() -> None:
    """The tags write each distinct number once: 0 and 0.00 are equal, but the loop wrote "0" and "0.00"."""
    rows = [
        (p, [Decimal("0"), Decimal("0.00"), Decimal("0"), Decimal("0.0")][i], s) for i, (p, _, s) in enumerate(_rows())
    ]
    old = Template(OLD_LOOP).render(Context({"rows": rows}))
    new = Template(NEW_TAG).render(Context({"rows": rows}))
    assert new == old
    assert ">0%<" in new and ">0.00%<" in new and ">0.0%<" in new
