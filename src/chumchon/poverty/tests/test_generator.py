"""The synthetic survey generator: valid IDs, realistic shape, correlated deprivations, seeded."""

from __future__ import annotations

import datetime

import numpy as np
import pyarrow.compute as pc
import pytest

from chumchon.core.national_id import is_valid_national_id
from chumchon.poverty import generator, store
from chumchon.poverty.indicators_data import indicator_sets_load
from chumchon.poverty.models import IndicatorSet, SurveyRound


def test_national_ids_are_valid_and_distinct() -> None:
    ids = generator.national_ids(0, 5000).to_pylist() + generator.national_ids(10**9, 100).to_pylist()
    assert all(len(i) == 13 and is_valid_national_id(i) for i in ids)
    assert len(set(ids)) == len(ids)


@pytest.fixture
def indicators(db):
    indicator_sets_load()
    iset = IndicatorSet.objects.get(code="jpt-2560")
    return generator.indicators_for(SurveyRound(code="g", name="g", year_be=2566, indicator_set=iset))


def make(indicators, seed: int = 1, n: int = 4000):
    return generator.generate_district(
        rng=np.random.default_rng(seed),
        tambons=["240101", "240104"],
        households_per_tambon={"240101": n // 2, "240104": n // 2},
        indicators=indicators,
        reference_date=datetime.date(2023, 6, 30),
        person_start=0,
    )


def test_shape_is_realistic(indicators) -> None:
    hh, persons = make(indicators)
    assert hh.num_rows == 4000
    assert 2.5 < persons.num_rows / hh.num_rows < 3.1  # ≈ 36 M / 13 M
    assert pc.sum(hh.column("members")).as_py() == persons.num_rows
    assert set(pc.unique(pc.utf8_slice_codeunits(hh.column("village_code"), 0, 6)).to_pylist()) == {"240101", "240104"}
    assert len(set(hh.column("household_id").to_pylist())) == hh.num_rows
    ids = hh.column("household_id").to_pylist()
    assert ids == sorted(ids)  # store order without sorting
    births = persons.column("birth_date").to_pylist()
    elderly = sum(1 for b in births if b <= datetime.date(1963, 6, 30)) / len(births)
    assert 0.12 < elderly < 0.35
    verified = pc.sum(persons.column("welfare_verified")).as_py()
    assert 0 < verified <= pc.sum(persons.column("welfare_registered")).as_py()
    # Conforms to the store schema.
    hh_codes = [i.code for i in indicators if i.level == "household"]
    store.conform(hh, store.household_schema(hh_codes), what="households")


def test_deprivations_are_correlated(indicators) -> None:
    hh, _ = make(indicators, n=8000)
    housing = np.array(hh.column("i08").to_pylist(), dtype=float)
    income = np.array(hh.column("i22").to_pylist(), dtype=float)
    # Households failing income fail housing more often than those passing it.
    fail_income = income == 0
    assert fail_income.any()
    assert (housing[fail_income] == 0).mean() > (housing[~fail_income] == 0).mean()


def test_seeded(indicators) -> None:
    a, _ = make(indicators, seed=5, n=200)
    b, _ = make(indicators, seed=5, n=200)
    c, _ = make(indicators, seed=6, n=200)
    assert a.equals(b) and not a.equals(c)
