"""The survey part of a target list is kept per process, and any change it depends on is a miss (issue 16)."""

from __future__ import annotations

from typing import Any

import pytest

from chumchon.areas.models import Area
from chumchon.poverty import engine, generator, store
from chumchon.poverty.selectors import targets as targets_selectors
from chumchon.poverty.tests import logbook_data

pytestmark = pytest.mark.django_db
TAMBON = "240104"


@pytest.fixture
def round_(settings: Any, tmp_path: Any) -> Any:
    settings.SURVEY_STORE = tmp_path / "store"
    targets_selectors._survey_cache.clear()
    r = logbook_data.survey_round("cache-2565", 2565)
    generator.generate_round(r, [TAMBON, "240101"], households_per_tambon={TAMBON: 300, "240101": 50}, seed=3)
    engine.recompute_round(r)
    r.refresh_from_db()
    return r


def _list(round_: Any, *, show_ids: bool = False) -> Any:
    return targets_selectors.target_list(survey_round=round_, tambon=Area.objects.get(code=TAMBON), show_ids=show_ids)


def test_a_warm_list_reuses_the_survey_part_and_hands_out_copies(round_: Any) -> None:
    first = _list(round_)
    assert first.households, "the generated tambon has deprived households"
    shared = targets_selectors._survey_households(round_, TAMBON, show_ids=False)
    assert targets_selectors._survey_households(round_, TAMBON, show_ids=False) is shared
    assert len(targets_selectors._survey_cache) == 1
    # A request changing its households (cases are set per request) does not change the next one's.
    first.households[0].cases = {"health": object()}
    second = _list(round_)
    assert second.households[0].cases == {}
    assert [h.ref for h in second.households] == [h.ref for h in first.households]
    # Shown and masked national IDs are different entries.
    with_ids = _list(round_, show_ids=True)
    assert len(targets_selectors._survey_cache) == 2
    assert with_ids.households[0].persons[0].national_id != second.households[0].persons[0].national_id


def test_replacing_the_tambon_or_recomputing_is_a_miss(round_: Any) -> None:
    before = _list(round_)
    households, persons = store.read_tambon(round_, TAMBON)
    keep = households.slice(0, 100)
    ids = set(keep.column("household_id").to_pylist())
    mask = [h in ids for h in persons.column("household_id").to_pylist()]
    store.replace_tambon(round_, TAMBON, keep, persons.filter(mask))
    after = _list(round_)
    assert len(after.households) < len(before.households)
    assert {h.household_id for h in after.households} <= ids
    engine.recompute_round(round_)
    round_.refresh_from_db()
    again = _list(round_)
    assert [h.ref for h in again.households] == [h.ref for h in after.households]
    assert len(targets_selectors._survey_cache) == 3


def test_the_cache_is_bounded(round_: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(targets_selectors, "_SURVEY_CACHE_SIZE", 1)
    _list(round_)
    other = Area.objects.get(code="240101")
    targets_selectors.target_list(survey_round=round_, tambon=other, show_ids=False)
    assert [key[3] for key in targets_selectors._survey_cache] == ["240101"]
