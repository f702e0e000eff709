"""Reading field spreadsheets (ตารางข้อมูล): CSV, Excel and Parquet into row dicts, with row errors.

Field data arrives as Excel, as CSV in UTF-8 (with or without a BOM) or TIS-620/cp874, or as Parquet.
This module is the one reader every import uses:

1. ``open_tabular(path)`` detects the format (and a CSV's encoding and delimiter) and exposes the
   source headers and the rows as ``{source header: value}``;
2. ``suggest_mapping(headers, specs)`` maps source headers to the importer's target columns through
   Thai/English synonyms; the user confirms or corrects the mapping;
3. ``mapped_rows(table, mapping)`` yields ``(row_number, {target column: value})``;
4. converters (``parse_int``, ``parse_decimal``, ``parse_date``, ``parse_bool``, ``parse_text``) raise
   ``CellError`` with a code and a bilingual message, collected with the row number and column in a
   ``RowErrors`` collector;
5. ``write_error_report`` writes the collected errors as CSV (UTF-8 with BOM, so Excel shows Thai) or
   Excel, with Thai and English columns, so the sender can fix the file row by row.

Row numbers are the ones a person sees in the spreadsheet: the header is row 1, the first data row
is row 2 (Parquet files use the same numbering, so a report reads the same whatever the format).

Committees often head a sheet with two rows — a group over its columns in merged cells ("งบประมาณ
(บาท)" over "2566", "2567" …) and the column names under it. ``open_tabular(..., header_rows=2)``
reads such a header: merged cells are spread over the columns they cover and each column's header is
its group and its own name joined ("งบประมาณ (บาท) 2566"); a name merged down over both rows is used
once. ``header_rows=None`` decides by the sheet: two when the first row holds merged cells (Excel),
one otherwise. The first data row is then row 3.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from chumchon.core.bilingual import bilingual
from chumchon.core.thai import arabic_digits

FORMATS = ("csv", "xlsx", "parquet")
FIRST_DATA_ROW = 2  # the header is row 1
_SNIFF_BYTES = 64 * 1024


class TabularError(ValueError):
    """The file as a whole cannot be read (wrong format, no header, unreadable encoding)."""

    def __init__(self, code: str, message_th: str, message_en: str) -> None:
        super().__init__(bilingual(message_th, message_en))
        self.code = code
        self.message_th = message_th
        self.message_en = message_en


class CellError(ValueError):
    """One value cannot be used; the importer adds the row number and the column."""

    def __init__(self, code: str, message_th: str, message_en: str) -> None:
        super().__init__(bilingual(message_th, message_en))
        self.code = code
        self.message_th = message_th
        self.message_en = message_en


@dataclass(frozen=True)
class RowError:
    """One problem in one row (``column`` may be "" for a whole-row or whole-file problem)."""

    row_number: int
    column: str
    code: str
    message_th: str
    message_en: str

    @property
    def message(self) -> str:
        return bilingual(self.message_th, self.message_en)


@dataclass
class RowErrors:
    """Collects row errors; keeps at most ``limit`` (the count goes on) so a broken file can't exhaust memory."""

    limit: int = 10_000
    errors: list[RowError] = field(default_factory=list)
    total: int = 0

    def add(self, row_number: int, column: str, code: str, message_th: str, message_en: str) -> None:
        self.total += 1
        if len(self.errors) < self.limit:
            self.errors.append(RowError(row_number, column, code, message_th, message_en))

    def add_cell(self, row_number: int, column: str, error: CellError) -> None:
        self.add(row_number, column, error.code, error.message_th, error.message_en)

    @property
    def truncated(self) -> int:
        return self.total - len(self.errors)

    def __bool__(self) -> bool:
        return self.total > 0

    def __len__(self) -> int:
        return self.total

    def __iter__(self) -> Iterator[RowError]:
        return iter(self.errors)


# ---------------------------------------------------------------------------------------------
# Reading


