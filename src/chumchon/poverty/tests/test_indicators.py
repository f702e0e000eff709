"""Indicator sets: the data files load idempotently and give exact integer weights."""

from __future__ import annotations

from fractions import Fraction

import pytest

from chumchon.poverty.indicators_data import indicator_sets_load
from chumchon.poverty.models import Dimension, Indicator, IndicatorSet

pytestmark = pytest.mark.django_db


def test_loads_both_sets_with_tpmap_mapping() -> None:
    indicator_sets_load()
    s60, s66 = IndicatorSet.objects.get(code="jpt-2560"), IndicatorSet.objects.get(code="jpt-2566")
    assert s60.indicators.count() == 31 and s66.indicators.count() == 38
    mapped = {
        d: sorted(s60.indicators.filter(dimension__code=d).values_list("number", flat=True))
        for d in ("health", "living", "education", "income", "access")
    }
    assert mapped == {
        "health": [1, 4, 5, 7],
        "living": [8, 9, 10, 11],
        "education": [15, 16, 17, 19],
        "income": [20, 21, 22],
        "access": [27, 28],
    }
    income = s60.indicators.get(number=22)
    assert income.threshold_value == 38000 and income.verify
    assert s66.indicators.get(code="i29").threshold_value == 40000
    assert s60.k == Fraction(1, 3)


def test_integer_weights_are_exact() -> None:
    indicator_sets_load()
    weights, big_w = IndicatorSet.objects.get(code="jpt-2560").integer_weights()
    # Equal across five dimensions, equal within: health 4, living 4, education 4, income 3, access 2.
    assert big_w == 60 and sum(weights.values()) == 60
    assert weights["i01"] == 3 and weights["i20"] == 4 and weights["i27"] == 6
    weights66, big_w66 = IndicatorSet.objects.get(code="jpt-2566").integer_weights()
    assert sum(weights66.values()) == big_w66 == 900


def test_loading_twice_changes_nothing_and_keeps_admin_edits() -> None:
    indicator_sets_load()
    ind = Indicator.objects.get(indicator_set__code="jpt-2560", number=12)
    living = Dimension.objects.get(indicator_set__code="jpt-2560", code="living")
    ind.dimension, ind.weight = living, 2
    ind.save()
    counts = (IndicatorSet.objects.count(), Dimension.objects.count(), Indicator.objects.count())
    report = indicator_sets_load()
    assert report["jpt-2560"] == {"created": False, "indicators_created": 0}
    assert (IndicatorSet.objects.count(), Dimension.objects.count(), Indicator.objects.count()) == counts
    ind.refresh_from_db()
    assert ind.dimension == living and ind.weight == 2
    indicator_sets_load(reset_weights=True)
    ind.refresh_from_db()
    assert ind.dimension is None and ind.weight == 1
