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

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from django.utils import timezone

from chumchon.core import tabular
from chumchon.core.jobs import Progress
from chumchon.core.national_id import NationalIdError, check_digit, clean_national_id
from chumchon.core.tabular import CellError, RowErrors
from chumchon.poverty import store
from chumchon.poverty.imports.validation import ImportScope
from chumchon.poverty.models import SurveyImport

BATCH_ROWS = 16_384  # rows per batch: a batch's Python values stay in the tens of MB
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


def _valid_ids(values: list[Any]) -> list[bool]:
    """Whether each value is already a clean national ID (13 ASCII digits, right check digit),
    computed with Arrow over the batch. False only means "let the row rules look at it"."""
    if not _all_str(values):
        return [
            v.__class__ is str and len(v) == 13 and v.isascii() and v.isdigit() and check_digit(v[:12]) == int(v[12])
            for v in values
        ]
    arr = pa.array(values, pa.string())
    shaped = pc.fill_null(pc.match_substring_regex(arr, r"^[0-9]{13}$"), False)
    safe = pc.if_else(shaped, arr, pa.scalar("0000000000000"))
    digits = [pc.cast(pc.utf8_slice_codeunits(safe, k, k + 1), pa.int32()) for k in range(13)]
    total = pc.multiply(digits[0], 13)
    for k in range(1, 12):
        total = pc.add(total, pc.multiply(digits[k], 13 - k))
    check = pc.remainder(pc.subtract(11, pc.remainder(total, 11)), 10)
    ok = pc.and_(shaped, pc.equal(check, digits[12]))
    return ok.to_pylist()


_STR_OR_NONE = {str, type(None)}


def _all_str(values: list[Any]) -> bool:
    return set(map(type, values)) <= {str}


_ISO = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_DMY = r"^[0-9]{2}/[0-9]{2}/[0-9]{4}$"


def _fast_dates(values: list[Any]) -> list[Any] | None:
    """``parse_date`` of the plain spellings (yyyy-mm-dd, dd/mm/yyyy, B.E. or C.E.) with Arrow; None
    where a value is spelled otherwise or is no date (those go through ``parse_date`` itself)."""
    if not set(map(type, values)) <= _STR_OR_NONE:
        return None
    arr = pa.array(values, pa.string())
    iso = pc.fill_null(pc.match_substring_regex(arr, _ISO), False)
    dmy = pc.fill_null(pc.match_substring_regex(arr, _DMY), False)
    year = pc.if_else(iso, pc.utf8_slice_codeunits(arr, 0, 4), pc.utf8_slice_codeunits(arr, 6, 10))
    month = pc.if_else(iso, pc.utf8_slice_codeunits(arr, 5, 7), pc.utf8_slice_codeunits(arr, 3, 5))
    day = pc.if_else(iso, pc.utf8_slice_codeunits(arr, 8, 10), pc.utf8_slice_codeunits(arr, 0, 2))
    either = pc.or_(iso, dmy)
    y = pc.cast(pc.if_else(either, year, "2000"), pa.int32())
    ce = pc.if_else(pc.greater(y, 2400), pc.subtract(y, 543), y)
    text = pc.binary_join_element_wise(pc.utf8_lpad(pc.cast(ce, pa.string()), 4, "0"), month, day, "-")
    parsed = pc.strptime(pc.if_else(either, text, pa.scalar(None, pa.string())), "%Y-%m-%d", "s", error_is_null=True)
    dates = pc.cast(parsed, pa.date32())
    # strptime may roll an impossible day over (31/02 → 3 March): only dates that read back the same stand.
    same = pc.fill_null(pc.equal(pc.strftime(parsed, "%Y-%m-%d"), text), False)
    return pc.if_else(same, dates, pa.scalar(None, pa.date32())).to_pylist()


