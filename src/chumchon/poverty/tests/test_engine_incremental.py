"""Replacing one tambon and recomputing it (plus ancestors) equals a full recompute; deltas; comparison."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from chumchon.poverty import engine, generator, store, village_results
from chumchon.poverty.indicators_data import indicator_sets_load
from chumchon.poverty.models import AreaPovertyResult, IndicatorSet, SurveyRound

TAMBONS = ["100101", "240101", "240104", "240201", "500101"]


@pytest.fixture
def rounds(db, settings, tmp_path):
    settings.SURVEY_STORE = tmp_path / "surveys"
    indicator_sets_load()
    iset = IndicatorSet.objects.get(code="jpt-2566")
    first = SurveyRound.objects.create(code="t-2566", name="2566", year_be=2566, indicator_set=iset)
    second = SurveyRound.objects.create(code="t-2567", name="2567", year_be=2567, indicator_set=iset, previous=first)
    generator.generate_round(first, TAMBONS, households_per_tambon=60, seed=3)
    generator.generate_round(second, TAMBONS, households_per_tambon=60, seed=3)
    return first, second


def snapshot(survey_round: SurveyRound) -> dict:
    skip = {"id", "computed_at"}
    return {
        (r["level"], r["area_code"], r["group_code"]): {k: v for k, v in r.items() if k not in skip}
        for r in village_results.all_values(survey_round)
    }


def test_replace_tambon_then_recompute_tambons_equals_full_recompute(rounds) -> None:
    first, second = rounds
    engine.recompute_round(first)
    engine.recompute_round(second)
    before = snapshot(second)
    # A correction for 240104: other households (another seed), more of them, every one failing i13.
    new_hh, new_p = generator.generate_district(
        rng=np.random.default_rng(99),
        tambons=["240104"],
        households_per_tambon={"240104": 90},
        indicators=generator.indicators_for(second),
        reference_date=second.effective_reference_date,
        person_start=10_000_000,
    )
    new_hh = new_hh.set_column(new_hh.schema.get_field_index("i13"), "i13", pa.array([0] * new_hh.num_rows, pa.int8()))
    store.replace_tambon(second, "240104", new_hh, new_p)
    hh, persons = store.read_tambon(second, "240104")
    assert hh.num_rows == 90 and persons.num_rows == new_p.num_rows
    other, _ = store.read_tambon(second, "240101")
    assert other.num_rows > 0  # the rest of the district file is kept

    stats = engine.recompute_tambons(second, ["240104"])
    incremental = snapshot(second)
    engine.recompute_round(second)
    full = snapshot(second)
    assert stats["tambons"] == 1
    assert incremental == full
    assert full != before
    assert full[("subdistrict", "240104", "")]["households"] == 90
    assert full[("subdistrict", "240104", "")]["deprived_by_indicator"]["i13"] == 90
    # Change since the previous round is carried on every row.
    nation = full[("nation", "", "")]
    first_nation = AreaPovertyResult.objects.get(survey_round=first, level="nation")
    assert nation["previous_target_poor_households"] == first_nation.target_poor_households
    assert (
        nation["target_poor_households_delta"] == nation["target_poor_households"] - first_nation.target_poor_households
    )


def test_household_deprivations_match_area_results(rounds) -> None:
    first, _ = rounds
    engine.recompute_round(first)
    table = engine.household_deprivations(first, "240104")
    row = AreaPovertyResult.objects.get(survey_round=first, level="subdistrict", area_code="240104")
    assert table.num_rows == row.households
    assert pc.sum(table.column("is_tpmap_target")).as_py() == row.target_poor_households
    assert pc.sum(table.column("is_af_poor")).as_py() == row.af_poor_households
    poor_scores = pc.filter(table.column("score"), table.column("is_af_poor"))
    assert (pc.sum(poor_scores).as_py() or 0) == row.af_score_sum
    failed_i13 = sum(1 for f in table.column("failed_indicators").to_pylist() if "i13" in f)
    assert failed_i13 == row.deprived_by_indicator["i13"]


def test_comparison_reports_resolved_deprivations(rounds) -> None:
    first, second = rounds
    hh, persons = store.read_tambon(second, "240104")
    target = hh.column("household_id")[0].as_py()
    # In the second round household `target` fails i13 and passes every other household indicator.
    codes = [c for c in hh.column_names if c.startswith("i")]
    fixed = hh
    for c in codes:
        values = [1] * hh.num_rows
        if c == "i13":
            values = [0, *values[1:]]
        fixed = fixed.set_column(fixed.schema.get_field_index(c), c, pa.array(values, pa.int8()))
    store.replace_tambon(second, "240104", fixed, persons)
    before, _ = store.read_tambon(first, "240104")
    before_row = before.filter(pc.equal(before.column("household_id"), target)).to_pylist()[0]
    result = engine.comparison(first, second, [target, "nonexistent"])
    assert engine.comparison(first, second, [target, "nonexistent"], tambon_codes=["240104"]) == result
    by_code = {(r["kind"], r["code"]): r for r in result if r["household_id"] == target}
    assert by_code[("indicator", "i13")]["after"] is True
    for c in codes:
        if c != "i13" and before_row[c] == 0:
            assert by_code[("indicator", c)]["status"] == "resolved"
    assert all(r["status"] == "absent_before" for r in result if r["household_id"] == "nonexistent") or not [
        r for r in result if r["household_id"] == "nonexistent"
    ]


def test_changed_weights_make_a_tambon_recompute_redo_the_whole_round(rounds) -> None:
    """Stored rows are sums under one measure; after k or the weights change, adding new tambon rows
    to old ones would mix two measures, so the tambon-only path recomputes everything."""
    first, _ = rounds
    engine.recompute_round(first)
    first.refresh_from_db()
    assert first.result_spec["k"] == "1/3" and first.result_spec["weight_total"] > 0
    assert set(first.result_spec["weights"]) == set(first.result_spec["dimensions"])

    unchanged = engine.recompute_tambons(first, ["240104"])
    assert unchanged["full"] is False

    IndicatorSet.objects.filter(pk=first.indicator_set_id).update(k_num=2, k_den=3)
    first.refresh_from_db()
    stats = engine.recompute_tambons(first, ["240104"])
    assert stats["full"] is True
    first.refresh_from_db()
    assert first.result_spec["k"] == "2/3"
    nation = AreaPovertyResult.objects.get(survey_round=first, level="nation")
    assert (nation.af_k_num, nation.af_k_den) == (2, 3)
    tambons = AreaPovertyResult.objects.filter(survey_round=first, level="subdistrict")
    assert {(t.af_k_num, t.af_k_den) for t in tambons} == {(2, 3)}  # every tambon, not only 240104
    incremental = snapshot(first)
    engine.recompute_round(first)
    assert snapshot(first) == incremental


def test_contributions_are_derived_with_the_recorded_weights(rounds) -> None:
    """Contributions come from the weights recorded with the results, not the set's current ones."""
    first, _ = rounds
    IndicatorSet.objects.filter(pk=first.indicator_set_id).update(k_num=1, k_den=10)  # some poor at this size
    first.refresh_from_db()
    engine.recompute_round(first)
    nation = AreaPovertyResult.objects.get(survey_round=first, level="nation")
    recorded = engine.stored_result_spec(first)
    by_indicator, by_dimension = nation.contributions(recorded)
    assert nation.af_score_sum > 0 and sum(by_indicator.values()) == 1 == sum(by_dimension.values())
    weights = recorded["weights"]
    for code, share in by_indicator.items():
        assert share * nation.af_score_sum == weights[code] * nation.censored_by_indicator[code]
    # Editing the set afterwards does not change what the stored results say until a recompute.
    iset = first.indicator_set
    iset.k_num, iset.k_den = 1, 2
    iset.save()
    assert engine.stored_result_spec(first) == recorded


