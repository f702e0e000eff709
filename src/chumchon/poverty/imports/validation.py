"""Row-by-row checks of a survey import's two files (nothing is written here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from chumchon.areas.models import Area, AreaLevel
from chumchon.core import tabular
from chumchon.core.jobs import Progress
from chumchon.core.national_id import NationalIdError, clean_national_id
from chumchon.core.tabular import CellError, RowErrors
from chumchon.poverty.imports.columns import indicator_specs
from chumchon.poverty.models import SurveyImport

_INDICATOR_FAST = {"1": 1, "0": 0}
# Distinct values remembered per column by `Validator._cached` (bounds memory on a hostile file).
_MEMO_LIMIT = 100_000
_BOOL_PERSON = ("welfare_registered", "welfare_verified", "disabled", "chronically_ill", "bedridden")
_SEX = {"m": "M", "male": "M", "ชาย": "M", "1": "M", "f": "F", "female": "F", "หญิง": "F", "2": "F"}


@dataclass
class Validated:
    households: dict[str, list[Any]]
    persons: dict[str, list[Any]]
    tambons: set[str]


class ImportScope:
    """What both validators know before reading a row: the import, its round's indicator columns, and
    the tambons and villages the import's area holds."""

    def __init__(self, survey_import: SurveyImport, errors: RowErrors, progress: Progress) -> None:
        self.imp = survey_import
        self.errors = errors
        self.progress = progress
        self.round = survey_import.survey_round
        hh_ind, p_ind = indicator_specs(self.round)
        self.hh_codes = [s.name for s in hh_ind]
        self.p_codes = [s.name for s in p_ind]
        prefix = survey_import.area_code
        self.tambons = set(
            Area.objects.filter(level=AreaLevel.SUBDISTRICT, code__startswith=prefix).values_list("code", flat=True)
        )
        self.villages: dict[str, set[str]] = {}
        for code in Area.objects.filter(level=AreaLevel.VILLAGE, code__startswith=prefix).values_list(
            "code", flat=True
        ):
            self.villages.setdefault(code[:6], set()).add(code)
        self._memo: dict[str, dict[Any, Any]] = {}
        self.household_rows: dict[str, int] = {}  # household id → its (first) row in the household file


