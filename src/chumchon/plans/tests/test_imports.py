"""Excel import of a tambon plan: all or nothing, a row-level report in Thai and English, and the
committees' variations (a two-row header with merged cells, B.E. years, commas, Thai digits)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from openpyxl import Workbook, load_workbook

from chumchon.plans.imports import items_import, read_items, template_bytes
from chumchon.plans.models import BudgetSource, PlanItem
from chumchon.poverty.models import DimensionCode

from .conftest import World

pytestmark = pytest.mark.django_db


def _save(tmp_path: Path, rows: list[list[object]], merges: list[str] = ()) -> Path:  # type: ignore[assignment]
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    for m in merges:
        ws.merge_cells(m)
    path = tmp_path / "plan.xlsx"
    wb.save(path)
    return path


def test_a_two_row_merged_header_with_thai_digits_and_commas_imports(world: World, tmp_path: Path) -> None:
    plan = world.council_plan()
    path = _save(
        tmp_path,
        [
            ["ลำดับ", "ชื่อโครงการ", "วัตถุประสงค์", "มิติ", "แหล่งงบประมาณ", "งบประมาณ (บาท)", None, None, "หน่วยงานรับผิดชอบ"],
            [None, None, None, None, None, "๒๕๖๗", "2568", "ปี 2569", None],
            [1, "ส่งเสริมอาชีพเลี้ยงไก่ไข่", "เพิ่มรายได้", "รายได้", "อปท.", "๕๐,๐๐๐", "30,000.50", None, "สภาองค์กรชุมชน"],
            [2, "ธนาคารขยะ", "ลดขยะ", "ความเป็นอยู่", "ชุมชน", 12000, None, "1,000", ""],
            [3, None, None, None, None, None, None, None, None],
        ],
        merges=["A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:E2", "F1:H1", "I1:I2"],
    )
    result = items_import(actor=world.secretary, plan=plan, path=path, filename="plan.xlsx")
    assert result.ok, [e.message for e in result.errors]
    items = list(PlanItem.objects.filter(plan=plan).order_by("number"))
    assert [(i.title, i.dimension, i.budget_source) for i in items] == [
        ("ส่งเสริมอาชีพเลี้ยงไก่ไข่", DimensionCode.INCOME, BudgetSource.LOCAL_GOVERNMENT),
        ("ธนาคารขยะ", DimensionCode.LIVING, BudgetSource.COMMUNITY),
    ]
    assert {b.fiscal_year_be: b.amount for b in items[0].budgets.all()} == {
        2567: Decimal("50000.00"),
        2568: Decimal("30000.50"),
    }
    assert {b.fiscal_year_be: b.amount for b in items[1].budgets.all()} == {
        2567: Decimal("12000.00"),
        2569: Decimal("1000.00"),
    }
    assert items[0].responsible_text == "สภาองค์กรชุมชน"


def test_a_broken_file_imports_nothing_and_reports_each_row_in_thai_and_english(world: World, tmp_path: Path) -> None:
    plan = world.council_plan()
    world.item(plan, "รายการเดิม")
    path = _save(
        tmp_path,
        [
            ["ลำดับ", "ชื่อโครงการ/กิจกรรม", "มิติความยากจน", "แหล่งงบประมาณ", "งบประมาณ 2567", "งบประมาณ 2568"],
            [1, "ดี", "รายได้", "ชุมชน", "10,000", ""],
            [2, "", "รายได้", "ชุมชน", "1", ""],
            [3, "งบผิด", "สุขภาพ", "ชุมชน", "สองหมื่น", "-5"],
            [4, "มิติผิด", "ความสุข", "ธนาคาร", "", ""],
        ],
    )
    result = items_import(actor=world.secretary, plan=plan, path=path, filename="plan.xlsx")
    assert not result.ok and result.items == []
    found = {(e.row_number, e.code) for e in result.errors}
    assert found == {(3, "required"), (4, "bad_number"), (4, "out_of_range"), (5, "bad_choice")}
    assert len([e for e in result.errors if e.row_number == 5]) == 2
    for e in result.errors:
        assert e.message_th and e.message_en and e.message_th != e.message_en
    assert list(plan.items.values_list("title", flat=True)) == ["รายการเดิม"]
    # Through the page: the same report, in both languages, and still nothing imported.
    client = Client()
    client.force_login(world.secretary)
    with path.open("rb") as handle:
        page = client.post(f"/plans/{plan.pk}/import/", {"file": handle})
    text = page.content.decode()
    assert page.status_code == 200 and 'id="import-errors"' in text
    assert "ต้องมีชื่อโครงการ" in text and "the title is required" in text
    assert plan.items.count() == 1


def test_a_year_outside_the_plan_and_a_missing_title_column_are_file_errors(world: World, tmp_path: Path) -> None:
    plan = world.council_plan()
    path = _save(tmp_path, [["ลำดับ", "งบประมาณ 2580"], [1, "5"]])
    _, errors = read_items(path, plan)
    assert {e.code for e in errors} == {"missing_column", "year_outside_plan"}


def test_the_template_reads_back_as_one_item(world: World, tmp_path: Path) -> None:
    plan = world.council_plan()
    path = tmp_path / "template.xlsx"
    path.write_bytes(template_bytes(plan.years))
    assert load_workbook(path).sheetnames == ["แผน", "คำอธิบาย"]
    parsed, errors = read_items(path, plan)
    assert not errors and len(parsed) == 1
    assert parsed[0].budgets == {y: Decimal("50000") for y in plan.years}