@dataclass
class Table:
    """An opened file: its format, its encoding (CSV), its headers, and a way to iterate its rows."""

    path: Path
    format: str
    headers: list[str]
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    header_rows: int = 1

    @property
    def first_data_row(self) -> int:
        return self.header_rows + 1

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """``(row_number, {source header: value})`` for every non-empty data row."""
        for number, values in self.value_rows():
            yield number, _zip(self.headers, values)

    def value_rows(self) -> Iterator[tuple[int, Sequence[Any]]]:
        """``(row_number, values in header order)`` for every non-empty data row (no dict per row:
        ``mapped_rows`` picks its columns by position)."""
        if self.format == "csv":
            yield from self._csv_rows()
        elif self.format == "xlsx":
            yield from self._xlsx_rows()
        else:
            yield from self._parquet_rows()

    def has_rows(self) -> bool:
        """Whether at least one non-empty data row follows the header."""
        if self.format == "parquet":
            import pyarrow.parquet as pq  # delays pyarrow (heavy) until a Parquet file is read

            return bool(pq.ParquetFile(self.path).metadata.num_rows)
        rows = self.value_rows()
        try:
            return next(rows, None) is not None
        finally:
            close = getattr(rows, "close", None)
            if close is not None:
                close()

    def preview(self, n: int = 10) -> list[tuple[int, dict[str, Any]]]:
        out: list[tuple[int, dict[str, Any]]] = []
        for item in self.rows():
            out.append(item)
            if len(out) >= n:
                break
        return out

    def _csv_rows(self) -> Iterator[tuple[int, Sequence[Any]]]:
        with self.path.open(encoding=self.encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=self.delimiter or ",")
            for _ in range(self.header_rows):
                next(reader, None)
            for index, values in enumerate(reader):
                if not any(v.strip() for v in values):
                    continue
                yield index + self.first_data_row, values

    def _xlsx_rows(self) -> Iterator[tuple[int, Sequence[Any]]]:
        from openpyxl import load_workbook

        # Opened through a handle: openpyxl refuses a path whose name lacks .xlsx (a stored upload's).
        with self.path.open("rb") as handle:
            workbook = load_workbook(handle, read_only=True, data_only=True)
            try:
                sheet = workbook[self.sheet] if self.sheet else workbook.worksheets[0]
                rows = sheet.iter_rows(values_only=True)
                for _ in range(self.header_rows):
                    next(rows, None)
                for index, values in enumerate(rows):
                    if not any(v is not None and str(v).strip() for v in values):
                        continue
                    yield index + self.first_data_row, values
            finally:
                workbook.close()

    def _parquet_rows(self) -> Iterator[tuple[int, Sequence[Any]]]:
        import pyarrow.parquet as pq  # delays pyarrow (heavy) until a Parquet file is read

        number = FIRST_DATA_ROW
        for batch in pq.ParquetFile(self.path).iter_batches(batch_size=10_000):
            names = set(batch.schema.names)
            columns = [batch.column(h).to_pylist() if h in names else [None] * batch.num_rows for h in self.headers]
            for values in zip(*columns, strict=True):
                yield number, values
                number += 1


def _zip(headers: Sequence[str], values: Sequence[Any]) -> dict[str, Any]:
    row = {h: (values[i] if i < len(values) else None) for i, h in enumerate(headers) if h}
    return row


def detect_format(path: Path, filename: str = "") -> str:
    """By content first (zip → xlsx, PAR1 → parquet), then by the name; otherwise CSV."""
    with path.open("rb") as handle:
        head = handle.read(4)
    name = (filename or path.name).lower()
    if head == b"PAR1":
        return "parquet"
    if head[:2] == b"PK":
        return "xlsx"
    if name.endswith(".xls") or head == b"\xd0\xcf\x11\xe0":
        raise TabularError(
            "old_excel",
            "ไฟล์ Excel รุ่นเก่า (.xls) ยังไม่รองรับ กรุณาบันทึกเป็น .xlsx หรือ CSV",
            "Old Excel files (.xls) are not supported: save as .xlsx or CSV",
        )
    return "csv"


