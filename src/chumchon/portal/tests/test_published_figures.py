"""A round's suppressed figures are materialised once (``portal.PublishedRoundFigures``): a new process reads
the row instead of suppressing the tree again, and a recompute or a new threshold rebuilds it (issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest

from chumchon.portal import figures
from chumchon.portal.models import PublishedRoundFigures
from chumchon.portal.tests import world as w
from chumchon.poverty.models import SurveyRound


@pytest.fixture
def world(db: None) -> w.World:
    return w.build()


def _same(a: figures.RoundTable, b: figures.RoundTable) -> None:
    assert set(a.measures) == set(b.measures)
    for measure, table in a.measures.items():
        assert b.measures[measure].values == table.values
        assert b.measures[measure].hidden == table.hidden
    assert (a.score_sum, a.weight_total, a.dimensions) == (b.score_sum, b.weight_total, b.dimensions)


def test_a_new_process_reads_the_materialised_table(world: w.World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PUBLIC_MIN_COUNT = 5
    survey_round = world.rounds[-1]
    assert not PublishedRoundFigures.objects.exists()
    built = figures.round_table(survey_round)
    row = PublishedRoundFigures.objects.get(survey_round=survey_round)
    assert row.computed_at == survey_round.computed_at and row.min_count == 5
    assert built.measures["target_poor_households"].hidden, "the world tempts recovery: some cells are hidden"
    # A new process: nothing in memory. Mark the row to prove the table comes from it and is not rebuilt.
    figures._CACHE.clear()
    PublishedRoundFigures.objects.filter(pk=row.pk).update(build_seconds=-1)
    read = figures.round_table(survey_round)
    _same(built, read)
    assert PublishedRoundFigures.objects.get(pk=row.pk).build_seconds == -1  # not rebuilt
    assert read.value("target_poor_households", "240102") is None  # 2 target poor households: hidden
    assert read.headcount_ratio("24") == built.headcount_ratio("24")


def test_a_recompute_or_a_new_threshold_rebuilds_it(world: w.World, settings) -> None:  # type: ignore[no-untyped-def]
    settings.PUBLIC_MIN_COUNT = 5
    survey_round = world.rounds[-1]
    figures.round_table(survey_round)
    first = PublishedRoundFigures.objects.get(survey_round=survey_round)
    figures._CACHE.clear()
    # The engine ran again: computed_at moved on, so the row is stale and is replaced.
    SurveyRound.objects.filter(pk=survey_round.pk).update(
        computed_at=survey_round.computed_at + dt.timedelta(minutes=5)
    )
    survey_round.refresh_from_db()
    figures.round_table(survey_round)
    second = PublishedRoundFigures.objects.get(survey_round=survey_round)
    assert second.computed_at == survey_round.computed_at != first.computed_at
    assert PublishedRoundFigures.objects.count() == 1
    # A higher threshold hides more: the stored table follows the setting.
    settings.PUBLIC_MIN_COUNT = 100
    table = figures.round_table(survey_round)
    assert PublishedRoundFigures.objects.get(survey_round=survey_round).min_count == 100
    assert table.value("households", "240104") is None  # 61 households < 100


def test_the_engine_run_writes_the_table(db: None, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The portal registers into poverty's after-recompute list: a full engine run leaves the round's
    public table written, so no web worker has to build it on a request."""
    from chumchon.poverty import engine, generator
    from chumchon.poverty.indicators_data import indicator_sets_load
    from chumchon.poverty.models import IndicatorSet

    settings.SURVEY_STORE = tmp_path / "surveys"
    settings.PUBLIC_MIN_COUNT = 5
    indicator_sets_load()
    survey_round = SurveyRound.objects.create(
        code="s-2566", name="s", year_be=2566, indicator_set=IndicatorSet.objects.get(code="jpt-2560")
    )
    generator.generate_round(survey_round, ["240101"], households_per_tambon=8, seed=2)
    assert figures.materialise in engine.AFTER_FULL_RECOMPUTE
    engine.recompute_round(survey_round)
    survey_round.refresh_from_db()
    row = PublishedRoundFigures.objects.get(survey_round=survey_round)
    assert row.computed_at == survey_round.computed_at and row.min_count == 5
    figures._CACHE.clear()
    _same(figures.loads(survey_round, row.payload), figures.round_table(survey_round))
