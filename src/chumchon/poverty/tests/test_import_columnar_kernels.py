"""The columnar validator's vectorised kernels against the reference converters, value by value:
dates (Arrow cuts the digits, numpy does the calendar) and national-ID check digits (numpy)."""

from __future__ import annotations

import random

import pyarrow as pa

from chumchon.core import tabular
from chumchon.core.national_id import check_digit
from chumchon.core.tabular import CellError
from chumchon.poverty.imports import columnar


def test_fast_dates_equal_parse_date_wherever_they_decide() -> None:
    rng = random.Random(3)
    values: list[str | None] = []
    for _ in range(20_000):
        y = rng.choice([rng.randint(0, 9999), rng.randint(1890, 2030), rng.randint(2430, 2570)])
        m, d = rng.randint(0, 13), rng.randint(0, 32)
        values.append(rng.choice([f"{y:04d}-{m:02d}-{d:02d}", f"{d:02d}/{m:02d}/{y:04d}", f"{d}/{m}/{y}", ""]))
    # leap days (C.E. and B.E.), the calendar's ends, a year 0, a missing cell
    values += ["29/02/2543", "29/02/2544", "2520-02-29", "2000-02-29", "1900-02-29", "2443-02-29"]
    values += ["0000-01-01", "0001-01-01", "9999-12-31", "31/04/2520", "1980-01-02T10:00", None]
    fast = columnar._fast_dates(pa.array(values, pa.string())).to_pylist()
    decided = 0
    for value, got in zip(values, fast, strict=True):
        if got is None:
            continue  # left to parse_date itself
        decided += 1
        try:
            expected = tabular.parse_date(value)
        except CellError:
            expected = None
        assert got == expected, value
    assert decided > 8_000
    assert fast[values.index("2000-02-29")] is not None and fast[values.index("1900-02-29")] is None


def test_check_digits_with_numpy_equal_the_row_check() -> None:
    rng = random.Random(4)
    ids: list[str | None] = [str(rng.randint(10**12, 10**13 - 1)) for _ in range(5_000)]
    ids += [f"{x[:12]}{check_digit(x[:12])}" for x in ids[:2_000] if x]
    ids += ["0000000000000", "9999999999999", "123456789012", "12345678901234", "abcdefghijklm", "", None]
    ids += ["๑๒๓๔๕๖๗๘๙๐๑๒๓", "1-2345-67890-12-1"]
    fast = columnar._valid_ids_array(pa.array(ids, pa.string())).tolist()
    assert fast == columnar._valid_ids(ids)
    assert sum(fast) >= 2_000