def detect_encoding(path: Path) -> str:
    """The CSV's text encoding, checked over the whole file.

    ``utf-16`` when it starts with a UTF-16 byte-order mark (Excel's "Unicode text" export: UTF-16 LE,
    tab-separated); ``utf-8-sig`` when it decodes as UTF-8 (BOM or not); else ``cp874`` (TIS-620
    superset). A file that decodes as none of them is refused with ``TabularError("bad_encoding")``."""
    with path.open("rb") as handle:
        head = handle.read(2)
    candidates = ("utf-16",) if head in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else ("utf-8", "cp874")
    for encoding in candidates:
        decoder = codecs.getincrementaldecoder(encoding)()
        with path.open("rb") as handle:
            try:
                while chunk := handle.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                continue
        return "utf-8-sig" if encoding == "utf-8" else encoding
    raise TabularError(
        "bad_encoding",
        "อ่านตัวอักษรในไฟล์ไม่ได้: บันทึกเป็น CSV แบบ UTF-8 หรือ Excel (.xlsx) แล้วส่งใหม่",
        "The file's characters cannot be read: save it as CSV UTF-8 or Excel (.xlsx) and send it again",
    )


def _sniff_delimiter(sample: str) -> str:
    first_line = sample.split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in (",", "\t", ";", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def open_tabular(path: Path | str, *, filename: str = "", sheet: str = "", header_rows: int | None = 1) -> Table:
    """Open a CSV, Excel or Parquet file and read its header row (or two header rows, see above;
    ``None``: decide by the sheet's merged cells)."""
    path = Path(path)
    fmt = detect_format(path, filename)
    if fmt == "csv":
        encoding = detect_encoding(path)
        with path.open(encoding=encoding, newline="") as handle:
            sample = handle.read(_SNIFF_BYTES)
        delimiter = _sniff_delimiter(sample)
        rows = csv.reader(io.StringIO(sample), delimiter=delimiter)
        count = header_rows or 1
        head = [next(rows, []) for _ in range(count)]
        header = combine_header_rows(head[0], head[1]) if count == 2 else head[0]
        table = Table(path, fmt, _clean_headers(header), encoding=encoding, delimiter=delimiter, header_rows=count)
    elif fmt == "xlsx":
        if header_rows == 1:
            table = Table(path, fmt, _xlsx_headers(path, sheet), sheet=sheet)
        else:
            headers, count = _xlsx_merged_headers(path, sheet, header_rows)
            table = Table(path, fmt, headers, sheet=sheet, header_rows=count)
    else:
        import pyarrow.parquet as pq  # delays pyarrow (heavy) until a Parquet file is read

        try:
            names = list(pq.ParquetFile(path).schema_arrow.names)
        except Exception as exc:  # pyarrow raises several types for a damaged file
            raise TabularError("unreadable", "อ่านไฟล์ Parquet ไม่ได้", f"The Parquet file cannot be read ({exc})") from exc
        table = Table(path, fmt, _clean_headers(names))
    if not any(table.headers):
        raise TabularError("no_header", "ไม่พบแถวหัวตาราง (แถวที่ 1)", "No header row found (row 1)")
    if not table.has_rows():
        raise TabularError(
            "no_rows",
            f"ไฟล์ {filename or path.name} ไม่มีแถวข้อมูล มีเพียงแถวหัวตาราง",
            f"The file {filename or path.name} has no rows: only a header",
        )
    return table


def _xlsx_headers(path: Path, sheet: str) -> list[str]:
    from openpyxl import load_workbook

    handle = path.open("rb")  # a handle: openpyxl refuses a path whose name lacks .xlsx (a stored upload's)
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several types for a damaged file
        handle.close()
        raise TabularError("unreadable", "อ่านไฟล์ Excel ไม่ได้", f"The Excel file cannot be read ({exc})") from exc
    try:
        if sheet and sheet not in workbook.sheetnames:
            raise TabularError("no_sheet", f"ไม่พบแผ่นงาน {sheet!r}", f"No sheet named {sheet!r}")
        ws = workbook[sheet] if sheet else workbook.worksheets[0]
        first = next(ws.iter_rows(values_only=True, max_row=1), ())
        return _clean_headers(["" if v is None else str(v) for v in first])
    finally:
        workbook.close()
        handle.close()


def combine_header_rows(top: Sequence[Any], bottom: Sequence[Any]) -> list[str]:
    """One header per column from two header rows (merged cells already spread): the group above and
    the name below joined; a cell merged down over both rows (the same text twice) is used once."""
    width = max(len(top), len(bottom))
    out: list[str] = []
    for i in range(width):
        a = str(top[i]).strip() if i < len(top) and top[i] is not None else ""
        b = str(bottom[i]).strip() if i < len(bottom) and bottom[i] is not None else ""
        out.append(a if not b or a == b else (f"{a} {b}" if a else b))
    return out


def _xlsx_merged_headers(path: Path, sheet: str, header_rows: int | None) -> tuple[list[str], int]:
    """The headers of a sheet with one or two header rows, merged cells spread over their columns."""
    from openpyxl import load_workbook

    try:
        with path.open("rb") as handle:  # a handle: openpyxl would refuse a stored upload's name without .xlsx
            workbook = load_workbook(handle, read_only=False, data_only=True)  # merged ranges need the full model
    except Exception as exc:  # openpyxl raises several types for a damaged file
        raise TabularError("unreadable", "อ่านไฟล์ Excel ไม่ได้", f"The Excel file cannot be read ({exc})") from exc
    try:
        if sheet and sheet not in workbook.sheetnames:
            raise TabularError("no_sheet", f"ไม่พบแผ่นงาน {sheet!r}", f"No sheet named {sheet!r}")
        ws = workbook[sheet] if sheet else workbook.worksheets[0]
        ranges = [r for r in ws.merged_cells.ranges if r.min_row <= 2]
        count = header_rows or (2 if any(r.min_row == 1 for r in ranges) else 1)
        width = ws.max_column or 0
        grid = [[ws.cell(row=r, column=c).value for c in range(1, width + 1)] for r in range(1, count + 1)]
        for merged in ranges:
            value = ws.cell(row=merged.min_row, column=merged.min_col).value
            for r in range(merged.min_row, min(merged.max_row, count) + 1):
                for c in range(merged.min_col, merged.max_col + 1):
                    grid[r - 1][c - 1] = value
        header = combine_header_rows(grid[0], grid[1]) if count == 2 else ["" if v is None else str(v) for v in grid[0]]
        return _clean_headers(header), count
    finally:
        workbook.close()


def _clean_headers(headers: Iterable[str]) -> list[str]:
    """Strip headers and make duplicates distinct (``name``, ``name (2)``) so no column is lost."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for raw in headers:
        h = str(raw or "").replace("\ufeff", "").strip()
        if h:
            seen[h] = seen.get(h, 0) + 1
            if seen[h] > 1:
                h = f"{h} ({seen[h]})"
        out.append(h)
    return out


def file_sha256(path: Path | str) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------
# Column mapping


@dataclass(frozen=True)
class ColumnSpec:
    """A target column of an importer, with the names it is known by in the field."""

    name: str
    label_th: str
    label_en: str
    required: bool = False
    synonyms: tuple[str, ...] = ()


_HEADER_NOISE = re.compile(r"[\s_\-./()\[\]:#*]+")


def normalise_header(header: str) -> str:
    """Case, spaces, underscores and punctuation do not matter when matching headers."""
    return _HEADER_NOISE.sub("", arabic_digits(str(header)).lower())


def suggest_mapping(headers: Sequence[str], specs: Sequence[ColumnSpec]) -> dict[str, str]:
    """``{target column: source header}`` for every target whose name, labels or synonyms match a header."""
    by_norm: dict[str, str] = {}
    for h in headers:
        if h:
            by_norm.setdefault(normalise_header(h), h)
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for spec in specs:
        for candidate in (spec.name, spec.label_th, spec.label_en, *spec.synonyms):
            source = by_norm.get(normalise_header(candidate))
            if source and source not in used:
                mapping[spec.name] = source
                used.add(source)
                break
    return mapping


def check_mapping(mapping: Mapping[str, str], headers: Sequence[str], specs: Sequence[ColumnSpec]) -> list[RowError]:
    """Whole-file errors: a required column not mapped, or mapped to a header the file lacks."""
    errors: list[RowError] = []
    present = set(headers)
    for spec in specs:
        source = mapping.get(spec.name, "")
        if source and source not in present:
            errors.append(
                RowError(
                    1,
                    source,
                    "unknown_header",
                    f"ไม่พบคอลัมน์ “{source}” ในไฟล์",
                    f"The file has no column “{source}”",
                )
            )
        elif spec.required and not source:
            errors.append(
                RowError(
                    1,
                    spec.name,
                    "missing_column",
                    f"ไม่มีคอลัมน์ที่ต้องมี: {spec.label_th} ({spec.name})",
                    f"Required column missing: {spec.label_en} ({spec.name})",
                )
            )
    return errors


def open_mapped(
    path: Path | str,
    specs: Sequence[ColumnSpec],
    errors: RowErrors,
    *,
    filename: str = "",
    header_rows: int | None = 1,
) -> tuple[Table, dict[str, str]] | None:
    """Open a file and map its headers onto ``specs``: the first step of every import.

    Whole-file problems (unreadable, a required column missing) go into ``errors``; ``None`` when the
    file cannot be read at all."""
    try:
        table = open_tabular(path, filename=filename, header_rows=header_rows)
    except TabularError as exc:
        errors.add(1, "", exc.code, exc.message_th, exc.message_en)
        return None
    mapping = suggest_mapping(table.headers, specs)
    for e in check_mapping(mapping, table.headers, specs):
        errors.add(e.row_number, e.column, e.code, e.message_th, e.message_en)
    return table, mapping


def mapped_rows(table: Table, mapping: Mapping[str, str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(row_number, {target column: value})``; unmapped targets are absent."""
    position = {header: i for i, header in enumerate(table.headers) if header}  # a repeated header: the last
    pairs = [(target, position.get(source, -1)) for target, source in mapping.items() if source]
    for number, values in table.value_rows():
        width = len(values)
        yield number, {target: values[i] if 0 <= i < width else None for target, i in pairs}


def mapped_column_batches(
    table: Table, mapping: Mapping[str, str], *, size: int = 50_000, arrow: bool = False
) -> Iterator[tuple[list[int], dict[str, Any]]]:
    """The rows of ``mapped_rows`` in bounded batches, as columns: ``(row numbers, {target: values})``
    with every mapped target present (``None`` where a row is too short). Same rows, row numbers and
    skipped blank rows as ``mapped_rows``; memory bounded by ``size`` rows whatever the file's length.

    A plain CSV (no quotes, no empty lines, one header row — what survey systems export) is parsed by
    Arrow's multi-threaded reader, transcoding TIS-620/cp874 while it streams; from a row Arrow will
    not take (a short or long row) on, and for any other file, the rows come from ``value_rows``.

    With ``arrow``, the batches Arrow parsed come as Arrow string arrays (no Python object per cell;
    a column the file lacks is an array of nulls); those from Python's reader are still lists."""
    position = {header: i for i, header in enumerate(table.headers) if header}
    pairs = [(target, position.get(source, -1)) for target, source in mapping.items() if source]
    last = 0
    if _arrow_readable(table):
        try:
            for arrow_numbers, columns in _arrow_batches(table, pairs, size, arrow):
                last = arrow_numbers[-1]
                yield arrow_numbers, columns
            return
        except _ArrowStopped:
            pass  # go on with Python's reader after the last row yielded
    numbers: list[int] = []
    rows: list[Sequence[Any]] = []
    for number, values in table.value_rows():
        if number <= last:
            continue
        numbers.append(number)
        rows.append(values)
        if len(rows) >= size:
            yield numbers, _transpose(rows, pairs)
            numbers, rows = [], []
    if rows:
        yield numbers, _transpose(rows, pairs)


class _ArrowStopped(Exception):
    pass


# Every character Python's str.strip() removes (a superset test; rows it flags are checked in Python).
_MAYBE_BLANK = r"^[\s\x0b\x1c-\x1f\x85\xa0\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]*$"


def _arrow_readable(table: Table) -> bool:
    if table.format != "csv" or table.header_rows != 1 or table.encoding not in ("utf-8-sig", "cp874"):
        return False
    if len(table.headers) < 2:
        return False
    # Only quotes keep a file from Arrow (it parses without quoting): one byte searched for, in one
    # reused buffer (no copy of each chunk into new bytes, and — unlike a memory-mapped file, whose
    # pages count in the process's RSS — no more of the file held than the buffer). An empty line
    # needs no search: Arrow is told not to skip it, so it refuses the row (one field where the
    # header has two or more) and Python's reader goes on from there with the rows' own numbering.
    buffer = bytearray(_SCAN_BYTES)
    view = memoryview(buffer)
    with table.path.open("rb", buffering=0) as handle:
        while read := handle.readinto(view):
            if buffer.find(b'"', 0, read) >= 0:
                return False
    return True


_SCAN_BYTES = 1 << 22


def _arrow_batches(
    table: Table, pairs: Sequence[tuple[str, int]], size: int, arrow: bool = False
) -> Iterator[tuple[list[int], dict[str, Any]]]:
    # A Python file object, not the path: given a path, Arrow reads the file ahead on an I/O thread
    # as fast as it can, so a slow consumer ends up holding most of the file in memory (90 MB of an
    # 80 MB file's strings measured); from a Python file, blocks are read as batches are asked for.
    with table.path.open("rb") as handle:
        yield from _arrow_batches_from(handle, table, pairs, size, arrow)


def _arrow_batches_from(
    handle: IO[bytes], table: Table, pairs: Sequence[tuple[str, int]], size: int, arrow: bool
) -> Iterator[tuple[list[int], dict[str, Any]]]:
    import pyarrow as pa  # delays pyarrow (heavy) until a large CSV is read
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    width = len(table.headers)
    names = [f"c{i}" for i in range(width)]
    try:
        reader = _open_arrow_csv(handle, table, names, pa, pacsv)
    except pa.ArrowInvalid as exc:
        raise _ArrowStopped from exc
    number = table.first_data_row
    pending: list[Any] = []
    pending_rows = 0
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            break
        except pa.ArrowInvalid as exc:
            yield from _arrow_slices(
                pending, pairs, number - pending_rows, len(pending) and pending_rows, pc, arrow=arrow
            )
            raise _ArrowStopped from exc
        pending.append(batch)
        pending_rows += batch.num_rows
        number += batch.num_rows
        if pending_rows >= size:
            whole = pending_rows - pending_rows % size
            yield from _arrow_slices(pending, pairs, number - pending_rows, size, pc, whole, arrow=arrow)
            rest = pa.Table.from_batches(pending).slice(whole)
            pending, pending_rows = rest.to_batches(), rest.num_rows
    yield from _arrow_slices(pending, pairs, number - pending_rows, max(pending_rows, 1), pc, arrow=arrow)


def _arrow_slices(
    batches: list[Any],
    pairs: Sequence[tuple[str, int]],
    first: int,
    size: int,
    pc: Any,
    upto: int | None = None,
    *,
    arrow: bool = False,
) -> Iterator[tuple[list[int], dict[str, Any]]]:
    import pyarrow as pa

    if not batches or not size:
        return
    data = pa.Table.from_batches(batches)
    end = data.num_rows if upto is None else upto
    for start in range(0, end, size):
        part = data.slice(start, min(size, end - start))
        numbers, columns = _arrow_columns(part, pairs, first + start, pc, arrow)
        if numbers:
            yield numbers, columns


# Arrow's streaming CSV reader reads ahead on a background thread, up to 32 blocks whatever
# ``use_threads`` says (the queue's depth is fixed in Arrow): 4 MB blocks held up to 128 MB of the
# file (the whole file, for one under 128 MB), so a job's peak grew with the file up to that. With
# 1 MB blocks the read-ahead is at most 32 MB for any file, at the same CPU time (measured).
ARROW_BLOCK_BYTES = 1 << 20


def _open_arrow_csv(handle: IO[bytes], table: Table, names: list[str], pa: Any, pacsv: Any) -> Any:
    return pacsv.open_csv(
        handle,
        read_options=pacsv.ReadOptions(
            encoding="utf8" if table.encoding == "utf-8-sig" else table.encoding,
            skip_rows=1,
            column_names=names,
            block_size=ARROW_BLOCK_BYTES,
            use_threads=False,  # a background job on a shared machine: one core, no contention
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=table.delimiter or ",", quote_char=False, ignore_empty_lines=False
        ),  # an empty line: refused (one field), Python's reader goes on from it
        convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False),
    )


