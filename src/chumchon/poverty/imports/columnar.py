"""Checks of a survey import's two files in columns, in bounded batches (nothing is written here).

The rules, messages and their order are those of the row-by-row reference validator
(``imports.validation.Validator``, kept as this module's test oracle): a corpus test holds the two to
the same report on the same broken files. How it gets there faster:

* the file is read in batches of ``BATCH_ROWS`` rows (``tabular.mapped_column_batches``: the same
  reader, row numbers and encodings — cp874 is transcoded while streaming), so memory is bounded by
  the batch, not the file, apart from the typed Arrow columns kept for the write (a few bytes a cell)
  and the household / national-ID keys needed for duplicates;
* each column is checked as a whole: codes, dates, flags, sex and incomes are converted once per
  distinct value (the same converters as the reference), national-ID check digits are computed with
  Arrow over the whole batch, duplicates are set look-ups;
* a row that passes every column check is clean; the few rows that do not (every row with an error,
  and some that only look odd, such as an ID written with dashes) go through the reference rules one
  by one, which write the messages. The fast checks only ever decide "clean", never a message.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import itertools
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc
import pyarrow.parquet as pq
from django.utils import timezone

from chumchon.core import tabular
from chumchon.core.jobs import Progress
from chumchon.core.national_id import NationalIdError, check_digit, clean_national_id
from chumchon.core.tabular import CellError, RowError, RowErrors
from chumchon.poverty import store
from chumchon.poverty.imports.validation import ImportScope
from chumchon.poverty.models import SurveyImport

BATCH_ROWS = 65_536  # rows per batch: Arrow strings (no Python object per cell), some tens of MB
# Distinct values remembered per column (bounds memory on a hostile file; cleared when exceeded).
_MEMO_LIMIT = 100_000
_BOOL_PERSON = ("welfare_registered", "welfare_verified", "disabled", "chronically_ill", "bedridden")
_SEX = {"m": "M", "male": "M", "ชาย": "M", "1": "M", "f": "F", "female": "F", "หญิง": "F", "2": "F"}
_EARLIEST_BIRTH = dt.date(1890, 1, 1)
_TEXT_COLUMNS = ("relation_to_head", "education", "occupation")


class _Finer:
    """An income in baht finer than a satang (reported by the row rules)."""


_FINER = _Finer()


def _indicator(value: Any) -> int | None:
    parsed = tabular.parse_bool(value)
    return None if parsed is None else int(parsed)


def _sex(value: Any) -> str | None:
    return _SEX.get(str(tabular.parse_text(value) or "").strip().lower())


def _baht(value: Any) -> Any:
    baht = tabular.parse_decimal(value, minimum=Decimal(0))
    if baht is None:
        return None
    satang = baht * 100
    return int(satang) if satang == satang.to_integral_value() else _FINER


def _texts(values: list[Any]) -> list[str | None]:
    """``parse_text`` (no length limit) of every value; strings (a CSV's cells) without a call each."""
    if _all_str(values):
        return [v.strip() or None for v in values]
    return [tabular.parse_text(v) for v in values]


# Every character Python's str.strip() removes, at either end of a cell.
_WS = r"[\s\x0b\x1c-\x1f\x85\xa0\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]"
_EDGE_WS = rf"^{_WS}|{_WS}$"


# UTF-8 bytes that may begin or end a character str.strip() removes: the ASCII ones themselves, and
# the lead bytes of the others (U+0085, U+00A0: C2; U+1680: E1; U+2000–U+205F: E2; U+3000: E3). Thai
# letters (E0 …) are none of them, so a Thai cell is looked at no further.
_ASCII_SPACE = np.zeros(256, dtype=bool)
_ASCII_SPACE[list(b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f ")] = True
_LEAD_SPACE = _ASCII_SPACE.copy()
_LEAD_SPACE[[0xC2, 0xE1, 0xE2, 0xE3]] = True


def _maybe_edge_space(values: pa.Array) -> pa.Array | None:
    """Cells that may begin or end with space, from the bytes at their edges (a superset: every
    cell with space at an edge, and a few without; stripping those changes nothing); None for an
    array not of plain strings."""
    if values.type != pa.string():
        return None
    n = len(values)
    buffers = values.buffers()
    if n == 0 or buffers[2] is None or not buffers[2].size:
        return pa.array(np.zeros(n, dtype=bool))
    offsets = np.frombuffer(buffers[1], dtype=np.int32, count=n + 1, offset=values.offset * 4)
    data = np.frombuffer(buffers[2], dtype=np.uint8)
    starts, ends = offsets[:-1], offsets[1:]
    size = ends - starts
    first = data[np.where(size > 0, starts, 0)]
    last = data[np.where(size > 0, ends - 1, 0)]
    second_last = data[np.where(size >= 2, ends - 2, 0)]
    third_last = data[np.where(size >= 3, ends - 3, 0)]
    maybe = (size > 0) & (
        _LEAD_SPACE[first]
        | _ASCII_SPACE[last]
        | ((size >= 2) & (second_last == 0xC2))
        | ((size >= 3) & (third_last >= 0xE1) & (third_last <= 0xE3))
    )
    return pa.array(maybe)


def _texts_array(values: Any) -> pa.Array:
    """``parse_text`` (no length limit) of a column: cells with space at an edge are stripped by
    Python (the same ``str.strip``), blank ones become null."""
    if isinstance(values, list):
        return pa.array(_texts(values), pa.string())
    edge = _maybe_edge_space(values)
    if edge is None:
        edge = pc.fill_null(pc.match_substring_regex(values, _EDGE_WS), False)
    if pc.any(edge).as_py():
        stripped = [v.strip() for v in values.filter(edge).to_pylist()]
        values = pc.replace_with_mask(values, edge, pa.array(stripped, pa.string()))
    return pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values)


def _strings(values: Any, n: int) -> Any:
    """A batch's column as an Arrow string array, or the list itself when its cells are not all text."""
    if values is None:
        return pa.nulls(n, pa.string())
    if isinstance(values, pa.Array):
        return values
    if set(map(type, values)) <= _STR_OR_NONE:
        return pa.array(values, pa.string())
    return values


def _python_values(values: Any, at: Any) -> list[Any]:
    if isinstance(values, list):
        return [values[i] for i in at]
    return values.take(pa.array(at, pa.int64())).to_pylist()


def _mark(suspect: np.ndarray, mask: Any) -> None:
    """Rows where ``mask`` (an Arrow boolean array, null = no; or one scalar for every row) holds
    become suspect."""
    if isinstance(mask, pa.Scalar):
        if mask.as_py():
            suspect[:] = True
        return
    suspect |= pc.fill_null(mask, False).to_numpy(zero_copy_only=False)


def _valid_ids(values: list[Any]) -> list[bool]:
    """Whether each cell is already a clean national ID (13 ASCII digits, right check digit).
    False only means "let the row rules look at it"."""
    return [
        v.__class__ is str and len(v) == 13 and v.isascii() and v.isdigit() and check_digit(v[:12]) == int(v[12])
        for v in values
    ]


_WEIGHTS = np.array([13 - k for k in range(12)], dtype=np.int64)
_POWERS = np.array([10 ** (12 - k) for k in range(13)], dtype=np.int64)


def _valid_ids_array(arr: pa.Array) -> np.ndarray:
    """``_valid_ids`` of a string column: 13 ASCII digits (Arrow), right check digit (numpy)."""
    shaped = pc.fill_null(pc.match_substring_regex(arr, r"^[0-9]{13}$"), False)
    safe = pc.if_else(shaped, arr, pa.scalar("0000000000000"))
    number = pc.cast(safe, pa.int64()).to_numpy(zero_copy_only=False)
    digits = (number[:, None] // _POWERS[None, :]) % 10
    check = (11 - (digits[:, :12] @ _WEIGHTS) % 11) % 10
    return shaped.to_numpy(zero_copy_only=False) & (check == digits[:, 12])


_STR_OR_NONE = {str, type(None)}
_MISSING = object()


def _all_str(values: list[Any]) -> bool:
    return set(map(type, values)) <= {str}


_ISO = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_DMY = r"^[0-9]{2}/[0-9]{2}/[0-9]{4}$"


def _fast_dates(arr: pa.Array) -> pa.Array:
    """``parse_date`` of the plain spellings (yyyy-mm-dd, dd/mm/yyyy, B.E. or C.E.): the digits cut
    out with Arrow, the calendar (month lengths, leap years) with numpy's dates; null where a cell is
    spelled otherwise or is no date (those go through ``parse_date`` itself)."""
    iso = pc.fill_null(pc.match_substring_regex(arr, _ISO), False)
    dmy = pc.fill_null(pc.match_substring_regex(arr, _DMY), False)
    either = pc.or_(iso, dmy)

    def part(iso_at: int, dmy_at: int, width: int, blank: str) -> np.ndarray:
        text = pc.if_else(
            iso,
            pc.utf8_slice_codeunits(arr, iso_at, iso_at + width),
            pc.utf8_slice_codeunits(arr, dmy_at, dmy_at + width),
        )
        return pc.cast(pc.if_else(either, text, blank), pa.int64()).to_numpy(zero_copy_only=False)

    year, month, day = part(0, 6, 4, "2000"), part(5, 3, 2, "01"), part(8, 0, 2, "01")
    year = np.where(year > 2400, year - 543, year)
    ok = either.to_numpy(zero_copy_only=False) & (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1)
    year, month = np.where(ok, year, 2000), np.where(ok, month, 1)
    start = (year - 1970).astype("datetime64[Y]").astype("datetime64[M]") + (month - 1)
    first = start.astype("datetime64[D]")
    length = ((start + 1).astype("datetime64[D]") - first).astype(np.int64)
    ok &= day <= length
    days = (first - np.datetime64("1970-01-01", "D")).astype(np.int64) + day - 1
    return pa.array(days.astype(np.int32), pa.date32(), mask=~ok)


def _fast_incomes(satang: Any, baht: Any) -> tuple[pa.Array, np.ndarray] | None:
    """Incomes in satang of the plain spellings with Arrow, and the rows left to the reference's
    converters; None when a column's cells are not all text."""
    if isinstance(satang, list) or isinstance(baht, list):
        return None
    s_arr, b_arr = satang, baht
    s_empty = pc.fill_null(pc.equal(s_arr, ""), True)
    s_ok = pc.fill_null(pc.match_substring_regex(s_arr, r"^[0-9]{1,15}$"), False)
    b_empty = pc.fill_null(pc.equal(b_arr, ""), True)
    b_ok = pc.fill_null(
        pc.match_substring_regex(b_arr, r"^([0-9]{1,12}|[0-9]{1,3}(,[0-9]{3}){1,3})(\.[0-9]{1,2})?$"), False
    )
    use_baht = pc.and_(s_empty, b_ok)
    done = pc.or_(s_ok, pc.or_(use_baht, pc.and_(s_empty, b_empty)))
    s_val = pc.cast(pc.if_else(s_ok, s_arr, "0"), pa.int64())
    plain = pc.if_else(use_baht, pc.replace_substring(b_arr, ",", ""), "0")
    b_val = pc.cast(pc.multiply(pc.cast(plain, pa.decimal128(18, 2)), pa.scalar(100, pa.decimal128(5, 0))), pa.int64())
    value = pc.if_else(s_ok, s_val, pc.if_else(use_baht, b_val, pa.scalar(None, pa.int64())))
    return value, np.flatnonzero(~done.to_numpy(zero_copy_only=False))


class _Log:
    """Rows appended batch by batch to a Parquet file in the job's spool (in memory without a
    directory, for tests), read back by DuckDB: what a file's checks need of every row, kept out of
    the process's memory."""

    SCHEMA: pa.Schema

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._batches: list[pa.RecordBatch] = []
        self._writer: Any = None

    def add(self, arrays: Sequence[Any]) -> None:
        batch = pa.RecordBatch.from_arrays(list(arrays), schema=self.SCHEMA)
        if self.path is None:
            self._batches.append(batch)
            return
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = pq.ParquetWriter(self.path, self.SCHEMA, compression="none", use_dictionary=False)
        self._writer.write_batch(batch)

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def source(self, con: Any, name: str) -> str:
        """A relation of the rows for ``con``: the Parquet file, or the batches registered as ``name``."""
        self.close()
        if self.path is None:
            con.register(name, pa.Table.from_batches(self._batches, schema=self.SCHEMA))
            return name
        if not self.path.exists():
            con.register(name, self.SCHEMA.empty_table())
            return name
        return f"read_parquet({store.sql_list([self.path])})"


def _connection() -> Any:
    """A DuckDB database of the job's own for its look-ups: one thread, bounded memory, spilling beyond."""
    return store.duckdb_connection(memory_limit=LOOKUP_MEMORY, threads=1)


# DuckDB's memory for the household look-ups (it spills to disk beyond): whatever the file's number
# of households, the job's peak does not grow with it.
LOOKUP_MEMORY = "160MB"


def _first_found(con: Any, select: str, limit: int) -> tuple[list[tuple[Any, ...]], int]:
    """The rows of ``select`` (a query with a ``row`` column) kept as a temporary table: the first ``limit``
    in row order, and how many in all (a report lists up to its cap and counts the rest)."""
    con.execute(f"CREATE TEMP TABLE found AS {select}")
    total = con.execute("SELECT count(*) FROM found").fetchone()
    if not total or not total[0]:
        return [], 0
    return con.execute(f"SELECT * FROM found ORDER BY row LIMIT {int(limit)}").fetchall(), int(total[0])


class RepeatedIds(_Log):
    """The national IDs of a person file with their rows, kept out of memory: each batch's (ID as a
    64-bit integer, row) pairs are appended to a Parquet file (16 bytes a person on disk; in memory
    without a directory, for tests), and the repeats are found once the file is read, by DuckDB
    within a fixed memory limit (``LOOKUP_MEMORY``, spilling to disk beyond it: 32 and 64 MB failed on a
    national file's 36 M IDs). Memory stays flat in the file's size, where a sorted index of every ID
    took 16 bytes a person. The file stays (in the job's spool) for the look-up of the IDs the round
    holds in other areas."""

    SCHEMA = pa.schema([("key", pa.int64()), ("row", pa.int64())])

    def __init__(self, directory: Path | None) -> None:
        super().__init__(directory / "national-ids.parquet" if directory is not None else None)

    def add_ids(self, keys: np.ndarray, rows: np.ndarray) -> None:
        """A batch's IDs (``keys``; -1: none) and row numbers."""
        has = keys >= 0
        self.add([pa.array(keys[has]), pa.array(rows[has])])

    def repeats(self, limit: int) -> tuple[list[tuple[int, int]], int]:
        """``([(row, first row of its ID)] of the first ``limit`` rows repeating an earlier row's ID, in
        row order), how many rows repeat one in all)``."""
        con = _connection()
        try:
            source = self.source(con, "id_rows")
            con.execute(
                "CREATE TEMP TABLE repeated AS SELECT key, min(row) AS first, count(*) AS n "
                f"FROM {source} GROUP BY key HAVING count(*) > 1"
            )
            total = con.execute("SELECT coalesce(sum(n - 1), 0)::BIGINT FROM repeated").fetchone()
            if not total or not total[0]:
                return [], 0
            found = con.execute(
                f"SELECT i.row, r.first FROM {source} i JOIN repeated r USING (key) WHERE i.row > r.first "
                f"ORDER BY i.row LIMIT {int(limit)}"
            ).fetchall()
            return [(int(a), int(b)) for a, b in found], int(total[0])
        finally:
            con.close()


class HouseholdKeys(_Log):
    """The household file's ids, row by row (id: None when unusable; tambon: the row's usable code,
    "" if none). After the file: the repeated ids (``repeats``) and, per id, its first row and that
    row's tambon (``firsts``, a Parquet file beside the log) — computed by DuckDB, so no structure
    per household lives in the process (a sorted index of every id took ~42 bytes a household)."""

    SCHEMA = pa.schema([("row", pa.int64()), ("household_id", pa.string()), ("tambon", pa.string())])
    FIRST_SCHEMA = pa.schema([("household_id", pa.string()), ("tambon", pa.string()), ("row", pa.int64())])

    def __init__(self, directory: Path | None) -> None:
        super().__init__(directory / "household-keys.parquet" if directory is not None else None)
        self.later_path = directory / "household-later.parquet" if directory is not None else None
        self._later: pa.Table | None = None
        self.tambons: set[str] = set()
        self.repeated: bool | None = None  # whether an id repeats (known once ``repeats`` has run)

    def add_batch(self, ids: pa.Array, rows: np.ndarray, tambons: pa.Array) -> None:
        self.add([pa.array(rows, pa.int64()), ids, tambons])
        held = pc.unique(tambons.filter(ids.is_valid())).to_pylist()
        self.tambons.update(t for t in held if t)

    def tambon_codes(self) -> set[str]:
        return set(self.tambons)

    def repeats(self, limit: int) -> tuple[list[tuple[int, int, str]], int]:
        """``([(row, first row of its id, id)] of the first ``limit`` rows repeating an earlier row's
        id, in row order), how many rows repeat one in all)``. Grouped by the ids' 64-bit hashes first
        (a string key's aggregate does not spill within the memory limit: 13 M ids failed at 128 MB),
        then the few rows sharing a hash by their ids themselves."""
        con = _connection()
        try:
            source = self.source(con, "household_keys")
            con.execute(
                "CREATE TEMP TABLE shared AS SELECT hash(household_id) AS h "
                f"FROM {source} WHERE household_id IS NOT NULL GROUP BY h HAVING count(*) > 1"
            )
            con.execute(
                f"CREATE TEMP TABLE candidates AS SELECT k.row, k.household_id FROM {source} k "
                "SEMI JOIN shared s ON hash(k.household_id) = s.h"
            )
            con.execute(
                "CREATE TEMP TABLE repeated AS SELECT household_id, min(row) AS first, count(*) AS n "
                "FROM candidates GROUP BY household_id HAVING count(*) > 1"
            )
            total = con.execute("SELECT coalesce(sum(n - 1), 0)::BIGINT FROM repeated").fetchone()
            self.repeated = bool(total and total[0])
            if not total or not total[0]:
                return [], 0
            later = (
                "SELECT c.row, r.first, c.household_id FROM candidates c JOIN repeated r USING (household_id) "
                "WHERE c.row > r.first"
            )
            # The later rows of repeated ids: left out of each id's first row (``firsts``).
            if self.later_path is None:
                self._later = con.execute(f"SELECT row FROM ({later})").to_arrow_table()
            else:
                con.execute(
                    f"COPY (SELECT row FROM ({later})) TO '{store._sql_str(str(self.later_path))}' (FORMAT parquet)"
                )
            found = con.execute(f"{later} ORDER BY c.row LIMIT {int(limit)}").fetchall()
            return [(int(a), int(b), str(c)) for a, b, c in found], int(total[0])
        finally:
            con.close()

    def firsts(self, con: Any, name: str = "household_firsts") -> str:
        """A relation for ``con`` of each id's first row and its tambon: the log itself when no id
        repeats, else without the later rows of repeated ids."""
        log = self.source(con, name)
        if not self.repeated:
            return f"(SELECT household_id, tambon, row FROM {log} WHERE household_id IS NOT NULL)"
        if self.later_path is None:
            con.register(f"{name}_later", self._later)
            later = f"{name}_later"
        else:
            later = f"read_parquet({store.sql_list([self.later_path])})"
        return (
            f"(SELECT k.household_id, k.tambon, k.row FROM {log} k ANTI JOIN {later} l ON k.row = l.row "
            "WHERE k.household_id IS NOT NULL)"
        )

    def held_elsewhere(
        self, survey_round: Any, except_tambons: Sequence[str], limit: int
    ) -> tuple[list[tuple[int, str]], int]:
        """``([(first row, id)] of the first ``limit`` ids, in row order, that the round's store already
        holds in a tambon other than ``except_tambons``), how many in all)``: one DuckDB semi-join of
        the ids with two columns of the round's household files."""
        files = store.household_files(store.round_dir(survey_round))
        if not files:
            return [], 0
        con = _connection()
        try:
            firsts = self.firsts(con)
            con.register("replaced", pa.table({"tambon_code": pa.array(sorted(set(except_tambons)), pa.string())}))
            found, total = _first_found(
                con,
                f"SELECT f.row, f.household_id FROM {firsts} f SEMI JOIN "
                f"(SELECT household_id FROM read_parquet({store.sql_list(files)}) "
                "WHERE tambon_code NOT IN (SELECT tambon_code FROM replaced)) h "
                "ON f.household_id = h.household_id",
                limit,
            )
            return [(int(r), str(h)) for r, h in found], total
        finally:
            con.close()

    def _first_table(self) -> pa.Table:
        con = _connection()
        try:
            return con.sql(f"SELECT * FROM {self.firsts(con)} ORDER BY row").to_arrow_table()
        finally:
            con.close()

    def as_dict(self) -> dict[str, str]:
        """Household id → the tambon of its first row ("" when unusable), in the file's order (tests)."""
        table = self._first_table()
        return dict(zip(table.column("household_id").to_pylist(), table.column("tambon").to_pylist(), strict=True))

    def first_rows(self) -> dict[str, int]:
        """Household id → its first row, in the file's order (tests)."""
        table = self._first_table()
        return dict(zip(table.column("household_id").to_pylist(), table.column("row").to_pylist(), strict=True))


class PersonKeys(_Log):
    """What the household rules of a person row need, row by row: its household id (usable ones
    only), its own tambon code (null when blank or unreadable) and, when unreadable, that cell's
    error. Checked against the household file's first rows once the file is read (``problems``)."""

    SCHEMA = pa.schema(
        [
            ("row", pa.int64()),
            ("household_id", pa.string()),
            ("given", pa.string()),
            ("err_code", pa.string()),
            ("err_th", pa.string()),
            ("err_en", pa.string()),
        ]
    )

    def __init__(self, directory: Path | None) -> None:
        super().__init__(directory / "person-keys.parquet" if directory is not None else None)

    def problems(self, households: HouseholdKeys, limit: int) -> tuple[list[tuple[Any, ...]], int]:
        """The person rows whose household rules fail, the first ``limit`` in row order, as ``(row,
        household id, given tambon, error code, th, en, household's tambon, household missing)``, and
        how many in all: one DuckDB join of the person file's ids with the household file's."""
        con = _connection()
        try:
            persons = self.source(con, "person_keys")
            firsts = households.firsts(con)
            found, total = _first_found(
                con,
                "SELECT p.row, p.household_id, p.given, p.err_code, p.err_th, "
                "p.err_en, h.tambon, h.household_id IS NULL AS missing "
                f"FROM {persons} p LEFT JOIN {firsts} h ON p.household_id = h.household_id "
                "WHERE p.household_id IS NOT NULL AND (h.household_id IS NULL OR p.err_code IS NOT NULL "
                "OR (p.given IS NOT NULL AND h.tambon <> '' AND p.given <> h.tambon))",
                limit,
            )
            return [tuple(r) for r in found], total
        finally:
            con.close()


class Spool:
    """Validated batches of one file: in memory (no ``directory``) or appended to one Arrow IPC file
    per district (the tambon code's first four digits) under ``directory``, buffered up to
    ``flush_rows`` rows in all, so memory stays bounded whatever the file's length. (Arrow IPC, not
    Parquet: written and read back without encoding, and read once, by the write step.)"""

    def __init__(self, schema: pa.Schema, directory: Path | None, *, flush_rows: int = 65_536) -> None:
        self.schema = schema
        self.directory = directory
        self.flush_rows = flush_rows
        self.rows = 0
        self._batches: list[pa.RecordBatch] = []
        self._pending: dict[str, list[pa.RecordBatch]] = {}
        self._pending_rows = 0
        self._writers: dict[str, Any] = {}

    def write(self, batch: pa.RecordBatch) -> None:
        self.rows += batch.num_rows
        if self.directory is None:
            self._batches.append(batch)
            return
        self._pending.setdefault("", []).append(batch)
        self._pending_rows += batch.num_rows
        if self._pending_rows >= self.flush_rows:
            self._flush()

    def _flush(self) -> None:
        """The pending rows sorted once by subdistrict and household (stable: a household's persons
        keep the file's order), each subdistrict's run appended to its district's file as one batch."""
        assert self.directory is not None
        parts = [b for bs in self._pending.values() for b in bs]
        self._pending, self._pending_rows = {}, 0
        if not parts:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        table = pa.Table.from_batches(parts, schema=self.schema)
        order = pc.sort_indices(table, [("tambon_code", "ascending"), ("household_id", "ascending")])
        table = table.take(order).combine_chunks()
        del parts, order
        runs = pc.run_end_encode(table.column("tambon_code").combine_chunks())
        start = 0
        for end, tambon in zip(runs.run_ends.to_pylist(), runs.values.to_pylist(), strict=True):
            code = (tambon or "")[:4]
            writer = self._writers.get(code)
            if writer is None:
                writer = self._writers[code] = pa.ipc.new_file(self.directory / f"{code}.arrow", self.schema)
            writer.write_table(table.slice(start, end - start), max_chunksize=max(end - start, 1))
            start = end
        del table
        pa.default_memory_pool().release_unused()

    def close(self) -> None:
        if self.directory is not None:
            self._flush()
            for writer in self._writers.values():
                writer.close()

    def take(self, code: str) -> Path | None:
        """Close one district's file and hand it over (it is no longer the spool's); None when the
        spool has none. The rows still pending are written first."""
        if self.directory is None:
            return None
        self._flush()
        writer = self._writers.pop(code, None)
        if writer is None:
            return None
        writer.close()
        path = self.directory / f"{code}.arrow"
        taken = path.with_name(f"{code}.taken.arrow")
        path.rename(taken)
        return taken

    def table(self) -> pa.Table:
        """Every batch (in-memory spool only), in file order."""
        return pa.Table.from_batches(self._batches, schema=self.schema)

    def files(self) -> dict[str, Path]:
        """District code → its file (spool on disk)."""
        return {code: self.directory / f"{code}.arrow" for code in sorted(self._writers) if self.directory}


def read_spooled(path: Path, columns: list[str] | None = None) -> pa.Table:
    """A spooled file's rows (``columns`` only, when given). Memory-mapped: the columns not asked
    for are not read, and those asked for stay where they lie until used (the mapping lives as long
    as they do)."""
    with pa.memory_map(str(path), "rb") as source:
        table = pa.ipc.open_file(source).read_all()
    return table.select(columns) if columns is not None else table


def write_spooled(path: Path, table: pa.Table) -> None:
    """Write ``table`` as the spool does (for tests and tools)."""
    with pa.ipc.new_file(path, table.schema) as writer:
        writer.write_table(table)


class ColumnarValidator(ImportScope):
    """The reference ``Validator``'s steps: ``households()`` then ``persons(households)``. The
    validated columns (store schema) go to ``household_spool`` and ``person_spool``: kept in memory
    without ``spool_dir`` (tests), else written to one Parquet file per district under it."""

    def __init__(
        self,
        survey_import: SurveyImport,
        errors: RowErrors,
        progress: Progress,
        *,
        batch_rows: int = BATCH_ROWS,
        spool_dir: Path | None = None,
    ) -> None:
        super().__init__(survey_import, errors, progress)
        self.batch_rows = batch_rows
        self.hh_schema = store.household_schema(self.hh_codes)
        self.p_schema = store.person_schema(self.p_codes)
        self.first_households = HouseholdKeys(spool_dir)
        self._holes: dict[int, int] = {}
        self.spool_dir = spool_dir
        # The person file's national IDs (kept in the spool for the job's cross-area look-up).
        self.national_ids = RepeatedIds(spool_dir)
        self.household_spool = Spool(self.hh_schema, spool_dir / "households" if spool_dir else None)
        self.person_spool = Spool(self.p_schema, spool_dir / "persons" if spool_dir else None)

    # -- column helpers ------------------------------------------------------------------------

    def _convert(
        self,
        column: str,
        values: list[Any],
        fn: Callable[..., Any],
        suspect: set[int] | None = None,
        bad: Callable[[Any], bool] | None = None,
        **kw: Any,
    ) -> list[Any]:
        """``fn`` of every value, each distinct value converted once (a CellError is kept as the
        outcome). With ``suspect``: the positions whose outcome is an error, or ``bad``, are added."""
        cache = self._memo.setdefault(column, {})
        is_bad = bad or _is_error
        try:
            distinct = set(values)
        except TypeError:  # an unhashable cell (not from our readers): convert one by one
            outcomes = [self._outcome(fn, v, kw) for v in values]
            if suspect is not None:
                suspect.update(i for i, o in enumerate(outcomes) if is_bad(o))
            return outcomes
        missing = distinct.difference(cache)
        if len(cache) + len(missing) > _MEMO_LIMIT:
            cache.clear()
            missing = distinct
        for v in missing:
            cache[v] = self._outcome(fn, v, kw)
        if suspect is not None:
            failing = {v for v in distinct if is_bad(cache[v])}
            if failing:
                suspect.update(i for i, v in enumerate(values) if v in failing)
        return list(map(cache.__getitem__, values))

    @staticmethod
    def _outcome(fn: Callable[..., Any], value: Any, kw: dict[str, Any]) -> Any:
        try:
            return fn(value, **kw)
        except CellError as exc:
            return exc

    def _cell(self, row: int, column: str, fn: Any, value: Any, **kw: Any) -> Any:
        try:
            return fn(value, **kw)
        except CellError as exc:
            self.errors.add_cell(row, column, exc)
            return None

    def _cached(self, row: int, column: str, fn: Any, value: Any, **kw: Any) -> Any:
        outcome = self._outcome(fn, value, kw)
        if isinstance(outcome, CellError):
            self.errors.add_cell(row, column, outcome)
            return None
        return outcome

    def _batches(self, key: str, field: Any, filename: str) -> Any:
        table = tabular.open_tabular(field.path, filename=filename)
        mapping = self.imp.mapping.get(key, {})
        for numbers, cols in tabular.mapped_column_batches(table, mapping, size=self.batch_rows, arrow=True):
            yield numbers, cols
            self.progress.advance(0, f"{key}: {numbers[-1]:,}")

    # -- households ----------------------------------------------------------------------------

    def households(self) -> HouseholdKeys:
        """Check the household file; the validated batches go to ``self.household_spool``. Returns
        the household ids row by row (``HouseholdKeys``: on disk with a spool, each id's first row and
        its tambon code found by DuckDB), for the person file's checks."""
        keys = self.first_households = HouseholdKeys(self.spool_dir)
        start = len(self.errors.errors)
        known_tambons = pa.array(sorted(self.tambons), pa.string())
        known_villages = pa.array(sorted(v for vs in self.villages.values() for v in vs), pa.string())
        listed = pa.array(sorted(t for t, vs in self.villages.items() if vs), pa.string())
        for numbers, cols in self._batches("households", self.imp.household_file, self.imp.household_filename):
            n = len(numbers)

            def col(name: str, _n: int = n, _cols: dict[str, Any] = cols) -> Any:
                return _strings(_cols.get(name), _n)

            suspect = np.zeros(n, dtype=bool)
            hids = _texts_array(col("household_id"))
            _mark(suspect, pc.or_kleene(pc.is_null(hids), pc.greater(pc.utf8_length(hids), 64)))
            tambons, _ = self._distinct("tambon_code", col("tambon_code"), tabular.parse_code, pa.string(), digits=6)
            known = pc.fill_null(pc.is_in(tambons, value_set=known_tambons), False)
            _mark(suspect, pc.invert(known))
            usable = pc.if_else(known, tambons, "")
            given = pc.if_else(
                pc.fill_null(pc.greater(pc.utf8_length(hids), 64), False), pa.scalar(None, pa.string()), hids
            )
            # Repeated ids are found once the file is read (``_add_repeated_households``).
            keys.add_batch(given, np.asarray(numbers, dtype=np.int64), usable)
            villages, _ = self._distinct("village_code", col("village_code"), tabular.parse_code, pa.string(), digits=8)
            # A village code must start with its tambon's, and be one the tambon lists (if it lists any).
            starts = pc.equal(pc.utf8_slice_codeunits(villages, 0, 6), tambons)
            listed_ok = pc.or_(
                pc.invert(pc.fill_null(pc.is_in(tambons, value_set=listed), False)),
                pc.fill_null(pc.is_in(villages, value_set=known_villages), False),
            )
            _mark(suspect, pc.invert(pc.fill_null(pc.and_(starts, listed_ok), False)))
            members, bad = self._distinct(
                "members", col("members"), tabular.parse_int, pa.int16(), minimum=0, maximum=999
            )
            _mark(suspect, bad)
            indicators = []
            for c in self.hh_codes:
                values, bad = self._distinct(c, col(c), _indicator, store.INDICATOR_TYPE)
                _mark(suspect, bad)
                indicators.append(values)
            house_no = pc.fill_null(_texts_array(col("house_no")), "")
            # The row rules write the messages; where they find nothing, the column values above are
            # already theirs (the same converters), so nothing is patched.
            if suspect.any():
                at = np.flatnonzero(suspect).tolist()
                raw = {k: _python_values(v, at) for k, v in cols.items()}
                for j, i in enumerate(at):
                    self._household_row(numbers[i], {k: v[j] for k, v in raw.items()}, 0)
            if self.errors:
                continue  # keep checking rows, stop building columns
            arrays: list[Any] = [hids, house_no, villages, tambons, members, *indicators]
            names = ["household_id", "house_no", "village_code", "tambon_code", "members", *self.hh_codes]
            self.household_spool.write(self._batch(self.hh_schema, dict(zip(names, arrays, strict=True)), n))
        self.household_spool.close()
        self._add_repeated_households(keys, start)
        return keys

    def _add_repeated_households(self, keys: HouseholdKeys, start: int) -> None:
        """The "household id repeats row …" messages, found once the file is read, put where the row
        rules would have written them: first among their row's messages (a repeated id is a usable
        one, so no "required" precedes it), rows in order, within the cap."""
        repeats, total = keys.repeats(self.errors.limit)
        found = [
            RowError(
                n,
                "household_id",
                "duplicate_household",
                f"รหัสครัวเรือน {hid} ซ้ำกับแถวที่ {first}",
                f"household id {hid} repeats row {first}",
            )
            for n, first, hid in repeats
        ]
        self._merge_first(found, total, start)

    def _merge_first(self, found: list[RowError], total: int, start: int) -> None:
        """Messages found after a file (``found``: the first of them in row order, ``total`` in all)
        merged into the file's messages (from ``start``) as the first of their row's, within the cap."""
        if not total:
            return
        errors = self.errors
        # Both lists are in row order; on one row the found message comes first (heapq.merge is stable).
        merged = heapq.merge(found, errors.errors[start:], key=lambda e: e.row_number)
        errors.errors = errors.errors[:start] + list(itertools.islice(merged, max(errors.limit - start, 0)))
        errors.total += total

    def _household_row(self, n: int, row: dict[str, Any], first: int) -> list[Any]:
        """The reference's rules for one row (messages, order); ``first`` is the first row of the file
        holding its household id (0: none)."""
        hid = self._cell(n, "household_id", tabular.parse_text, row.get("household_id"), max_length=64)
        if hid is None:
            self.errors.add(n, "household_id", "required", "ต้องมีรหัสครัวเรือน", "household id is required")
        elif 0 < first < n:
            self.errors.add(
                n,
                "household_id",
                "duplicate_household",
                f"รหัสครัวเรือน {hid} ซ้ำกับแถวที่ {first}",
                f"household id {hid} repeats row {first}",
            )
        tambon = self._cached(n, "tambon_code", tabular.parse_code, row.get("tambon_code"), digits=6)
        if tambon is None and not tabular.is_blank(row.get("tambon_code")):
            pass  # already reported
        elif tambon is None:
            self.errors.add(n, "tambon_code", "required", "ต้องมีรหัสตำบล", "tambon code is required")
        elif tambon not in self.tambons:
            self.errors.add(
                n,
                "tambon_code",
                "unknown_tambon",
                f"ไม่รู้จักรหัสตำบล {tambon} หรืออยู่นอกพื้นที่ที่นำเข้า ({self.imp.area_code or 'ทั้งประเทศ'})",
                f"unknown tambon code {tambon}, or outside the import's area ({self.imp.area_code or 'nation'})",
            )
            tambon = None
        village = self._cached(n, "village_code", tabular.parse_code, row.get("village_code"), digits=8)
        if village is None and tabular.is_blank(row.get("village_code")):
            self.errors.add(n, "village_code", "required", "ต้องมีรหัสหมู่บ้าน", "village code is required")
        elif village is not None and tambon is not None:
            known = self.villages.get(tambon)
            if not village.startswith(tambon) or (known and village not in known):
                self.errors.add(
                    n,
                    "village_code",
                    "unknown_village",
                    f"ไม่รู้จักรหัสหมู่บ้าน {village} ในตำบล {tambon}",
                    f"unknown village code {village} in tambon {tambon}",
                )
        members = self._cached(n, "members", tabular.parse_int, row.get("members"), minimum=0, maximum=999)
        indicators = [self._cached(n, code, _indicator, row.get(code)) for code in self.hh_codes]
        house_no = tabular.parse_text(row.get("house_no")) or ""
        return [hid, house_no, village, tambon, members, *indicators]

    # -- persons -------------------------------------------------------------------------------

    def persons(self, households: HouseholdKeys) -> int | None:
        """Check the person file; the validated batches go to ``self.person_spool``. Returns the
        number of persons, or None when an error was found.

        A person's household is looked up once the file is read: each row's household id (and own
        tambon code) goes to ``PersonKeys`` on disk, and one DuckDB join with the household file's
        first rows finds the rows whose household is missing or in another tambon; their messages
        go where the row rules would have written them (``_add_household_problems``)."""
        national_ids = self.national_ids = RepeatedIds(self.spool_dir)
        person_keys = PersonKeys(self.spool_dir)
        self._holes = {}
        self._today = timezone.localdate()
        start = len(self.errors.errors)
        rows = 0
        for numbers, cols in self._batches("persons", self.imp.person_file, self.imp.person_filename):
            batch = self._person_batch(numbers, cols, person_keys, national_ids)
            rows += len(numbers)
            if batch is not None and not self.errors:
                self.person_spool.write(batch)
        self._add_household_problems(person_keys, households, start)
        self._add_repeated_ids(national_ids, start)
        if not self.errors:
            self._fill_tambons(households)
        self.person_spool.close()
        return None if self.errors else rows

    def _add_household_problems(self, person_keys: PersonKeys, households: HouseholdKeys, start: int) -> None:
        """The household rules' messages of the person rows (household missing from the household
        file, the row's tambon code unreadable or another than its household's), put where the row
        rules would have written them: in a row with other messages, where ``_person_row`` left its
        place (``self._holes``); otherwise in row order. Within the cap; the total counts them all."""
        errors = self.errors
        problems, total = person_keys.problems(households, errors.limit)
        if not total:
            return
        found: list[tuple[int, RowError]] = []
        for row, hid, given, err_code, err_th, err_en, tambon, missing in problems:
            if missing:
                message = RowError(
                    row,
                    "household_id",
                    "missing_household",
                    f"ไม่พบครัวเรือน {hid} ในไฟล์ครัวเรือน",
                    f"household {hid} is not in the household file",
                )
            elif err_code is not None:
                message = RowError(row, "tambon_code", err_code, err_th, err_en)
            else:
                message = RowError(
                    row,
                    "tambon_code",
                    "tambon_mismatch",
                    f"รหัสตำบล {given} ไม่ตรงกับครัวเรือน ({tambon})",
                    f"tambon code {given} differs from the household's ({tambon})",
                )
            # Where it goes: its row's place, or before the first message of a later row.
            at = self._holes.get(row)
            if at is None:
                at = bisect.bisect_right(errors.errors, row, lo=start, key=lambda e: e.row_number)
            found.append((at, message))
        merged: list[RowError] = errors.errors[:start]
        k = start
        for at, message in found:  # both in order: the places never decrease with the rows
            merged += errors.errors[k:at]
            merged.append(message)
            k = max(k, at)
        merged += errors.errors[k:]
        errors.errors = merged[: errors.limit]
        errors.total += total
        self._holes = {}

    def _fill_tambons(self, households: HouseholdKeys) -> None:
        """Persons without a tambon code of their own were spooled without one (district ""): they
        get their household's, through one DuckDB join, and go to their districts' files."""
        spool = self.person_spool
        if spool.directory is None:
            table = spool.table()
            blank = pc.is_null(table.column("tambon_code"))
            if not pc.any(blank).as_py():
                return
            con = _connection()
            try:
                con.register("orphans", pa.table({"household_id": table.column("household_id")}))
                tambons = con.sql(
                    "SELECT h.tambon FROM (SELECT household_id, row_number() OVER () AS pos FROM orphans) o "
                    f"LEFT JOIN {households.firsts(con)} h ON o.household_id = h.household_id ORDER BY o.pos"
                ).to_arrow_table()
            finally:
                con.close()
            at = table.schema.get_field_index("tambon_code")
            table = table.set_column(at, "tambon_code", tambons.column(0).cast(pa.string()))
            spool._batches = table.to_batches()
            return
        path = spool.take("")
        if path is None:
            return
        con = _connection()
        try:
            with pa.memory_map(str(path), "rb") as source:
                reader = pa.ipc.open_file(source)
                schema = pa.schema([("household_id", pa.string()), ("pos", pa.int64())])

                def ids() -> Any:
                    offset = 0
                    for i in range(reader.num_record_batches):
                        column = reader.get_batch(i).column("household_id")
                        yield pa.record_batch(
                            [column, pa.array(np.arange(offset, offset + len(column)))], schema=schema
                        )
                        offset += len(column)

                con.register("orphans", pa.RecordBatchReader.from_batches(schema, ids()))
                result = con.execute(
                    f"SELECT h.tambon FROM orphans o LEFT JOIN {households.firsts(con)} h "
                    "ON o.household_id = h.household_id ORDER BY o.pos"
                ).to_arrow_reader(BATCH_ROWS)
                pending: list[pa.Array] = []
                held = 0
                at = spool.schema.get_field_index("tambon_code")
                for i in range(reader.num_record_batches):
                    batch = reader.get_batch(i)
                    while held < batch.num_rows:
                        chunk = result.read_next_batch().column(0)
                        pending.append(chunk)
                        held += len(chunk)
                    tambons = pa.concat_arrays([c.cast(pa.string()) for c in pending])
                    spool.rows -= batch.num_rows  # written again, counted again
                    spool.write(batch.set_column(at, "tambon_code", tambons.slice(0, batch.num_rows)))
                    rest = tambons.slice(batch.num_rows)
                    pending, held = ([rest] if len(rest) else []), len(rest)
        finally:
            con.close()
        path.unlink(missing_ok=True)

    def _add_repeated_ids(self, national_ids: RepeatedIds, start: int) -> None:
        """The "national ID repeats row …" messages, found once the whole file is read, put where
        the row rules would have written them: first among their row's messages (a repeated ID is a
        usable one, so no other national-ID message precedes it), rows in order, within the cap."""
        repeats, total = national_ids.repeats(self.errors.limit)
        found = [
            RowError(
                n,
                "national_id",
                "duplicate_person",
                f"เลขประจำตัวประชาชนซ้ำกับแถวที่ {first}",
                f"national ID repeats row {first}",
            )
            for n, first in repeats
        ]
        self._merge_first(found, total, start)

    def _person_batch(
        self, numbers: list[int], cols: dict[str, Any], person_keys: PersonKeys, national_ids: RepeatedIds
    ) -> pa.RecordBatch | None:
        n = len(numbers)

        def col(name: str) -> Any:
            return _strings(cols.get(name), n)

        suspect = np.zeros(n, dtype=bool)
        nids = self._national_ids(col("national_id"), suspect)
        keys = pc.fill_null(pc.cast(nids, pa.int64()), -1).to_numpy(zero_copy_only=False)
        national_ids.add_ids(keys, np.asarray(numbers, dtype=np.int64))
        hids = _texts_array(col("household_id"))
        too_long = pc.fill_null(pc.greater(pc.utf8_length(hids), 64), False)
        _mark(suspect, pc.or_(pc.is_null(hids), too_long))
        raw_tambons = col("tambon_code")
        given, given_bad = self._distinct("tambon_code", raw_tambons, tabular.parse_code, pa.string(), digits=6)
        # The household rules are checked once the file is read (``_add_household_problems``); a
        # row's own tambon code stands for its household's in the spool until then (equal to it,
        # or the row is refused; "" when it has none: ``_fill_tambons``).
        person_keys.add(
            [
                pa.array(numbers, pa.int64()),
                pc.if_else(too_long, pa.scalar(None, pa.string()), hids),
                given,
                *self._cell_errors("tambon_code", raw_tambons, given_bad, n, tabular.parse_code, digits=6),
            ]
        )
        tambons = given
        names = _texts_array(col("name_th"))
        _mark(suspect, pc.or_(pc.is_null(names), pc.fill_null(pc.greater(pc.utf8_length(names), 200), False)))
        sexes, bad_sex = self._distinct("sex", col("sex"), _sex, pa.string(), bad=_is_none)
        _mark(suspect, bad_sex)
        born = self._birth_dates(col("birth_date"), suspect)
        income = self._incomes(col("income_satang"), col("income_baht"), suspect)
        flags = []
        for f in _BOOL_PERSON:
            values, bad = self._distinct(f, col(f), tabular.parse_bool, pa.bool_())
            _mark(suspect, bad)
            flags.append(pc.fill_null(values, False))
        indicators = []
        for c in self.p_codes:
            values, bad = self._distinct(c, col(c), _indicator, store.INDICATOR_TYPE)
            _mark(suspect, bad)
            indicators.append(values)
        texts = [pc.fill_null(_texts_array(col(c)), "") for c in _TEXT_COLUMNS]
        if suspect.any():
            at = np.flatnonzero(suspect)
            raw = {k: _python_values(v, at) for k, v in cols.items()}
            for j, i in enumerate(at):
                self._person_row(numbers[i], {k: v[j] for k, v in raw.items()})
        if self.errors:
            return None
        columns = dict(
            zip(
                (
                    "national_id",
                    "household_id",
                    "tambon_code",
                    "name_th",
                    "sex",
                    "birth_date",
                    *_TEXT_COLUMNS,
                    "income_satang",
                    *_BOOL_PERSON,
                    *self.p_codes,
                ),
                (nids, hids, tambons, names, sexes, born, *texts, income, *flags, *indicators),
                strict=True,
            )
        )
        return self._batch(self.p_schema, columns, n)

    def _cell_errors(
        self, column: str, values: Any, bad: Any, n: int, fn: Callable[..., Any], **kw: Any
    ) -> list[pa.Array]:
        """The error (code, Thai, English; null where none) of each row's cell that ``fn`` refuses
        (``bad``: whether it does, a scalar False when no row's does)."""
        if isinstance(bad, pa.Scalar) and not bad.as_py():
            return [pa.nulls(n, pa.string())] * 3
        mask = pc.fill_null(bad, False) if not isinstance(bad, pa.Scalar) else pa.array(np.ones(n, dtype=bool))
        at = np.flatnonzero(mask.to_numpy(zero_copy_only=False))
        outcomes = [self._outcome(fn, v, kw) for v in _python_values(values, at)]
        out = []
        for attribute in ("code", "message_th", "message_en"):
            texts = [getattr(o, attribute) if isinstance(o, CellError) else None for o in outcomes]
            full: list[str | None] = [None] * n
            for i, text in zip(at.tolist(), texts, strict=True):
                full[i] = text
            out.append(pa.array(full, pa.string()))
        return out

    def _national_ids(self, raw: Any, suspect: np.ndarray) -> pa.Array:
        """Clean national IDs (null where unusable); rows whose cell is not already a clean ID are suspect."""
        values = raw if isinstance(raw, list) else None
        bad = ~np.asarray(_valid_ids(raw) if isinstance(raw, list) else _valid_ids_array(raw), dtype=bool)
        if not bad.any():
            return raw if isinstance(raw, pa.Array) else pa.array(raw, pa.string())
        suspect |= bad
        at = np.flatnonzero(bad)
        odd = _python_values(raw, at) if values is None else [values[i] for i in at]
        cleaned: list[str | None] = []
        for v in odd:
            nid = None
            if not tabular.is_blank(v):
                try:
                    nid = clean_national_id(tabular.parse_text(v) or "")
                except NationalIdError:
                    nid = None
            cleaned.append(nid)
        if isinstance(raw, list):
            out = list(raw)
            for i, nid in zip(at, cleaned, strict=True):
                out[i] = nid
            return pa.array(out, pa.string())
        return pc.replace_with_mask(raw, pa.array(bad), pa.array(cleaned, pa.string()))

    def _distinct(
        self,
        column: str,
        values: Any,
        fn: Callable[..., Any],
        typ: pa.DataType,
        bad: Callable[[Any], bool] | None = None,
        **kw: Any,
    ) -> tuple[pa.Array, Any]:
        """``fn`` of every value, each distinct value converted once: ``(values of type typ — null
        where the outcome is an error —, whether each row's outcome is an error, or ``bad``)`` (that
        one a scalar False when no row's is)."""
        is_bad = bad or _is_error
        if isinstance(values, list):  # cells that are not all text (a spreadsheet's): in Python
            outcomes = self._convert(column, values, fn, **kw)
            return (
                pa.array([None if o.__class__ is CellError else o for o in outcomes], typ),
                pa.array([is_bad(o) for o in outcomes], pa.bool_()),
            )
        encoded = values.dictionary_encode()
        distinct = encoded.dictionary.to_pylist()
        cache = self._memo.setdefault(column, {})
        if len(cache) + len(distinct) > _MEMO_LIMIT:
            cache.clear()
        outcomes = []
        for v in distinct:
            outcome = cache.get(v, _MISSING)
            if outcome is _MISSING:
                outcome = cache[v] = self._outcome(fn, v, kw)
            outcomes.append(outcome)
        converted = pa.array([None if isinstance(o, CellError) else o for o in outcomes], typ).take(encoded.indices)
        bads = [is_bad(o) for o in outcomes]
        # No distinct value is bad (the usual batch): one scalar, not a column taken row by row.
        flagged: Any = pa.array(bads, pa.bool_()).take(encoded.indices) if any(bads) else None
        if values.null_count:
            blank = self._outcome(fn, None, kw)
            if blank is not None and not isinstance(blank, CellError):
                converted = pc.fill_null(converted, pa.scalar(blank, typ))
            if flagged is not None:
                flagged = pc.fill_null(flagged, is_bad(blank))
            elif is_bad(blank):
                flagged = values.is_null()
        return converted, (flagged if flagged is not None else pa.scalar(False))

    def _birth_dates(self, values: Any, suspect: np.ndarray) -> pa.Array:
        """Dates of birth: the plain spellings with Arrow, the rest with ``parse_date`` once per
        distinct value; a missing, unreadable or implausible date makes its row suspect."""
        if isinstance(values, list):
            found: set[int] = set()
            outcomes = self._convert("birth_date", values, tabular.parse_date, found, bad=self._bad_birth)
            suspect[list(found)] = True
            return pa.array([d if isinstance(d, dt.date) else None for d in outcomes], pa.date32())
        dates = _fast_dates(values)
        slow = pc.and_(pc.is_null(dates), pc.is_valid(values))
        if pc.any(slow).as_py():
            texts = values.filter(slow).to_pylist()
            outcomes = self._convert("birth_date", texts, tabular.parse_date)
            patch = pa.array([d if isinstance(d, dt.date) else None for d in outcomes], pa.date32())
            dates = pc.replace_with_mask(dates, slow, patch)
        today = pa.scalar(self._today, pa.date32())
        implausible = pc.or_(pc.greater(dates, today), pc.less(dates, pa.scalar(_EARLIEST_BIRTH, pa.date32())))
        _mark(suspect, pc.fill_null(implausible, True))
        return dates

    def _bad_birth(self, born: Any) -> bool:
        return not isinstance(born, dt.date) or born > self._today or born < _EARLIEST_BIRTH

    def _incomes(self, satang: Any, baht: Any, suspect: np.ndarray) -> pa.Array:
        """Income in satang: the satang column when given, else baht × 100. Plain digits (and baht
        with thousands commas and up to two decimals) are converted with Arrow; anything else goes
        through the reference converters, one distinct value at a time."""
        n = len(satang)
        fast = _fast_incomes(satang, baht)
        if fast is None:
            values, slow = pa.nulls(n, pa.int64()), np.arange(n)
        else:
            values, slow = fast
        if not len(slow):
            return values
        s_raw, b_raw = _python_values(satang, slow), _python_values(baht, slow)
        patched: list[Any] = []
        for i, raw, given_baht in zip(slow, s_raw, b_raw, strict=True):
            if raw is None or (raw.__class__ is str and not raw.strip()):
                value = self._convert("income_baht", [given_baht], _baht)[0]
            else:
                value = self._convert("income_satang", [raw], tabular.parse_int, minimum=0)[0]
            if value.__class__ is CellError or value is _FINER:
                suspect[i] = True
                value = None
            patched.append(value)
        mask = np.zeros(n, dtype=bool)
        mask[slow] = True
        return pc.replace_with_mask(values, pa.array(mask), pa.array(patched, pa.int64()))

    def _person_row(self, n: int, row: dict[str, Any]) -> list[Any]:
        """The reference's rules for one person row (messages, order) but two found once the file
        is read: the repeated national ID (``_add_repeated_ids``) and the household rules of a usable
        household id (``_add_household_problems``; the place of their message among the row's others
        is kept in ``self._holes`` when the row has others)."""
        err = self.errors.add
        before = self.errors.total
        hole: int | None = None
        raw_id = row.get("national_id")
        nid = None
        if tabular.is_blank(raw_id):
            err(n, "national_id", "required", "ต้องมีเลขประจำตัวประชาชน", "national ID is required")
        else:
            try:
                nid = clean_national_id(tabular.parse_text(raw_id) or "")
            except NationalIdError as exc:
                if exc.code == "national_id_length":
                    err(n, "national_id", exc.code, exc.message_th, exc.message_en)
                elif exc.code == "national_id_check_digit":
                    err(
                        n,
                        "national_id",
                        "bad_national_id",
                        f"เลขประจำตัวประชาชนไม่ถูกต้อง (ตรวจหลักสุดท้าย): {raw_id}",
                        f"invalid national ID (check digit): {raw_id}",
                    )
                else:
                    err(n, "national_id", "bad_national_id", exc.message_th, exc.message_en)
        hid = self._cell(n, "household_id", tabular.parse_text, row.get("household_id"), max_length=64)
        tambon = None
        if hid is None:
            err(n, "household_id", "required", "ต้องมีรหัสครัวเรือน", "household id is required")
        else:
            hole = len(self.errors.errors)  # the household rules' message, if any, goes here
        name = self._cell(n, "name_th", tabular.parse_text, row.get("name_th"), max_length=200)
        if name is None and tabular.is_blank(row.get("name_th")):
            err(n, "name_th", "required", "ต้องมีชื่อ", "name is required")
        sex = _sex(row.get("sex"))
        if sex is None:
            err(n, "sex", "bad_sex", "เพศต้องเป็น ชาย/หญิง (M/F)", "sex must be M or F (ชาย/หญิง)")
        born = self._cached(n, "birth_date", tabular.parse_date, row.get("birth_date"))
        if born is None and tabular.is_blank(row.get("birth_date")):
            err(n, "birth_date", "required", "ต้องมีวันเกิด", "date of birth is required")
        elif born is not None and (born > self._today or born < _EARLIEST_BIRTH):
            err(n, "birth_date", "bad_date", f"วันเกิดไม่สมเหตุสมผล: {born}", f"implausible date of birth: {born}")
        income = self._income(n, row)
        flags = [bool(self._cached(n, f, tabular.parse_bool, row.get(f))) for f in _BOOL_PERSON]
        indicators = [self._cached(n, code, _indicator, row.get(code)) for code in self.p_codes]
        texts = [tabular.parse_text(row.get(c)) or "" for c in _TEXT_COLUMNS]
        if hole is not None and hole < self.errors.limit and self.errors.total > before:
            self._holes[n] = hole  # a row with other messages: its household message goes among them
        return [nid, hid, tambon, name, sex, born, *texts, income, *flags, *indicators]

    def _income(self, n: int, row: dict[str, Any]) -> int | None:
        if not tabular.is_blank(row.get("income_satang")):
            return self._cell(n, "income_satang", tabular.parse_int, row.get("income_satang"), minimum=0)
        baht = self._cell(n, "income_baht", tabular.parse_decimal, row.get("income_baht"), minimum=Decimal(0))
        if baht is None:
            return None
        satang = baht * 100
        if satang != satang.to_integral_value():
            self.errors.add(
                n, "income_baht", "bad_number", f"รายได้ละเอียดเกินสตางค์: {baht}", f"income finer than a satang: {baht}"
            )
            return None
        return int(satang)

    # -- output --------------------------------------------------------------------------------

    @staticmethod
    def _batch(schema: pa.Schema, columns: dict[str, Any], n: int) -> pa.RecordBatch:
        arrays = []
        for f in schema:
            c = columns.get(f.name)
            if c is None:
                arrays.append(pa.nulls(n, f.type))
            elif isinstance(c, pa.Array):
                arrays.append(c if c.type == f.type else c.cast(f.type))
            else:
                arrays.append(pa.array(c, f.type))
        return pa.RecordBatch.from_arrays(arrays, schema=schema)


def _pylist(values: Any) -> list[Any]:
    return values.to_pylist() if isinstance(values, (pa.Array, pa.ChunkedArray)) else list(values)


def _is_none(outcome: Any) -> bool:
    return outcome is None


def _is_error(outcome: Any) -> bool:
    return isinstance(outcome, CellError)


def with_members(households: pa.Table, persons: pa.Table) -> pa.Table:
    """A household without a member count gets the number of its persons in the person file."""
    counts = persons.group_by("household_id").aggregate([("household_id", "count")])
    index = pc.index_in(households.column("household_id"), value_set=counts.column("household_id"))
    counted = pc.fill_null(pc.take(counts.column("household_id_count"), index), 0)
    members = pc.coalesce(households.column("members"), pc.cast(counted, households.schema.field("members").type))
    return households.set_column(households.schema.get_field_index("members"), "members", members)
