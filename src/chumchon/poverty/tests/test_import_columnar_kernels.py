"""The columnar validator's vectorised kernels against the reference converters, value by value:
dates (Arrow cuts the digits, numpy does the calendar) and national-ID check digits (numpy)."""

from __future__ import annotations

import random

import numpy as np
import pyarrow as pa
import pytest

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


@pytest.mark.parametrize("switch_at", [None, 0, 2])
def test_first_households_equal_a_dict(switch_at) -> None:
    """``FirstHouseholds`` (hashes sorted in numpy, ids in Arrow) gives each row the first row of its
    household id, as the reference's dict does, across batches, with unusable ids; also once moved into
    a dict (what a shared hash does), before the first batch or midway."""
    import random

    from chumchon.poverty.imports.columnar import FirstHouseholds

    rng = random.Random(5)
    pool = [f"H{rng.randrange(10**6):06d}" for _ in range(300)] + ["", "ก" * 3]
    first = FirstHouseholds()
    reference: dict[str, int] = {}
    tambon_of: dict[str, str] = {}
    number = 2
    for b in range(6):
        ids = [rng.choice(pool) if rng.random() > 0.05 else None for _ in range(rng.randrange(0, 120))]
        numbers = list(range(number, number + len(ids)))
        tambons = [rng.choice(["240101", "240104", ""]) for _ in ids]
        number += len(ids)
        if switch_at == b:
            first._to_dict([], [], [], np.zeros(0, dtype=np.int64))
        got = first.update(ids, numbers, tambons)
        want = []
        for h, n, t in zip(ids, numbers, tambons, strict=True):
            if h is None:
                want.append(0)
                continue
            if h not in reference:
                reference[h], tambon_of[h] = n, t
            want.append(reference[h])
        assert got.tolist() == want
    assert first.as_dict() == reference and list(first.as_dict()) == list(reference)
    index = first.index()
    assert index.as_dict() == tambon_of
    probe = [*list(reference)[:20], "nobody", None]
    found = index.lookup(pa.array(probe, pa.string())).to_pylist()
    assert found == [list(reference).index(h) if h in reference else None for h in probe]
    assert first.rows_of(["nobody", *list(reference)[:5]]) == {h: reference[h] for h in list(reference)[:5]}


def test_string_hashes_depend_on_the_string_only() -> None:
    """Equal strings hash alike wherever they lie (sliced arrays, mixed lengths, Thai, empty), and a
    province's worth of distinct ids gets distinct hashes."""
    rng = random.Random(6)
    pool = ["", "ก", "กข", "H1", "H01", "24010400001", "24010400001 ", "๒๔๐๑", "x" * 64, "ข" * 64]
    values = [rng.choice(pool) for _ in range(3_000)] + [f"24{rng.randrange(10**8):08d}" for _ in range(3_000)]
    whole = columnar.string_hashes(pa.array(values, pa.string()))
    by_value: dict[str, int] = {}
    for v, h in zip(values, whole.tolist(), strict=True):
        assert by_value.setdefault(v, h) == h
    assert len(set(by_value.values())) == len(by_value)
    part = pa.array(values, pa.string()).slice(1_234, 3_000)
    assert columnar.string_hashes(part).tolist() == whole[1_234:4_234].tolist()
    same_length = pa.array([f"{i:012d}" for i in range(200_000)], pa.string())
    assert len(np.unique(columnar.string_hashes(same_length))) == 200_000
