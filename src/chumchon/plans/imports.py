"""Excel in and out for plans: the import template, the import of a tambon plan's items (all or
nothing, with a row-by-row report in Thai and English), and the export of any plan.

Reading goes through ``core.tabular`` (one reader for every import). The template has one header
row in Thai; committees' own sheets are accepted too: a two-row header with merged cells
("งบประมาณ (บาท)" over the years), B.E. years, amounts written with thousands separators and Thai
digits. A budget column is any column whose header carries a B.E. year of the plan ("2566",
"งบประมาณ ๒๕๖๖", "ปี 2566").
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from chumchon.accounts.models import User
from chumchon.core.tabular import (
    CellError,
    ColumnSpec,
    RowErrors,
    mapped_rows,
    normalise_header,
    open_mapped,
    parse_decimal,
    parse_int,
    parse_text,
)
from chumchon.core.thai import arabic_digits
from chumchon.plans import events
from chumchon.plans.models import BudgetSource, Plan, PlanItem
from chumchon.plans.selectors import target_households
from chumchon.plans.services import IndicatorInput, _require_write, item_create_in_transaction
from chumchon.poverty.models import DimensionCode

SPECS: tuple[ColumnSpec, ...] = (
    ColumnSpec("number", "ลำดับ", "No.", synonyms=("ลำดับที่", "ที่", "no")),
    ColumnSpec(
        "title", "ชื่อโครงการ/กิจกรรม", "Title", required=True, synonyms=("ชื่อโครงการ", "โครงการ", "รายการ", "ชื่อรายการ")
    ),
    ColumnSpec("problem", "ปัญหา", "Problem", synonyms=("สภาพปัญหา", "ปัญหา/ความต้องการ")),
    ColumnSpec("objective", "วัตถุประสงค์", "Objective"),
    ColumnSpec("target_group", "กลุ่มเป้าหมาย", "Target group", synonyms=("เป้าหมาย",)),
    ColumnSpec("dimension", "มิติความยากจน", "Poverty dimension", synonyms=("มิติ",)),
    ColumnSpec("activities", "กิจกรรม", "Activities", synonyms=("กิจกรรมหลัก",)),
    ColumnSpec("indicator", "ตัวชี้วัด", "Indicator"),
    ColumnSpec("baseline", "ค่าฐาน", "Baseline", synonyms=("ข้อมูลฐาน",)),
    ColumnSpec("budget_source", "แหล่งงบประมาณ", "Budget source", synonyms=("แหล่งงบ",)),
    ColumnSpec("responsible", "หน่วยงานรับผิดชอบ", "Responsible body", synonyms=("ผู้รับผิดชอบ", "หน่วยดำเนินการ")),
)

DIMENSION_WORDS: dict[str, str] = {
    "สุขภาพ": DimensionCode.HEALTH,
    "ความเป็นอยู่": DimensionCode.LIVING,
    "การศึกษา": DimensionCode.EDUCATION,
    "รายได้": DimensionCode.INCOME,
    "การเข้าถึงบริการรัฐ": DimensionCode.ACCESS,
    "การเข้าถึงบริการภาครัฐ": DimensionCode.ACCESS,
}
SOURCE_WORDS: dict[str, str] = {
    "ชุมชน": BudgetSource.COMMUNITY,
    "ชุมชนดำเนินการเอง": BudgetSource.COMMUNITY,
    "อปท": BudgetSource.LOCAL_GOVERNMENT,
    "อบต": BudgetSource.LOCAL_GOVERNMENT,
    "เทศบาล": BudgetSource.LOCAL_GOVERNMENT,
    "องค์กรปกครองส่วนท้องถิ่น": BudgetSource.LOCAL_GOVERNMENT,
    "อำเภอ": BudgetSource.DISTRICT,
    "จังหวัด": BudgetSource.PROVINCE,
    "พอช": BudgetSource.CODI,
    "หน่วยงานอื่น": BudgetSource.OTHER_AGENCY,
    "เอกชน": BudgetSource.PRIVATE,
}
_YEAR = re.compile(r"(25[0-9]{2})")


def _lookup(words: dict[str, str], enum: Any) -> dict[str, str]:
    table = {normalise_header(k): v for k, v in words.items()}
    for value, label in enum.choices:
        table[normalise_header(value)] = value
        table[normalise_header(str(label))] = value
    return table


def _choice(value: Any, table: dict[str, str], th: str, en: str) -> str:
    text = parse_text(value)
    if text is None:
        return ""
    found = table.get(normalise_header(text))
    if found is None:
        raise CellError("bad_choice", f"ไม่รู้จัก{th}: {text!r}", f"unknown {en}: {text!r}")
    return found


def budget_columns(headers: Sequence[str], used: Iterable[str], plan: Plan) -> tuple[dict[int, str], list[str]]:
    """``{B.E. year: header}`` of the budget columns, and headers naming a year outside the plan."""
    taken = set(used)
    out: dict[int, str] = {}
    outside: list[str] = []
    for h in headers:
        if not h or h in taken:
            continue
        match = _YEAR.search(arabic_digits(h))
        if match is None:
            continue
        year = int(match.group(1))
        if plan.start_year_be <= year <= plan.end_year_be:
            out.setdefault(year, h)
        else:
            outside.append(h)
    return out, outside


@dataclass
class ParsedItem:
    row_number: int
    fields: dict[str, Any]
    budgets: dict[int, Decimal]
    indicators: list[IndicatorInput] = field(default_factory=list)


@dataclass
class ImportResult:
    errors: RowErrors
    items: list[PlanItem] = field(default_factory=list)
    rows_read: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def read_items(path: Path | str, plan: Plan, *, filename: str = "") -> tuple[list[ParsedItem], RowErrors]:
    """Read and check every row; nothing is written here."""
    errors = RowErrors()
    opened = open_mapped(path, SPECS, errors, filename=filename, header_rows=None)
    if opened is None:
        return [], errors
    table, mapping = opened
    years, outside = budget_columns(table.headers, mapping.values(), plan)
    for h in outside:
        errors.add(
            table.header_rows,
            h,
            "year_outside_plan",
            f"คอลัมน์ “{h}” เป็นปีที่อยู่นอกช่วงของแผน ({plan.start_year_be}–{plan.end_year_be})",
            f"Column “{h}” is a year outside the plan's period ({plan.start_year_be}–{plan.end_year_be})",
        )
    if errors:
        return [], errors
    for year, header in years.items():
        mapping[f"budget_{year}"] = header
    dims = _lookup(DIMENSION_WORDS, DimensionCode)
    sources = _lookup(SOURCE_WORDS, BudgetSource)
    parsed: list[ParsedItem] = []
    for number, row in mapped_rows(table, mapping):
        before = errors.total
        values: dict[str, Any] = {}
        budgets: dict[int, Decimal] = {}

        def cell(column: str, parse: Any, *, row: dict[str, Any] = row, number: int = number, **kw: Any) -> Any:
            try:
                return parse(row.get(column), **kw)
            except CellError as exc:
                errors.add_cell(number, mapping.get(column, column), exc)
                return None

        values["number"] = cell("number", parse_int, minimum=1)
        values["title"] = cell("title", parse_text, max_length=300)
        if not values["title"]:
            if values["number"] is not None and all(row.get(c) in (None, "") for c in row if c not in ("number",)):
                continue  # a numbered but empty line at the end of a committee's sheet
            errors.add(number, mapping.get("title", "title"), "required", "ต้องมีชื่อโครงการ", "the title is required")
        for name in ("problem", "objective", "target_group", "activities", "responsible", "indicator"):
            values[name] = cell(name, parse_text) or ""
        values["dimension"] = cell("dimension", _choice, table=dims, th="มิติ", en="dimension") or ""
        values["budget_source"] = (
            cell("budget_source", _choice, table=sources, th="แหล่งงบประมาณ", en="budget source")
            or BudgetSource.COMMUNITY
        )
        baseline = cell("baseline", parse_decimal)
        for year in years:
            amount = cell(f"budget_{year}", parse_decimal, minimum=Decimal(0))
            if amount is not None:
                budgets[year] = amount
        if errors.total > before:
            continue
        indicators = [IndicatorInput(values["indicator"], baseline=baseline)] if values["indicator"] else []
        parsed.append(ParsedItem(number, values, budgets, indicators))
    if not parsed and not errors:
        errors.add(1, "", "no_rows", "ไม่มีรายการในไฟล์", "The file has no items")
    return parsed, errors


def items_import(*, actor: User, plan: Plan, path: Path | str, filename: str = "") -> ImportResult:
    """Import the items of a plan from a file: every row is checked first; one error and nothing is written."""
    _require_write(actor, plan)
    parsed, errors = read_items(path, plan, filename=filename)
    result = ImportResult(errors=errors, rows_read=len(parsed))
    if errors:
        return result
    with transaction.atomic(durable=True):
        for p in parsed:
            f = p.fields
            result.items.append(
                item_create_in_transaction(
                    actor=actor,
                    plan=plan,
                    title=f["title"],
                    problem=f["problem"],
                    objective=f["objective"],
                    target_group=f["target_group"],
                    dimension=f["dimension"],
                    activities=f["activities"],
                    budget_source=f["budget_source"],
                    responsible_text=f["responsible"],
                    budgets=p.budgets,
                    indicators=p.indicators,
                )
            )
        events.items_imported_event(plan=plan, actor=actor, count=len(result.items), filename=filename)
    return result


# ---------------------------------------------------------------------------------------------
# Out: the template and the export


def export_headers(plan: Plan) -> list[str]:
    return [
        "ลำดับ",
        "ชื่อโครงการ/กิจกรรม",
        "ปัญหา",
        "วัตถุประสงค์",
        "กลุ่มเป้าหมาย",
        "มิติความยากจน",
        "ครัวเรือนเป้าหมาย (จากข้อมูล)",
        "กิจกรรม",
        "ตัวชี้วัด",
        "ค่าฐาน",
        "แหล่งงบประมาณ",
        "หน่วยงานรับผิดชอบ",
        "สถานะ",
        *[f"งบประมาณ {y}" for y in plan.years],
        "รวมงบประมาณ",
    ]


def export_rows(plan: Plan) -> Iterable[list[Any]]:
    items = list(
        plan.items.select_related("area", "plan__area", "responsible_body").prefetch_related("budgets", "indicators")
    )
    counts = target_households(items)
    dims = dict(DimensionCode.choices)
    sources = dict(BudgetSource.choices)
    for item in items:
        budgets = {b.fiscal_year_be: b.amount for b in item.budgets.all()}
        indicators = list(item.indicators.all())
        count = counts.get(item.pk)
        yield [
            item.number,
            item.title,
            item.problem,
            item.objective,
            item.target_group,
            str(dims.get(item.dimension, "")),
            count.households if count is not None else "",
            item.activities,
            "; ".join(i.name for i in indicators),
            "; ".join(str(i.baseline) for i in indicators if i.baseline is not None),
            str(sources.get(item.budget_source, "")),
            str(item.responsible_body or item.responsible_text),
            item.get_status_display(),
            *[budgets.get(y, "") for y in plan.years],
            sum(budgets.values(), Decimal(0)),
        ]


TEMPLATE_HEADERS = [
    "ลำดับ",
    "ชื่อโครงการ/กิจกรรม",
    "ปัญหา",
    "วัตถุประสงค์",
    "กลุ่มเป้าหมาย",
    "มิติความยากจน",
    "กิจกรรม",
    "ตัวชี้วัด",
    "ค่าฐาน",
    "แหล่งงบประมาณ",
    "หน่วยงานรับผิดชอบ",
]


def template_bytes(years: Sequence[int]) -> bytes:
    """An empty template: one header row in Thai, one example row, and a sheet explaining the columns."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "แผน"
    sheet.append(TEMPLATE_HEADERS + [f"งบประมาณ {y}" for y in years])
    for c in sheet[1]:
        c.font = Font(bold=True)
    sheet.append(
        [
            1,
            "ส่งเสริมอาชีพเลี้ยงไก่ไข่",
            "รายได้ครัวเรือนต่ำกว่าเกณฑ์",
            "เพิ่มรายได้ครัวเรือนเป้าหมาย",
            "ครัวเรือนยากจนเป้าหมาย 30 ครัวเรือน",
            "รายได้",
            "อบรม; จัดหาพันธุ์ไก่; ตั้งกลุ่มออมทรัพย์",
            "รายได้เพิ่มขึ้นร้อยละ 10",
            "0",
            "อปท.",
            "สภาองค์กรชุมชนตำบล",
            *["50,000" for _ in years],
        ]
    )
    help_sheet = workbook.create_sheet("คำอธิบาย")
    help_sheet.append(["คอลัมน์ / Column", "คำอธิบาย", "Explanation"])
    for row in (
        ("ชื่อโครงการ/กิจกรรม", "ต้องมี", "required"),
        ("มิติความยากจน", "สุขภาพ ความเป็นอยู่ การศึกษา รายได้ การเข้าถึงบริการรัฐ", "one of the five dimensions"),
        ("แหล่งงบประมาณ", "ชุมชน อปท. อำเภอ จังหวัด พอช. หน่วยงานอื่น เอกชน", "community, local government, …"),
        ("งบประมาณ 25xx", "บาท ใส่จุลภาคหรือเลขไทยได้", "baht; commas and Thai digits accepted"),
        ("หัวตาราง 2 แถว", "รับได้ เช่น “งบประมาณ (บาท)” ผสานเซลล์เหนือปี", "a two-row header with merged cells is accepted"),
    ):
        help_sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