def _arrow_columns(
    data: Any, pairs: Sequence[tuple[str, int]], first: int, pc: Any, arrow: bool = False
) -> tuple[list[int], dict[str, Any]]:
    import pyarrow as pa

    numbers = list(range(first, first + data.num_rows))
    # A blank row has a blank first cell: only rows whose first cell may be blank are looked at in Python.
    maybe_blank = pc.match_substring_regex(data.column(0), _MAYBE_BLANK) if data.num_columns else None
    if maybe_blank is not None and pc.any(maybe_blank).as_py():
        candidates = pc.indices_nonzero(maybe_blank).to_pylist()
        rows = data.take(candidates).to_pylist()
        blank_rows = {i for i, row in zip(candidates, rows, strict=True) if not any(v.strip() for v in row.values())}
        if blank_rows:
            keep = [i not in blank_rows for i in range(data.num_rows)]
            data = data.filter(pa.array(keep, pa.bool_()))
            numbers = [n for n, k in zip(numbers, keep, strict=True) if k]
    n = data.num_rows
    if arrow:
        return numbers, {
            t: data.column(i).combine_chunks() if 0 <= i < data.num_columns else pa.nulls(n, pa.string())
            for t, i in pairs
        }
    return numbers, {t: data.column(i).to_pylist() if 0 <= i < data.num_columns else [None] * n for t, i in pairs}


