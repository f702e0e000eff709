"""The formula language and the roll-up through every aggregation type (pure, no database)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from chumchon.indicators import formula, measures
from chumchon.indicators.rollup import rollup, values_table
from chumchon.indicators.units import ProvinceMap

D = Decimal
PMAP = ProvinceMap(cluster={"24": "C08", "20": "C08", "10": ""}, region={"24": "R5", "20": "R5", "10": "R1"})


def test_formula_arithmetic_per_area_with_thai_signs() -> None:
    node = formula.parse("(a + b) × 2 ÷ 4 − 1")
    values = {"a": {"1": D(4), "2": D(1)}, "b": {"1": D(2)}}
    assert formula.evaluate(node, lambda n: values[n]) == {"1": D(2), "2": D("-0.5")}


def test_division_by_zero_gives_no_value_for_that_area() -> None:
    node = formula.parse("a / b * 100")
    values = {"a": {"1": D(1), "2": D(1)}, "b": {"1": D(4)}}
    assert formula.evaluate(node, lambda n: values[n]) == {"1": D(25)}


@pytest.mark.parametrize("text", ["", "a +", "(a", "a b", "a ^ 2", "__import__('os')"])
def test_bad_formulas_are_refused_bilingually(text: str) -> None:
    with pytest.raises(ValidationError) as exc:
        formula.parse(text)
    assert exc.value.code == "formula_syntax"
    assert " / " in exc.value.messages[0]


def test_a_formula_naming_an_unknown_measure_is_refused() -> None:
    measures.register_measure("known.one", "หนึ่ง", "One", lambda level, year: {})
    try:
        formula.check("known.one * 2")
        with pytest.raises(ValidationError) as exc:
            formula.check("known.one + nobody.registered")
        assert exc.value.code == "unknown_measure"
        assert "nobody.registered" in exc.value.messages[0]
        assert "ตัวนับที่ไม่มีในระบบ" in exc.value.messages[0] and "unknown measure" in exc.value.messages[0]
    finally:
        measures.MEASURES.pop("known.one")


def _rolled(rows: list[tuple[int, int, str, object, object]], aggs: dict[int, str], years: list[int]) -> dict:
    return {k: v.value for k, v in rollup(values_table(rows), aggs, years, PMAP).items()}


def test_sum_rolls_up_every_level() -> None:
    got = _rolled(
        [
            (1, 2570, "240104", 10, None),
            (1, 2570, "240201", 5, None),
            (1, 2570, "200101", 1, None),
            (1, 2570, "100101", 7, None),
        ],
        {1: "sum"},
        [2570],
    )
    assert got[(1, 2570, "2401")] == D(10)
    assert got[(1, 2570, "24")] == D(15)
    assert got[(1, 2570, "cluster:C08")] == D(16)
    assert got[(1, 2570, "region:R5")] == D(16)
    assert got[(1, 2570, "region:R1")] == D(7)  # Bangkok: no cluster, counted by its region directly
    assert got[(1, 2570, "")] == D(23)
    assert not any(unit == "cluster:" or unit.startswith("cluster:None") for _i, _y, unit in got)


def test_average_is_over_the_leaf_areas_not_a_mean_of_means() -> None:
    got = _rolled(
        [(1, 2570, "240104", 10, None), (1, 2570, "240105", 20, None), (1, 2570, "200101", 60, None)],
        {1: "average"},
        [2570],
    )
    assert got[(1, 2570, "24")] == D(15)
    assert got[(1, 2570, "cluster:C08")] == D(30)  # (10 + 20 + 60) / 3, not (15 + 60) / 2


def test_weighted_average_uses_the_weights() -> None:
    got = _rolled([(1, 2570, "240104", 10, 1), (1, 2570, "240105", 20, 3)], {1: "weighted"}, [2570])
    assert got[(1, 2570, "24")] == D("17.5")


def test_share_is_the_sum_of_numerators_over_the_sum_of_denominators() -> None:
    got = _rolled([(1, 2570, "240104", 1, 2), (1, 2570, "240105", 1, 8)], {1: "share"}, [2570])
    assert got[(1, 2570, "240104")] == D(50)
    assert got[(1, 2570, "24")] == D(20)  # 2 / 10, not (50 % + 12.5 %) / 2


def test_latest_carries_each_areas_last_value_forward_then_sums() -> None:
    rows = [(1, 2568, "240104", 3, None), (1, 2570, "240105", 4, None), (1, 2569, "240105", 9, None)]
    got = _rolled(rows, {1: "latest"}, [2569, 2570])
    assert got[(1, 2569, "24")] == D(12)  # 3 (from 2568) + 9
    assert got[(1, 2570, "24")] == D(7)  # 3 (still from 2568) + 4


def test_each_aggregation_in_one_query_stays_apart() -> None:
    rows = [(i, 2570, "240104", 2, 4) for i in (1, 2, 3, 4, 5)] + [(i, 2570, "240105", 4, 4) for i in (1, 2, 3, 4, 5)]
    got = _rolled(rows, {1: "sum", 2: "average", 3: "weighted", 4: "share", 5: "latest"}, [2570])
    assert [got[(i, 2570, "24")] for i in (1, 2, 3, 4, 5)] == [D(6), D(3), D(3), D(75), D(6)]
