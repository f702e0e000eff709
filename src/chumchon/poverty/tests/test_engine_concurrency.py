"""Two writers of one round's results at once (PostgreSQL, real connections in threads)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connections, transaction

from chumchon.poverty import engine, generator
from chumchon.poverty.indicators_data import indicator_sets_load
from chumchon.poverty.models import AreaPovertyResult, IndicatorSet, SurveyRound

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
TAMBONS = ["240101", "240104", "240201"]


@pytest.fixture
def survey_round(settings: Any, tmp_path: Any) -> SurveyRound:
    settings.SURVEY_STORE = tmp_path / "surveys"
    indicator_sets_load()
    iset = IndicatorSet.objects.get(code="jpt-2566")
    r = SurveyRound.objects.create(code="c-2566", name="2566", year_be=2566, indicator_set=iset)
    generator.generate_round(r, TAMBONS, households_per_tambon=40, seed=5)
    return r


def _in_thread(target: Any, errors: list[BaseException]) -> threading.Thread:
    def run() -> None:
        try:
            target()
        except BaseException as exc:  # reported by the test, not lost in the thread
            errors.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_recompute_waits_for_another_writer_of_the_same_round(survey_round: SurveyRound) -> None:
    """A writer holds the round (as a recompute does while it replaces the rows, here with rows of
    its own) while a full recompute runs. The recompute must wait, then replace those rows —
    without the round lock its DELETE misses the rows committed meanwhile and its INSERT breaks the
    unique (round, level, area) constraint."""
    engine.recompute_round(survey_round)
    expected = AreaPovertyResult.objects.filter(survey_round=survey_round).count()
    holding, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def other_writer() -> None:
        with transaction.atomic():
            engine.lock_round(survey_round)
            rows = list(AreaPovertyResult.objects.filter(survey_round=survey_round))
            AreaPovertyResult.objects.filter(survey_round=survey_round).delete()
            for row in rows:
                row.pk = None
                row.persons = -1  # marks the other writer's rows
            AreaPovertyResult.objects.bulk_create(rows)
            holding.set()
            release.wait(timeout=30)

    first = _in_thread(other_writer, errors)
    assert holding.wait(timeout=30)
    second = _in_thread(lambda: engine.recompute_round(survey_round), errors)
    second.join(timeout=3)
    assert second.is_alive()  # waiting for the round's lock, not failed and not done
    release.set()
    first.join(timeout=30)
    second.join(timeout=60)
    assert not errors, errors
    rows = AreaPovertyResult.objects.filter(survey_round=survey_round)
    assert rows.count() == expected
    assert not rows.filter(persons=-1).exists()  # the recompute's rows replaced the other writer's
    survey_round.refresh_from_db()
    assert survey_round.status == "ready"
