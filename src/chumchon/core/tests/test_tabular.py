"""The shared spreadsheet reader: formats, encodings, mapping, converters, error reports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook, load_workbook

from chumchon.core import tabular
from chumchon.core.tabular import CellError, ColumnSpec, RowErrors, TabularError, parse_choice

SPECS = [
    ColumnSpec("household_id", "รหัสครัวเรือน", "household id", required=True, synonyms=("hh_id", "รหัสบ้าน")),
    ColumnSpec("tambon_code", "รหัสตำบล", "tambon code", required=True, synonyms=("subdistrict_code",)),
    ColumnSpec("house_no", "บ้านเลขที่", "house number"),
]
ROWS = [["รหัสครัวเรือน", "รหัสตำบล", "บ้านเลขที่"], ["H1", "240104", "12/3"], ["H2", "240104", "ต่อ 5"]]


def _csv(tmp_path: Path, encoding: str, rows: list[list[str]] = ROWS, delimiter: str = ",") -> Path:
    path = tmp_path / f"f-{encoding}.csv"
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp874"])
def test_csv_encodings_are_detected_and_thai_survives(tmp_path: Path, encoding: str) -> None:
    table = tabular.open_tabular(_csv(tmp_path, encoding))
    assert table.format == "csv"
    assert table.encoding == ("cp874" if encoding == "cp874" else "utf-8-sig")
    assert table.headers == ROWS[0]  # no BOM left on the first header
    rows = list(table.rows())
    assert rows[0] == (2, {"รหัสครัวเรือน": "H1", "รหัสตำบล": "240104", "บ้านเลขที่": "12/3"})
    assert rows[1][1]["บ้านเลขที่"] == "ต่อ 5"


def test_semicolon_delimiter_and_blank_rows_are_skipped(tmp_path: Path) -> None:
    path = _csv(tmp_path, "utf-8", [*ROWS[:2], ["", "", ""], ROWS[2]], delimiter=";")
    rows = list(tabular.open_tabular(path).rows())
    assert [n for n, _ in rows] == [2, 4]  # the blank row 3 is skipped but numbering holds


def test_xlsx_and_parquet_read_the_same_rows(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in ROWS:
        ws.append(row)
    xlsx = tmp_path / "f.xlsx"
    wb.save(xlsx)
    parquet = tmp_path / "f.parquet"
    pq.write_table(pa.table({h: [r[i] for r in ROWS[1:]] for i, h in enumerate(ROWS[0])}), parquet)
    for path, fmt in ((xlsx, "xlsx"), (parquet, "parquet")):
        table = tabular.open_tabular(path, filename="upload.bin")
        assert table.format == fmt
        assert [r for _, r in table.rows()] == [dict(zip(ROWS[0], r, strict=True)) for r in ROWS[1:]]
        assert [n for n, _ in table.rows()] == [2, 3]


def test_old_xls_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(TabularError) as info:
        tabular.open_tabular(path)
    assert info.value.code == "old_excel" and ".xlsx" in info.value.message_en


def test_mapping_uses_thai_synonyms_and_reports_missing_required() -> None:
    headers = ["รหัส บ้าน", "Subdistrict_Code", "อื่น"]
    mapping = tabular.suggest_mapping(headers, SPECS)
    assert mapping == {"household_id": "รหัส บ้าน", "tambon_code": "Subdistrict_Code"}
    assert tabular.check_mapping(mapping, headers, SPECS) == []
    errors = tabular.check_mapping({"household_id": "รหัส บ้าน"}, headers, SPECS)
    assert [(e.code, e.column) for e in errors] == [("missing_column", "tambon_code")]
    errors = tabular.check_mapping({**mapping, "house_no": "nope"}, headers, SPECS)
    assert [e.code for e in errors] == ["unknown_header"]


def test_mapped_rows(tmp_path: Path) -> None:
    table = tabular.open_tabular(_csv(tmp_path, "utf-8"))
    rows = list(tabular.mapped_rows(table, {"household_id": "รหัสครัวเรือน", "house_no": "บ้านเลขที่"}))
    assert rows[0] == (2, {"household_id": "H1", "house_no": "12/3"})


def test_converters() -> None:
    assert tabular.parse_int("1,234") == 1234
    assert tabular.parse_int("๑๒") == 12
    assert tabular.parse_int(7.0) == 7
    assert tabular.parse_int("") is None
    with pytest.raises(CellError) as info:
        tabular.parse_int("12a")
    assert info.value.code == "bad_number"
    with pytest.raises(CellError):
        tabular.parse_int("5", maximum=3)
    assert tabular.parse_decimal("38,000.50") == Decimal("38000.50")
    assert tabular.parse_decimal(0.1) == Decimal("0.1")
    assert tabular.parse_date("15/03/2566") == dt.date(2023, 3, 15)
    assert tabular.parse_date("2023-03-15") == dt.date(2023, 3, 15)
    assert tabular.parse_date(dt.datetime(2566, 3, 15)) == dt.date(2023, 3, 15)
    with pytest.raises(CellError) as info:
        tabular.parse_date("31/02/2566")
    assert info.value.code == "bad_date"
    assert tabular.parse_bool("ใช่") is True and tabular.parse_bool(0) is False
    assert tabular.parse_code(240104.0, digits=6) == "240104"
    with pytest.raises(CellError):
        tabular.parse_code("40104", digits=6)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_error_report_has_thai_and_english_columns(fmt: str) -> None:
    errors = RowErrors(limit=2)
    errors.add(2, "tambon_code", "unknown_tambon", "ไม่รู้จักรหัสตำบล", "unknown tambon code")
    errors.add(3, "national_id", "bad_id", "เลขไม่ถูกต้อง", "bad ID")
    errors.add(4, "x", "y", "z", "w")
    assert len(errors) == 3 and errors.truncated == 1
    data = tabular.error_report_bytes(errors, fmt=fmt)
    if fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    else:
        ws = load_workbook(io.BytesIO(data)).active
        assert ws is not None
        rows = [["" if v is None else str(v) for v in r] for r in ws.iter_rows(values_only=True)]
    assert rows[0] == list(tabular.REPORT_HEADERS)
    assert rows[1] == ["2", "tambon_code", "unknown_tambon", "ไม่รู้จักรหัสตำบล", "unknown tambon code"]
    assert rows[3][2] == "truncated"


def test_parse_choice_reads_any_accepted_spelling() -> None:
    choices = {"active": "active", "ดำเนินการ": "active", "Dissolved": "dissolved", "ยุบเลิก": "dissolved"}
    assert parse_choice(" ดำเนินการ ", choices) == "active"
    assert parse_choice("DISSOLVED", choices) == "dissolved"
    assert parse_choice("", choices) is None and parse_choice(None, choices) is None
    with pytest.raises(CellError) as exc:
        parse_choice("ปิดกิจการ", choices)
    assert exc.value.code == "bad_choice"


def test_an_excel_upload_saved_without_its_extension_still_reads(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["รหัสครัวเรือน", "ชื่อ"])
    wb.active.append(["H1", "ก"])
    path = tmp_path / "upload"  # an upload saved under a temporary name
    wb.save(path)
    table = tabular.open_tabular(path, filename="รายงาน.xlsx")
    assert table.headers == ["รหัสครัวเรือน", "ชื่อ"] and [v for _, v in table.value_rows()] == [("H1", "ก")]


def test_two_header_rows_with_merged_cells_become_one_header_per_column(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["ลำดับ", "งบประมาณ (บาท)", None, "หมายเหตุ"])
    ws.append([None, "๒๕๖๖", "2567", None])
    ws.append([1, "1,000", 2000, "x"])
    for merged in ("A1:A2", "B1:C1", "D1:D2"):
        ws.merge_cells(merged)
    path = tmp_path / "upload"  # a stored upload has no .xlsx in its name
    wb.save(path)
    table = tabular.open_tabular(path, header_rows=None)
    assert (table.header_rows, table.headers) == (2, ["ลำดับ", "งบประมาณ (บาท) ๒๕๖๖", "งบประมาณ (บาท) 2567", "หมายเหตุ"])
    assert list(table.value_rows()) == [(3, (1, "1,000", 2000, "x"))]
    single = tmp_path / "single.xlsx"
    wb2 = Workbook()
    ws2 = wb2.active
    assert ws2 is not None
    ws2.append(["a", "b"])
    ws2.append([1, 2])
    wb2.save(single)
    assert tabular.open_tabular(single, header_rows=None).header_rows == 1
    assert list(tabular.open_tabular(single).rows()) == [(2, {"a": 1, "b": 2})]


def test_two_header_rows_in_csv(tmp_path: Path) -> None:
    path = tmp_path / "two.csv"
    path.write_text("ลำดับ,งบประมาณ,งบประมาณ\n,2566,2567\n1,5,6\n", encoding="utf-8")
    table = tabular.open_tabular(path, header_rows=2)
    assert table.headers == ["ลำดับ", "งบประมาณ 2566", "งบประมาณ 2567"]
    assert list(table.rows()) == [(3, {"ลำดับ": "1", "งบประมาณ 2566": "5", "งบประมาณ 2567": "6"})]
