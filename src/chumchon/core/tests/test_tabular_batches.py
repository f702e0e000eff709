"""``tabular.mapped_column_batches`` gives exactly ``mapped_rows``' rows, numbers and values, in
batches, whichever reader it uses (Arrow's for plain CSV, Python's otherwise or from a row Arrow
refuses on)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from chumchon.core import tabular

HEADER = ["a", "b", "c"]
BODIES = {
    "plain": ["1,2,3", "4,5,6", "7,8,9"],
    "blank-looking rows": ["1,2,3", ",,", " , ,\xa0", "\x1c,,", "x,,", "4,5,6"],
    "short and long rows": ["1,2,3", "4,5", "6,7,8,9", "10,11,12"],
    "quotes": ['1,"2,5",3', '"a""b",5,6'],
    "empty lines": ["1,2,3", "", "4,5,6", "", ""],
    "thai": ["ก,ข,ค", "๑,๒,๓"],
}


def mapped(path: Path, size: int) -> list[tuple[int, dict[str, Any]]]:
    table = tabular.open_tabular(path)
    mapping = {"x": "a", "z": "c", "gone": "missing"}
    out: list[tuple[int, dict[str, Any]]] = []
    for numbers, columns in tabular.mapped_column_batches(table, mapping, size=size):
        assert len(numbers) <= size
        for i, n in enumerate(numbers):
            out.append((n, {t: v[i] for t, v in columns.items() if t != "gone"}))
            assert columns["gone"][i] is None
    return out


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp874"])
@pytest.mark.parametrize("body", list(BODIES))
@pytest.mark.parametrize("size", [1, 2, 1000])
def test_batches_match_mapped_rows(tmp_path: Path, body: str, encoding: str, size: int, newline: str) -> None:
    path = tmp_path / "f.csv"
    lines = [",".join(HEADER), *BODIES[body]]
    path.write_bytes((newline.join(lines) + newline).encode(encoding, errors="replace"))
    table = tabular.open_tabular(path)
    expected = [(n, {k: row.get(k) for k in ("x", "z")}) for n, row in tabular.mapped_rows(table, {"x": "a", "z": "c"})]
    assert mapped(path, size) == expected


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp874"])
def test_plain_csv_goes_through_arrow_and_quoted_csv_does_not(tmp_path: Path, encoding: str) -> None:
    """Quotes keep a file from Arrow; empty lines do not (Arrow refuses the first one and Python's
    reader goes on from it: ``test_batches_match_mapped_rows``)."""
    arrow = {name: tabular._arrow_readable(_opened(tmp_path, name, encoding)) for name in BODIES}
    assert arrow == {
        "plain": True,
        "blank-looking rows": True,
        "short and long rows": True,
        "quotes": False,
        "empty lines": True,
        "thai": True,
    }


def _opened(tmp_path: Path, body: str, encoding: str) -> tabular.Table:
    path = tmp_path / f"{body}.csv"
    path.write_bytes(("\n".join([",".join(HEADER), *BODIES[body]]) + "\n").encode(encoding, errors="replace"))
    return tabular.open_tabular(path)