def _transpose(rows: list[Sequence[Any]], pairs: Sequence[tuple[str, int]]) -> dict[str, list[Any]]:
    widths = set(map(len, rows))
    if len(widths) == 1:  # the usual file: every row as wide as the header, transposed in C
        width = widths.pop()
        columns = list(zip(*rows, strict=True)) if width else []
        return {t: list(columns[i]) if 0 <= i < width else [None] * len(rows) for t, i in pairs}
    return {t: [r[i] if 0 <= i < len(r) else None for r in rows] for t, i in pairs}


# ---------------------------------------------------------------------------------------------
# Converters: each returns a clean value or raises CellError (None for an empty cell).


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_text(value: Any, *, max_length: int | None = None) -> str | None:
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel stores codes typed as numbers as floats
    text = str(value).strip()
    if max_length is not None and len(text) > max_length:
        raise CellError("too_long", f"ยาวเกิน {max_length} ตัวอักษร", f"longer than {max_length} characters")
    return text


def parse_code(value: Any, *, digits: int) -> str | None:
    """A DOPA-style numeric code (Excel may have dropped its leading zero: 40104 → 040104 is not valid)."""
    text = parse_text(value)
    if text is None:
        return None
    text = arabic_digits(text).replace("-", "").replace(" ", "")
    if not re.fullmatch(rf"[0-9]{{{digits}}}", text):
        raise CellError(
            "bad_code",
            f"รหัสต้องเป็นตัวเลข {digits} หลัก: {text!r}",
            f"the code must be {digits} digits: {text!r}",
        )
    return text


