"""Two imports writing one district's store files at once (SQLite and PostgreSQL, real threads)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from django.db import connections

from chumchon.poverty import generator, store
from chumchon.poverty.imports import store_writes
from chumchon.poverty.imports.columnar import write_spooled
from chumchon.poverty.indicators_data import indicator_sets_load
from chumchon.poverty.models import IndicatorSet, SurveyImport, SurveyRound

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def survey_round(settings: Any, tmp_path: Any) -> SurveyRound:
    settings.SURVEY_STORE = tmp_path / "surveys"
    indicator_sets_load()
    iset = IndicatorSet.objects.get(code="jpt-2566")
    r = SurveyRound.objects.create(code="w-2566", name="2566", year_be=2566, indicator_set=iset)
    generator.generate_round(r, ["240101", "240104"], households_per_tambon=30, seed=8)
    return SurveyRound.objects.select_related("indicator_set").get(pk=r.pk)


def spooled(
    survey_round: SurveyRound, directory: Path, households: pa.Table, persons: pa.Table
) -> tuple[dict[str, Path], dict[str, Path]]:
    """The import's validated files (as the job's spool holds them): one Parquet file per district."""
    hh_codes, p_codes = store.indicator_codes(survey_round.indicator_set)
    out: tuple[dict[str, Path], dict[str, Path]] = ({}, {})
    for files, table, schema in (
        (out[0], households, store.household_schema(hh_codes)),
        (out[1], persons, store.person_schema(p_codes)),
    ):
        table = store.conform(table, schema, what="rows")
        district = pc.utf8_slice_codeunits(table.column("tambon_code"), 0, 4)
        for code in pc.unique(district).to_pylist():
            files[code] = directory / f"{schema.names[0]}-{code}.arrow"
            write_spooled(files[code], table.filter(pc.equal(district, code)))
    return out


def test_an_import_waits_while_another_writes_the_same_round(survey_round: SurveyRound, tmp_path: Any) -> None:
    """Writing a district file keeps the district's other tambons (read, modify, write), so two
    imports into one district at once would each write a file missing the other's rows. An import
    therefore writes only under the round's store lock: while another writer holds it, it waits,
    and afterwards its rows are in the file."""
    new_hh, new_p = generator.generate_district(
        rng=np.random.default_rng(1),
        tambons=["240104"],
        households_per_tambon={"240104": 45},
        indicators=generator.indicators_for(survey_round),
        reference_date=survey_round.effective_reference_date,
        person_start=50_000_000,
    )
    hh_files, p_files = spooled(survey_round, tmp_path, new_hh, new_p)
    before = {t: store.read_tambon(survey_round, t)[0].num_rows for t in ("240101", "240104")}
    assert before["240104"] != 45
    record = SurveyImport(survey_round=survey_round, area_code="240104", replace_tambon=True)
    holding, release, written = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def other_writer() -> None:
        try:
            with store_writes.store_write_lock(survey_round):
                holding.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    def importer() -> None:
        try:
            store_writes.write(record, hh_files, p_files, ["240104"])
            written.set()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    first = threading.Thread(target=other_writer)
    first.start()
    assert holding.wait(timeout=30)
    second = threading.Thread(target=importer)
    second.start()
    assert not written.wait(timeout=2)  # waits for the lock instead of writing over the other writer
    assert store.read_tambon(survey_round, "240104")[0].num_rows == before["240104"]
    release.set()
    first.join(timeout=30)
    second.join(timeout=60)
    assert not errors, errors
    assert written.is_set()
    assert store.read_tambon(survey_round, "240104")[0].num_rows == 45
    assert store.read_tambon(survey_round, "240101")[0].num_rows == before["240101"]  # the other tambon kept


def test_a_failure_while_writing_leaves_every_district_as_it_was(survey_round: SurveyRound, tmp_path: Any) -> None:
    """An import spanning two districts whose second district file is damaged: nothing is swapped
    in, the first district's files are untouched, and no half-written file is left behind."""
    generator.generate_round(survey_round, ["240101", "240201"], households_per_tambon=20, seed=9)
    directory = store.round_dir(survey_round)
    first = directory / "households" / "2401.parquet"
    before = first.read_bytes()
    (directory / "households" / "2402.parquet").write_bytes(b"PAR1 damaged")
    new_hh, new_p = generator.generate_district(
        rng=np.random.default_rng(2),
        tambons=["240101", "240201"],
        households_per_tambon={"240101": 11, "240201": 12},
        indicators=generator.indicators_for(survey_round),
        reference_date=survey_round.effective_reference_date,
        person_start=60_000_000,
    )
    record = SurveyImport(survey_round=survey_round, area_code="24", replace_tambon=False)
    with pytest.raises((pa.ArrowException, OSError)):  # whatever Arrow raises for the damaged file
        store_writes.write(record, *spooled(survey_round, tmp_path, new_hh, new_p), ["240101", "240201"])
    assert first.read_bytes() == before
    assert not list(directory.glob("*/.*.tmp"))
