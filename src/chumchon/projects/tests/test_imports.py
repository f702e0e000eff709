"""Bulk import of progress reports: all or nothing per file, row-level Thai/English errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from chumchon.core.tabular import error_report_bytes
from chumchon.projects.imports import progress_import
from chumchon.projects.models import ProgressReport, ProjectEvent

from .conftest import World

pytestmark = pytest.mark.django_db


def write_csv(path: Path, text: str, encoding: str = "utf-8-sig") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_import_creates_reports(world: World, tmp_path: Path) -> None:
    a = world.to_in_progress(world.project(), tranche="50000")
    b = world.to_in_progress(world.project(title_th="โครงการ ข"), tranche="50000")
    path = write_csv(
        tmp_path / "p.csv",
        "รหัสโครงการ,วันที่รายงาน,ความก้าวหน้า (%),ใช้จ่ายแล้ว (บาท),ผลการดำเนินงาน\n"
        f'{a.pk},15/06/2565,40,"20,000",อบรม\n'
        f"{b.pk},2022-06-20,55.5,30000,ตลาด\n",
    )
    result = progress_import(path=path, actor=world.secretary, filename="p.csv")
    assert result.ok and result.created == 2
    a.refresh_from_db()
    b.refresh_from_db()
    assert str(a.progress_pct) == "40.00" and str(b.progress_pct) == "55.50"
    assert a.progress_reports.get().reported_on.isoformat() == "2022-06-15"


def test_tis620_csv_is_read(world: World, tmp_path: Path) -> None:
    a = world.to_in_progress(world.project(), tranche="50000")
    path = write_csv(
        tmp_path / "p.csv",
        f"รหัสโครงการ,วันที่รายงาน,ความก้าวหน้า (%),ใช้จ่ายแล้ว (บาท),ผลการดำเนินงาน\n{a.pk},15/06/2565,40,100,ประชุมหมู่บ้าน\n",
        encoding="cp874",
    )
    result = progress_import(path=path, actor=world.secretary)
    assert result.ok
    assert a.progress_reports.get().narrative == "ประชุมหมู่บ้าน"


def test_any_bad_row_rolls_back_the_whole_file(world: World, tmp_path: Path) -> None:
    a = world.to_in_progress(world.project(), tranche="50000")
    draft = world.project(title_th="ยังเป็นร่าง")
    events_before = ProjectEvent.objects.count()
    path = write_csv(
        tmp_path / "p.csv",
        "project_id,reported_on,progress_pct,spent_amount\n"
        f"{a.pk},2022-06-15,40,1000\n"  # fine on its own
        f"{a.pk},31/02/2565,140,abc\n"  # bad date, >100 %, not a number
        f"{draft.pk},2022-06-15,10,0\n"  # wrong state
        "999999,2022-06-15,10,0\n"  # no such project
        f"{a.pk},2022-06-16,50,60000\n",  # spends more than disbursed
    )
    result = progress_import(path=path, actor=world.secretary)
    assert not result.ok and result.created == 0
    assert ProgressReport.objects.count() == 0
    assert ProjectEvent.objects.count() == events_before
    a.refresh_from_db()
    assert a.progress_pct == 0
    by_row = {(e.row_number, e.column, e.code) for e in result.errors}
    assert {
        (3, "reported_on", "bad_date"),
        (3, "spent_amount", "bad_number"),
        (3, "progress_pct", "out_of_range"),
    } <= by_row
    # Cell errors stop the file before any service call; fix them and the state/permission errors show.
    path = write_csv(
        tmp_path / "p2.csv",
        "project_id,reported_on,progress_pct,spent_amount\n"
        f"{a.pk},2022-06-15,40,1000\n"
        f"{draft.pk},2022-06-15,10,0\n"
        "999999,2022-06-15,10,0\n"
        f"{a.pk},2022-06-16,50,60000\n",
    )
    result = progress_import(path=path, actor=world.secretary)
    assert result.created == 0 and ProgressReport.objects.count() == 0
    errors = {e.row_number: e for e in result.errors}
    assert set(errors) == {3, 4, 5}
    assert "ไม่สามารถรายงานความก้าวหน้าในสถานะ “ร่าง”" in errors[3].message_th
    assert "Cannot report progress while the project is draft" in errors[3].message_en
    assert errors[4].code == "not_found"
    assert "เกินยอดเงินที่ได้รับโอน" in errors[5].message_th
    a.refresh_from_db()
    assert a.progress_pct == 0  # row 2 was rolled back with the rest
    report = error_report_bytes(result.errors).decode("utf-8-sig")
    assert "แถว / Row" in report and "Cannot report progress" in report


def test_rows_outside_scope_are_refused(world: World, tmp_path: Path) -> None:
    a = world.to_in_progress(world.project())
    path = write_csv(tmp_path / "p.csv", f"project_id,reported_on,progress_pct,spent_amount\n{a.pk},2022-06-15,40,0\n")
    result = progress_import(path=path, actor=world.other_secretary)
    assert [e.code for e in result.errors] == ["not_allowed"]
    assert ProgressReport.objects.count() == 0


def test_missing_required_column_and_xlsx(world: World, tmp_path: Path) -> None:
    a = world.to_in_progress(world.project())
    wb = Workbook()
    ws = wb.active
    ws.append(["project_id", "reported_on", "progress_pct"])
    ws.append([a.pk, "2022-06-15", 40])
    wb.save(tmp_path / "p.xlsx")
    result = progress_import(path=tmp_path / "p.xlsx", actor=world.secretary)
    assert [e.code for e in result.errors] == ["missing_column"]
    ws.cell(row=1, column=4, value="spent_amount")
    ws.cell(row=2, column=4, value=100)
    wb.save(tmp_path / "p.xlsx")
    assert progress_import(path=tmp_path / "p.xlsx", actor=world.secretary).created == 1
