"""Indicators against targets — the section of the provincial and area KPI reports (ตัวชี้วัดเทียบค่าเป้าหมาย).

Reads the indicators app's figures for the report's area and fiscal year (``indicator_values_for``): value,
target, achievement and status. Internal versions show every figure with its status; public versions show
only figures approved level by level, so nothing typed and not yet verified is published. The paperwork
meter (the share of figures that came from the data rather than typing) closes the section.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from chumchon.core.thai import fiscal_year
from chumchon.indicators.selectors import indicator_values_for, paperwork_meter
from chumchon.poverty.charts import bar_layout
from chumchon.reports.document import Block, Chart, Facts, Para, Table
from chumchon.reports.sections import ReportContext


def _number(value: object) -> str:
    return "–" if value is None else f"{value:,}"


def indicators_section(ctx: ReportContext) -> list[Block] | None:
    year = ctx.fiscal_year or fiscal_year(ctx.today)
    figures = [f for f in indicator_values_for(ctx.area, year) if f.value is not None or f.target is not None]
    if ctx.public:
        figures = [f for f in figures if f.verified]
    if not figures:
        return [Para(_("No indicator figures for this area and year yet."))]
    rows = [
        [
            f.indicator.name,
            _number(f.value),
            _number(f.target),
            "–" if f.achieved_percent is None else f"{f.achieved_percent}%",
            f.status_label,
        ]
        for f in figures
    ]
    blocks: list[Block] = [
        Table(
            [_("Indicator"), _("Value"), _("Target"), _("Achieved"), _("Status")],
            rows,
            [False, True, True, True, False],
            note=_("Fiscal year %(year)s.") % {"year": year}
            + (" " + _("Public version: approved figures only.") if ctx.public else ""),
        )
    ]
    layout = bar_layout(
        [
            (f.indicator.name, min(float(f.achieved_percent), 150.0), "")
            for f in figures
            if f.achieved_percent is not None
        ],
        max_value=150,
    )
    if layout is not None:
        blocks.append(Chart(_("Achievement against target (%)"), layout))
    from_data, total = paperwork_meter(ctx.area.code, year)
    if total:
        share = round(100 * from_data / total)
        blocks.append(
            Facts(
                [
                    (
                        _("Figures from the data rather than typing (paperwork meter)"),
                        f"{share}% ({from_data:,}/{total:,})",
                    )
                ]
            )
        )
    return blocks