def test_prepared_tambon_statement_equals_the_query(rounds, tmp_path) -> None:
    """One tambon's village and tambon rows from the statement prepared once per process equal the
    query run as it is, prepared or reused, for other tambons too; a file lacking a column the statement
    reads gives None (the caller then runs the query) instead of nulls."""
    import pyarrow.parquet as pq

    _first, second = rounds
    spec = engine.spec_for(second)
    directory = store.round_dir(second)
    hh = store.household_files(directory, ["2401"])
    layout = engine.rollup_usable(spec, hh)[hh[0]]
    assert layout is not None

    def key(r: dict) -> tuple:
        return (r["level"], r["area_code"])

    for tambons in (["240104"], ["240101", "240104"], ["240104"]):
        where = "WHERE tambon_code IN (" + ", ".join(f"'{t}'" for t in tambons) + ")"
        got = engine._prepared_tambon_rows(spec, hh, layout, where)
        assert got is not None and got.num_rows > len(tambons)
        con = store.duckdb_connection()
        try:
            want = con.sql(engine._village_tambon_sql(spec, hh, [], where, layout)).to_arrow_table()
        finally:
            con.close()
        assert got.schema == want.schema
        assert sorted(got.to_pylist(), key=key) == sorted(want.to_pylist(), key=key)
    lacking = tmp_path / "2401.parquet"
    pq.write_table(pq.read_table(hh[0]).drop_columns(["i13"]), lacking)
    assert engine._prepared_tambon_rows(spec, [lacking], layout, "WHERE tambon_code IN ('240104')") is None
    # ... and the next call prepares again on a fresh cursor.
    assert engine._prepared_tambon_rows(spec, hh, layout, "WHERE tambon_code IN ('240104')") is not None