class Validator(ImportScope):
    """The row-by-row validator: every rule, one row at a time (the columnar one's reference)."""

    def _err(self, row: int, column: str, code: str, th: str, en: str) -> None:
        self.errors.add(row, column, code, th, en)

    def _cell(self, row: int, column: str, fn: Any, value: Any, **kw: Any) -> Any:
        try:
            return fn(value, **kw)
        except CellError as exc:
            self.errors.add_cell(row, column, exc)
            return None

    def _cached(self, row: int, column: str, fn: Any, value: Any, **kw: Any) -> Any:
        """``_cell`` for columns with few distinct values (codes, dates, flags): each distinct value
        is converted once (the converters are pure; a failure is remembered and reported per row)."""
        cache = self._memo.setdefault(column, {})
        try:
            outcome = cache[value]
        except KeyError:
            try:
                outcome = fn(value, **kw)
            except CellError as exc:
                outcome = exc
            except TypeError:  # an unhashable cell can't be a key: convert it every time
                return self._cell(row, column, fn, value, **kw)
            if len(cache) < _MEMO_LIMIT:
                cache[value] = outcome
        if isinstance(outcome, CellError):
            self.errors.add_cell(row, column, outcome)
            return None
        return outcome

    def _rows(self, key: str, field: Any, filename: str) -> Iterator[tuple[int, dict[str, Any]]]:
        table = tabular.open_tabular(field.path, filename=filename)
        for number, row in tabular.mapped_rows(table, self.imp.mapping.get(key, {})):
            yield number, row
            if number % 5000 == 0:
                self.progress.advance(0, f"{key}: {number:,}")

    def households(self) -> tuple[dict[str, list[Any]], dict[str, str]]:
        cols: dict[str, list[Any]] = {
            c: [] for c in ("household_id", "house_no", "village_code", "tambon_code", "members")
        }
        for code in self.hh_codes:
            cols[code] = []
        seen: dict[str, str] = {}  # household id → tambon code
        first_row = self.household_rows
        for n, row in self._rows("households", self.imp.household_file, self.imp.household_filename):
            hid = self._cell(n, "household_id", tabular.parse_text, row.get("household_id"), max_length=64)
            if hid is None:
                self._err(n, "household_id", "required", "ต้องมีรหัสครัวเรือน", "household id is required")
            elif hid in seen:
                self._err(
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
                self._err(n, "tambon_code", "required", "ต้องมีรหัสตำบล", "tambon code is required")
            elif tambon not in self.tambons:
                self._err(
                    n,
                    "tambon_code",
                    "unknown_tambon",
                    f"ไม่รู้จักรหัสตำบล {tambon} หรืออยู่นอกพื้นที่ที่นำเข้า ({self.imp.area_code or 'ทั้งประเทศ'})",
                    f"unknown tambon code {tambon}, or outside the import's area ({self.imp.area_code or 'nation'})",
                )
                tambon = None
            village = self._cached(n, "village_code", tabular.parse_code, row.get("village_code"), digits=8)
            if village is None and tabular.is_blank(row.get("village_code")):
                self._err(n, "village_code", "required", "ต้องมีรหัสหมู่บ้าน", "village code is required")
            elif village is not None and tambon is not None:
                known = self.villages.get(tambon)
                if not village.startswith(tambon) or (known and village not in known):
                    self._err(
                        n,
                        "village_code",
                        "unknown_village",
                        f"ไม่รู้จักรหัสหมู่บ้าน {village} ในตำบล {tambon}",
                        f"unknown village code {village} in tambon {tambon}",
                    )
            members = self._cached(n, "members", tabular.parse_int, row.get("members"), minimum=0, maximum=999)
            indicators = [self._indicator(n, code, row.get(code)) for code in self.hh_codes]
            if hid is not None and hid not in seen:
                seen[hid] = tambon or ""
                first_row[hid] = n
            if self.errors:
                continue  # stop building columns; keep checking rows
            cols["household_id"].append(hid)
            cols["house_no"].append(tabular.parse_text(row.get("house_no")) or "")
            cols["village_code"].append(village)
            cols["tambon_code"].append(tambon)
            cols["members"].append(members)
            for code, value in zip(self.hh_codes, indicators, strict=True):
                cols[code].append(value)
        return cols, seen

    def _indicator(self, n: int, code: str, value: Any) -> int | None:
        fast = _INDICATOR_FAST.get(value) if value.__class__ is str else None
        if fast is not None:
            return fast
        parsed = self._cached(n, code, tabular.parse_bool, value)
        return None if parsed is None else int(parsed)

    def persons(self, households: dict[str, str]) -> dict[str, list[Any]]:
        names = (
            "national_id",
            "household_id",
            "tambon_code",
            "name_th",
            "sex",
            "birth_date",
            "relation_to_head",
            "education",
            "occupation",
            "income_satang",
            *_BOOL_PERSON,
            *self.p_codes,
        )
        cols: dict[str, list[Any]] = {c: [] for c in names}
        seen: dict[str, int] = {}
        today = timezone.localdate()
        for n, row in self._rows("persons", self.imp.person_file, self.imp.person_filename):
            raw_id = row.get("national_id")
            nid = None
            if tabular.is_blank(raw_id):
                self._err(n, "national_id", "required", "ต้องมีเลขประจำตัวประชาชน", "national ID is required")
            else:
                try:
                    nid = clean_national_id(tabular.parse_text(raw_id) or "")
                except NationalIdError as exc:
                    if exc.code == "national_id_length":
                        self._err(n, "national_id", exc.code, exc.message_th, exc.message_en)
                    elif exc.code == "national_id_check_digit":
                        self._err(
                            n,
                            "national_id",
                            "bad_national_id",
                            f"เลขประจำตัวประชาชนไม่ถูกต้อง (ตรวจหลักสุดท้าย): {raw_id}",
                            f"invalid national ID (check digit): {raw_id}",
                        )
                    else:
                        self._err(n, "national_id", "bad_national_id", exc.message_th, exc.message_en)
            if nid is not None and nid in seen:
                self._err(
                    n,
                    "national_id",
                    "duplicate_person",
                    f"เลขประจำตัวประชาชนซ้ำกับแถวที่ {seen[nid]}",
                    f"national ID repeats row {seen[nid]}",
                )
            elif nid is not None:
                seen[nid] = n
            hid = self._cell(n, "household_id", tabular.parse_text, row.get("household_id"), max_length=64)
            tambon = None
            if hid is None:
                self._err(n, "household_id", "required", "ต้องมีรหัสครัวเรือน", "household id is required")
            elif hid not in households:
                self._err(
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
                    self._err(
                        n,
                        "tambon_code",
                        "tambon_mismatch",
                        f"รหัสตำบล {given} ไม่ตรงกับครัวเรือน ({tambon})",
                        f"tambon code {given} differs from the household's ({tambon})",
                    )
            name = self._cell(n, "name_th", tabular.parse_text, row.get("name_th"), max_length=200)
            if name is None and tabular.is_blank(row.get("name_th")):
                self._err(n, "name_th", "required", "ต้องมีชื่อ", "name is required")
            sex = _SEX.get(str(tabular.parse_text(row.get("sex")) or "").strip().lower())
            if sex is None:
                self._err(n, "sex", "bad_sex", "เพศต้องเป็น ชาย/หญิง (M/F)", "sex must be M or F (ชาย/หญิง)")
            born = self._cached(n, "birth_date", tabular.parse_date, row.get("birth_date"))
            if born is None and tabular.is_blank(row.get("birth_date")):
                self._err(n, "birth_date", "required", "ต้องมีวันเกิด", "date of birth is required")
            elif born is not None and (born > today or born < dt.date(1890, 1, 1)):
                self._err(
                    n, "birth_date", "bad_date", f"วันเกิดไม่สมเหตุสมผล: {born}", f"implausible date of birth: {born}"
                )
            income = self._income(n, row)
            flags = [bool(self._cached(n, f, tabular.parse_bool, row.get(f))) for f in _BOOL_PERSON]
            indicators = [self._indicator(n, code, row.get(code)) for code in self.p_codes]
            if self.errors:
                continue
            values = [
                nid,
                hid,
                tambon,
                name,
                sex,
                born,
                tabular.parse_text(row.get("relation_to_head")) or "",
                tabular.parse_text(row.get("education")) or "",
                tabular.parse_text(row.get("occupation")) or "",
                income,
                *flags,
                *indicators,
            ]
            for c, v in zip(names, values, strict=True):
                cols[c].append(v)
        return cols

    def _income(self, n: int, row: dict[str, Any]) -> int | None:
        if not tabular.is_blank(row.get("income_satang")):
            return self._cell(n, "income_satang", tabular.parse_int, row.get("income_satang"), minimum=0)
        baht = self._cell(n, "income_baht", tabular.parse_decimal, row.get("income_baht"), minimum=Decimal(0))
        if baht is None:
            return None
        satang = baht * 100
        if satang != satang.to_integral_value():
            self._err(
                n, "income_baht", "bad_number", f"รายได้ละเอียดเกินสตางค์: {baht}", f"income finer than a satang: {baht}"
            )
            return None
        return int(satang)