class ColumnarValidator(ImportScope):
    """Same interface as the reference ``Validator``: ``households()`` then ``persons(households)``;
    the columns come back as Arrow tables of the store's schema (only when no error was found)."""

    def __init__(
        self, survey_import: SurveyImport, errors: RowErrors, progress: Progress, *, batch_rows: int = BATCH_ROWS
    ) -> None:
        super().__init__(survey_import, errors, progress)
        self.batch_rows = batch_rows
        self.hh_schema = store.household_schema(self.hh_codes)
        self.p_schema = store.person_schema(self.p_codes)

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
        for numbers, cols in tabular.mapped_column_batches(table, mapping, size=self.batch_rows):
            yield numbers, cols
            self.progress.advance(0, f"{key}: {numbers[-1]:,}")

    # -- households ----------------------------------------------------------------------------

    def households(self) -> tuple[pa.Table | None, dict[str, str]]:
        seen: dict[str, str] = {}  # household id → tambon code of its first row ("" when unusable)
        first_row = self.household_rows
        batches: list[pa.RecordBatch] = []
        for numbers, cols in self._batches("households", self.imp.household_file, self.imp.household_filename):
            n = len(numbers)

            def col(name: str, _n: int = n, _cols: dict[str, list[Any]] = cols) -> list[Any]:
                return _cols.get(name) or [None] * _n

            suspect: set[int] = set()
            hids = _texts(col("household_id"))
            tambons = self._convert("tambon_code", col("tambon_code"), tabular.parse_code, digits=6)
            villages = self._convert("village_code", col("village_code"), tabular.parse_code, digits=8)
            members = self._convert("members", col("members"), tabular.parse_int, suspect, minimum=0, maximum=999)
            indicators = [self._convert(c, col(c), _indicator, suspect) for c in self.hh_codes]
            known_tambons = self.tambons
            for i, (h, number, t) in enumerate(zip(hids, numbers, tambons, strict=True)):
                if h is None or len(h) > 64:
                    suspect.add(i)
                    continue
                if t.__class__ is not str or t not in known_tambons:
                    t = ""
                    suspect.add(i)
                if h in first_row:
                    suspect.add(i)  # a repeated id (or a hostile file): the row rules decide
                else:
                    first_row[h] = number
                    seen[h] = t
            villages_known = self.villages
            for i, (v, t) in enumerate(zip(villages, tambons, strict=True)):
                if v.__class__ is not str or t.__class__ is not str or not v.startswith(t):
                    suspect.add(i)
                else:
                    known = villages_known.get(t)
                    if known and v not in known:
                        suspect.add(i)
            house_no = [t or "" for t in _texts(col("house_no"))]
            # The row rules write the messages; where they find nothing, the column values above are
            # already theirs (the same converters), so nothing is patched.
            for i in sorted(suspect):
                self._household_row(numbers[i], {k: v[i] for k, v in cols.items()})
            if self.errors:
                continue  # keep checking rows, stop building columns
            arrays: list[Any] = [hids, house_no, villages, tambons, members, *indicators]
            names = ["household_id", "house_no", "village_code", "tambon_code", "members", *self.hh_codes]
            batches.append(self._batch(self.hh_schema, dict(zip(names, arrays, strict=True)), n))
        if self.errors:
            return None, seen
        return pa.Table.from_batches(batches, schema=self.hh_schema), seen

    def _household_row(self, n: int, row: dict[str, Any]) -> list[Any]:
        """The reference's rules for one row (messages, order); ``first_row`` already holds the batch."""
        first_row = self.household_rows
        hid = self._cell(n, "household_id", tabular.parse_text, row.get("household_id"), max_length=64)
        if hid is None:
            self.errors.add(n, "household_id", "required", "ต้องมีรหัสครัวเรือน", "household id is required")
        elif first_row.get(hid, n) < n:
            self.errors.add(
                n,
                "household_id",
                "duplicate_household",
                f"รหัสครัวเรือน {hid} ซ้ำกับแถวที่ {first_row[hid]}",
                f"household id {hid} repeats row {first_row[hid]}",
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

    def persons(self, households: dict[str, str]) -> pa.Table | None:
        first_id: dict[str, int] = {}
        batches: list[pa.RecordBatch] = []
        today = timezone.localdate()
        self._today = today
        for numbers, cols in self._batches("persons", self.imp.person_file, self.imp.person_filename):
            n = len(numbers)

            def col(name: str, _n: int = n, _cols: dict[str, list[Any]] = cols) -> list[Any]:
                return _cols.get(name) or [None] * _n

            suspect: set[int] = set()
            raw_ids = col("national_id")
            ok = _valid_ids(raw_ids)
            nids: list[str | None] = []
            for i, (raw, good, number) in enumerate(zip(raw_ids, ok, numbers, strict=True)):
                if good:
                    nid: str | None = raw
                else:
                    suspect.add(i)
                    nid = None
                    if not tabular.is_blank(raw):
                        try:
                            nid = clean_national_id(tabular.parse_text(raw) or "")
                        except NationalIdError:
                            nid = None
                nids.append(nid)
                if nid is not None:
                    if nid in first_id:
                        suspect.add(i)
                    else:
                        first_id[nid] = number
            hids = _texts(col("household_id"))
            given = self._convert("tambon_code", col("tambon_code"), tabular.parse_code, digits=6)
            tambons: list[str | None] = []
            for i, (h, g) in enumerate(zip(hids, given, strict=True)):
                t = households.get(h) if h is not None else None
                if t is None or g.__class__ is CellError or (g is not None and t and g != t):
                    suspect.add(i)
                tambons.append(t)
            names = _texts(col("name_th"))
            for i, name in enumerate(names):
                if name is None or len(name) > 200:
                    suspect.add(i)
            sexes = self._convert("sex", col("sex"), _sex, suspect, bad=_is_none)
            born = self._birth_dates(col("birth_date"), suspect)
            income = self._incomes(col("income_satang"), col("income_baht"), suspect)
            flags = [self._convert(f, col(f), tabular.parse_bool, suspect) for f in _BOOL_PERSON]
            indicators = [self._convert(c, col(c), _indicator, suspect) for c in self.p_codes]
            texts = [[t or "" for t in _texts(col(c))] for c in _TEXT_COLUMNS]
            for i in sorted(suspect):
                self._person_row(numbers[i], {k: v[i] for k, v in cols.items()}, households, first_id)
            if self.errors:
                continue
            flag_values = [[bool(v) for v in f] for f in flags]
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
                    (nids, hids, tambons, names, sexes, born, *texts, income, *flag_values, *indicators),
                    strict=True,
                )
            )
            batches.append(self._batch(self.p_schema, columns, n))
        if self.errors:
            return None
        return pa.Table.from_batches(batches, schema=self.p_schema)

    def _birth_dates(self, values: list[Any], suspect: set[int]) -> Any:
        """Dates of birth, converted once per distinct value (plain spellings with Arrow, the rest
        with ``parse_date``); an Arrow array, or a list when the cells are not all text."""
        if not set(map(type, values)) <= _STR_OR_NONE:
            return self._convert("birth_date", values, tabular.parse_date, suspect, bad=self._bad_birth)
        arr = pa.array(values, pa.string())
        uniq = pc.unique(arr)
        fast = _fast_dates(uniq.to_pylist())
        assert fast is not None
        texts = uniq.to_pylist()
        slow = [k for k, d in enumerate(fast) if d is None]
        if slow:
            others = self._convert("birth_date", [texts[k] for k in slow], tabular.parse_date)
            for k, d in zip(slow, others, strict=True):
                fast[k] = d
        failing = [texts[k] for k, d in enumerate(fast) if d is None or d.__class__ is CellError or self._bad_birth(d)]
        if failing:
            hit = pc.fill_null(pc.is_in(arr, value_set=pa.array(failing, pa.string()), skip_nulls=False), False)
            suspect.update(pc.indices_nonzero(hit).to_pylist())
        dates = pa.array([d if isinstance(d, dt.date) else None for d in fast], pa.date32())
        return pc.take(dates, pc.index_in(arr, value_set=uniq, skip_nulls=False))

    def _bad_birth(self, born: Any) -> bool:
        return not isinstance(born, dt.date) or born > self._today or born < _EARLIEST_BIRTH

    def _incomes(self, satang: list[Any], baht: list[Any], suspect: set[int]) -> list[Any]:
        """Income in satang: the satang column when given, else baht × 100. Plain digits (and baht
        with thousands commas and up to two decimals) are converted with Arrow; anything else goes
        through the reference converters, one distinct value at a time."""
        fast = self._fast_incomes(satang, baht)
        values: list[Any]
        slow: Sequence[int]
        if fast is None:
            values, slow = [None] * len(satang), range(len(satang))
        else:
            values, slow = fast
        for i in slow:
            raw = satang[i]
            if raw is None or (raw.__class__ is str and not raw.strip()):
                value = self._convert("income_baht", [baht[i]], _baht)[0]
            else:
                value = self._convert("income_satang", [raw], tabular.parse_int, minimum=0)[0]
            if value.__class__ is CellError or value is _FINER:
                suspect.add(i)
                value = None
            values[i] = value
        return values

    @staticmethod
    def _fast_incomes(satang: list[Any], baht: list[Any]) -> tuple[list[Any], list[int]] | None:
        if not set(map(type, satang)) <= _STR_OR_NONE or not set(map(type, baht)) <= _STR_OR_NONE:
            return None
        s_arr, b_arr = pa.array(satang, pa.string()), pa.array(baht, pa.string())
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
        b_val = pc.cast(
            pc.multiply(pc.cast(plain, pa.decimal128(18, 2)), pa.scalar(100, pa.decimal128(5, 0))), pa.int64()
        )
        value = pc.if_else(s_ok, s_val, pc.if_else(use_baht, b_val, pa.scalar(None, pa.int64())))
        values = value.to_pylist()
        slow = [i for i, d in enumerate(done.to_pylist()) if not d]
        return values, slow

    def _person_row(
        self, n: int, row: dict[str, Any], households: dict[str, str], first_id: dict[str, int]
    ) -> list[Any]:
        """The reference's rules for one person row (messages, order)."""
        err = self.errors.add
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
        if nid is not None and first_id.get(nid, n) < n:
            err(
                n,
                "national_id",
                "duplicate_person",
                f"เลขประจำตัวประชาชนซ้ำกับแถวที่ {first_id[nid]}",
                f"national ID repeats row {first_id[nid]}",
            )
        hid = self._cell(n, "household_id", tabular.parse_text, row.get("household_id"), max_length=64)
        tambon = None
        if hid is None:
            err(n, "household_id", "required", "ต้องมีรหัสครัวเรือน", "household id is required")
        elif hid not in households:
            err(
                n,
                "household_id",
                "missing_household",
                f"ไม่พบครัวเรือน {hid} ในไฟล์ครัวเรือน",
                f"household {hid} is not in the household file",
            )
        else:
            tambon = households[hid]
            given = self._cached(n, "tambon_code", tabular.parse_code, row.get("tambon_code"), digits=6)
            if given is not None and tambon and given != tambon:
                err(
                    n,
                    "tambon_code",
                    "tambon_mismatch",
                    f"รหัสตำบล {given} ไม่ตรงกับครัวเรือน ({tambon})",
                    f"tambon code {given} differs from the household's ({tambon})",
                )
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
    def _batch(schema: pa.Schema, columns: dict[str, list[Any]], n: int) -> pa.RecordBatch:
        return pa.RecordBatch.from_arrays(
            [
                (c if isinstance(c := columns[f.name], pa.Array) else pa.array(c, f.type))
                if f.name in columns
                else pa.nulls(n, f.type)
                for f in schema
            ],
            schema=schema,
        )


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