def parse_int(value: Any, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError("bad_number", f"ไม่ใช่จำนวนเต็ม: {value!r}", f"not a whole number: {value!r}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = arabic_digits(str(value)).replace(",", "").strip()
        if not re.fullmatch(r"[+-]?[0-9]+(\.0+)?", text):
            raise CellError("bad_number", f"ไม่ใช่จำนวนเต็ม: {value!r}", f"not a whole number: {value!r}")
        number = int(text.split(".")[0])
    if minimum is not None and number < minimum:
        raise CellError("out_of_range", f"ต้องไม่น้อยกว่า {minimum}: {number}", f"must be at least {minimum}: {number}")
    if maximum is not None and number > maximum:
        raise CellError("out_of_range", f"ต้องไม่เกิน {maximum}: {number}", f"must be at most {maximum}: {number}")
    return number


def parse_decimal(value: Any, *, minimum: Decimal | None = None) -> Decimal | None:
    """Exact decimal (money, income): floats from Excel are read through their shortest repr."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        raise CellError("bad_number", f"ไม่ใช่ตัวเลข: {value!r}", f"not a number: {value!r}")
    try:
        number = (
            Decimal(repr(value))
            if isinstance(value, float)
            else Decimal(arabic_digits(str(value)).replace(",", "").strip())
        )
    except InvalidOperation:
        raise CellError("bad_number", f"ไม่ใช่ตัวเลข: {value!r}", f"not a number: {value!r}") from None
    if not number.is_finite():
        raise CellError("bad_number", f"ไม่ใช่ตัวเลข: {value!r}", f"not a number: {value!r}")
    if minimum is not None and number < minimum:
        raise CellError("out_of_range", f"ต้องไม่น้อยกว่า {minimum}: {number}", f"must be at least {minimum}: {number}")
    return number


_DATE_PATTERNS = (
    re.compile(r"^(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})"),
    re.compile(r"^(?P<d>[0-9]{1,2})[/.-](?P<m>[0-9]{1,2})[/.-](?P<y>[0-9]{4})$"),
)


def parse_date(value: Any) -> dt.date | None:
    """ISO or day/month/year; a year above 2400 is Buddhist Era (พ.ศ.) and is converted."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _be_to_ce(value.year, value.month, value.day, value)
    text = arabic_digits(str(value)).strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            return _be_to_ce(int(match["y"]), int(match["m"]), int(match["d"]), value)
    raise CellError("bad_date", f"ไม่ใช่วันที่ (วว/ดด/ปปปป): {value!r}", f"not a date (dd/mm/yyyy): {value!r}")


def _be_to_ce(year: int, month: int, day: int, raw: Any) -> dt.date:
    if year > 2400:
        year -= 543
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise CellError("bad_date", f"วันที่ไม่มีจริง: {raw!r}", f"no such date: {raw!r}") from None


def parse_choice(value: Any, choices: Mapping[str, str]) -> str | None:
    """One of a fixed set of values, written any way the field writes it: ``choices`` maps every
    accepted spelling (a code, a Thai or an English label…) to the stored value; case, spaces and
    punctuation do not matter (as for headers)."""
    if is_blank(value):
        return None
    wanted = normalise_header(str(value))
    for spelling, stored in choices.items():
        if normalise_header(spelling) == wanted:
            return stored
    shown = ", ".join(dict.fromkeys(list(choices)[:8]))
    raise CellError(
        "bad_choice", f"ไม่ใช่ค่าที่รับได้: {value!r} (เช่น {shown})", f"not an accepted value: {value!r} (e.g. {shown})"
    )


_TRUE = {"1", "true", "yes", "y", "t", "ใช่", "มี", "ผ่าน", "x", "✓"}
_FALSE = {"0", "false", "no", "n", "f", "ไม่ใช่", "ไม่มี", "ไม่ผ่าน", "-"}


_BOOL_FAST: dict[str, bool | None] = {"1": True, "0": False, "": None}


def parse_bool(value: Any) -> bool | None:
    if value.__class__ is str and value in _BOOL_FAST:  # the common case of a large CSV, without regexes
        return _BOOL_FAST[value]
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = arabic_digits(str(value)).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError("bad_boolean", f"ต้องเป็น ใช่/ไม่ใช่ (1/0): {value!r}", f"must be yes/no (1/0): {value!r}")


# ---------------------------------------------------------------------------------------------
# Error reports

REPORT_HEADERS = ("แถว / Row", "คอลัมน์ / Column", "รหัส / Code", "ข้อผิดพลาด", "Error")


def _report_rows(errors: RowErrors | Iterable[RowError]) -> Iterator[tuple[Any, ...]]:
    for e in errors:
        yield (e.row_number, e.column, e.code, e.message_th, e.message_en)
    truncated = getattr(errors, "truncated", 0)
    if truncated:
        yield (
            "",
            "",
            "truncated",
            f"และข้อผิดพลาดอื่นอีก {truncated:,} รายการ (แก้ไขรายการข้างต้นแล้วนำเข้าใหม่)",
            f"and {truncated:,} more errors (fix the ones above and import again)",
        )


def write_error_report(errors: RowErrors | Iterable[RowError], handle: IO[bytes], *, fmt: str = "csv") -> None:
    """Write a row-by-row report with Thai and English columns to a binary handle (CSV or xlsx)."""
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title="errors")
        sheet.append(list(REPORT_HEADERS))
        for row in _report_rows(errors):
            sheet.append(list(row))
        workbook.save(handle)
        return
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="", write_through=True)
    try:
        writer = csv.writer(text)
        writer.writerow(REPORT_HEADERS)
        writer.writerows(_report_rows(errors))
        text.flush()
    finally:
        text.detach()  # leave the caller's handle open


def error_report_bytes(errors: RowErrors | Iterable[RowError], *, fmt: str = "csv") -> bytes:
    buffer = io.BytesIO()
    write_error_report(errors, buffer, fmt=fmt)
    return buffer.getvalue()
