"""The allocation formula: a hand-computed example to the baht, exact sums, floors and caps."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chumchon.budgets.allocation import (
    FormulaError,
    FormulaParams,
    Item,
    clamp_proportional,
    hamilton,
    split,
    terms_to_display,
)

F = Fraction
ITEMS = [
    Item("10", {"population": F(100)}),
    Item("11", {"population": F(200)}),
    Item("12", {"population": F(700)}),
]


def test_hand_computed_example_to_the_baht() -> None:
    """1,000,000 baht among three provinces, half equal, half by households (100 / 200 / 700).

    Equal part: 500,000 / 3 = 166,666.666… each.
    Household part: 500,000 × 100/1000 = 50,000; × 200/1000 = 100,000; × 700/1000 = 350,000.
    Exact shares: 216,666.67 / 266,666.67 / 516,666.67 (= 650,000/3, 800,000/3, 1,550,000/3).
    Floors: 216,666 + 266,666 + 516,666 = 999,998, so 2 baht are left; the fractional parts are
    ⅔, ⅔, ⅔ — a tie, broken by the lower code: provinces 10 and 11 get one baht each.
    Result: 216,667 / 266,667 / 516,666 = 1,000,000.
    """
    params = FormulaParams(F(1, 2), {"population": F(1, 2)})
    shares = split(1_000_000, ITEMS, params)
    assert [s.amount for s in shares] == [216_667, 266_667, 516_666]
    assert sum(s.amount for s in shares) == 1_000_000
    assert terms_to_display(shares[2].terms, shares[2].amount) == {
        "base": "166666.67",
        "population": "350000.00",
        "clamp": "0.00",
        "rounding": "-0.67",
    }


def test_hand_computed_example_with_a_cap() -> None:
    """Same split with a cap of 450,000 per province.

    Province 12 (516,666.67) is capped at 450,000; the other 550,000 is shared in proportion to
    the unclamped exact shares 650,000/3 : 800,000/3 = 650 : 800 (= 13 : 16):
    10 → 550,000 × 13/29 = 246,551.72…, 11 → 550,000 × 16/29 = 303,448.27….
    Floors 246,551 + 303,448 + 450,000 = 999,999; the one baht left goes to the larger fractional
    part (0.724 > 0.275): province 10. Result: 246,552 / 303,448 / 450,000.
    """
    params = FormulaParams(F(1, 2), {"population": F(1, 2)}, 0, 450_000)
    assert [s.amount for s in split(1_000_000, ITEMS, params)] == [246_552, 303_448, 450_000]


def test_hand_computed_example_with_floor_and_cap() -> None:
    """Floor 300,000 and cap 450,000: provinces 10 and 11 fall below the floor and are raised to
    it; province 12 takes the rest, 400,000, which is under its cap. Result: 300,000 / 300,000 / 400,000."""
    params = FormulaParams(F(1, 2), {"population": F(1, 2)}, 300_000, 450_000)
    assert [s.amount for s in split(1_000_000, ITEMS, params)] == [300_000, 300_000, 400_000]


def test_missing_feature_is_shared_equally() -> None:
    params = FormulaParams(F(0), {"poor": F(1)})
    shares = split(90, [Item("a", {}), Item("b", {}), Item("c", {})], params)
    assert [s.amount for s in shares] == [30, 30, 30]


def test_infeasible_floors_and_caps_are_refused() -> None:
    with pytest.raises(FormulaError):
        split(100, ITEMS, FormulaParams(F(1), {}, 40, None))
    with pytest.raises(FormulaError):
        split(100, ITEMS, FormulaParams(F(1), {}, 0, 30))


def test_params_round_trip_and_refuse_floats() -> None:
    params = FormulaParams.from_json({"base": "0.4", "weights": {"population": "0.3", "poor": "0.3"}, "floor": 10})
    assert params.base == F(2, 5) and params.weights["poor"] == F(3, 10)
    assert FormulaParams.from_json(params.to_json()) == params
    with pytest.raises(FormulaError):
        FormulaParams.from_json({"base": 0.5})
    with pytest.raises(FormulaError):
        FormulaParams.from_json({"weights": {"bogus": "1"}})


def test_hamilton_sums_exactly() -> None:
    assert hamilton([F(1, 3), F(1, 3), F(1, 3)], ["a", "b", "c"]) == [1, 0, 0]


features = st.fixed_dictionaries(
    {"population": st.integers(0, 10_000), "poor": st.integers(0, 5_000), "tambons": st.integers(0, 200)}
)


@settings(max_examples=150, deadline=None)
@given(
    total=st.integers(0, 10**10),
    feats=st.lists(features, min_size=1, max_size=15),
    base=st.integers(0, 10),
    w_pop=st.integers(0, 10),
    w_poor=st.integers(0, 10),
    floor_frac=st.fractions(min_value=0, max_value=1),
    cap_frac=st.one_of(st.none(), st.fractions(min_value=1, max_value=5)),
)
def test_parts_always_sum_to_total_within_floors_and_caps(
    total: int,
    feats: list[dict[str, int]],
    base: int,
    w_pop: int,
    w_poor: int,
    floor_frac: Fraction,
    cap_frac: Fraction | None,
) -> None:
    n = len(feats)
    if base + w_pop + w_poor == 0:
        base = 1
    floor = int(total * floor_frac / n)  # feasible by construction: n·floor ≤ total
    cap = None if cap_frac is None else max(floor, -(-total * cap_frac.numerator // (n * cap_frac.denominator)))
    params = FormulaParams(F(base), {"population": F(w_pop), "poor": F(w_poor)}, floor, cap)
    items = [Item(f"{i:02d}", {k: F(v) for k, v in f.items()}) for i, f in enumerate(feats)]
    shares = split(total, items, params)
    amounts = [s.amount for s in shares]
    assert sum(amounts) == total
    assert all(a >= floor for a in amounts)
    if cap is not None:
        assert all(a <= cap for a in amounts)
    for s in shares:  # the terms shown add up exactly to each amount
        assert sum(s.terms.values(), F(0)) == s.amount


@settings(max_examples=150, deadline=None)
@given(
    raw=st.lists(st.fractions(min_value=0, max_value=1000), min_size=1, max_size=10),
    floor=st.integers(0, 50),
    extra=st.integers(0, 5000),
)
def test_clamp_is_exact(raw: list[Fraction], floor: int, extra: int) -> None:
    n = len(raw)
    total = F(n * floor + extra)
    cap = F(floor + extra)  # Σ caps ≥ total
    result = clamp_proportional(total, raw, [F(floor)] * n, [cap] * n)
    assert sum(result, F(0)) == total
    assert all(F(floor) <= x <= cap for x in result)
