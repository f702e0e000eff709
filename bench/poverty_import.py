"""Survey import and target lists: time and rows per second, as ratios to plain CSV reading.

    CHUMCHON_DATA_DIR=$(mktemp -d) .venv/bin/python bench/poverty_import.py [--tambons 20] [--households 1000]

Generates a synthetic round (H5's generator) for ``--tambons`` tambons of province 24, writes it
out as two CSV files (UTF-8) with Thai headers, then times in one run:

* baseline: reading both CSV files with ``csv.reader`` (nothing else);
* ``tabular`` reading (encoding detection + mapped row dicts);
* the full import job: validate every row, write the store, recompute (``survey_import_run``);
* one tambon's target list (``targets_selectors.target_list``: DuckDB over the store + persons + cases).

Everything runs inside a rolled-back transaction on the configured database.
"""

from __future__ import annotations

import argparse
import csv
import os
import tempfile
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import override_settings  # noqa: E402

from chumchon.accounts.models import RoleAssignment, User  # noqa: E402
from chumchon.areas.models import Area  # noqa: E402
from chumchon.areas.services import areas_load  # noqa: E402
from chumchon.core import tabular  # noqa: E402
from chumchon.poverty import generator, store  # noqa: E402
from chumchon.poverty.imports import job  # noqa: E402
from chumchon.poverty.indicators_data import indicator_sets_load  # noqa: E402
from chumchon.poverty.models import IndicatorSet, SurveyRound  # noqa: E402
from chumchon.poverty.selectors import targets as targets_selectors  # noqa: E402
from chumchon.poverty.services import survey_imports as survey_imports_services  # noqa: E402


class Rollback(Exception):
    pass


def write_csv(table: object, path: Path, rename: dict[str, str]) -> int:
    rows = table.to_pylist()  # type: ignore[attr-defined]
    columns = table.column_names  # type: ignore[attr-defined]
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([rename.get(c, c) for c in columns])
        for row in rows:
            writer.writerow(
                ["" if row[c] is None else (int(row[c]) if isinstance(row[c], bool) else row[c]) for c in columns]
            )
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tambons", type=int, default=20)
    parser.add_argument("--households", type=int, default=1000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not Area.objects.exists():
        areas_load()
    work = Path(tempfile.mkdtemp(prefix="chumchon-bench-"))
    try:
        with override_settings(SURVEY_STORE=work / "store", MEDIA_ROOT=work / "media"), transaction.atomic():
            run(args, work)
            raise Rollback
    except Rollback:
        pass


def run(args: argparse.Namespace, work: Path) -> None:
    indicator_sets_load()
    iset = IndicatorSet.objects.get(code="jpt-2566")
    source = SurveyRound.objects.create(code="bench-src", name="bench source", year_be=2566, indicator_set=iset)
    target = SurveyRound.objects.create(code="bench-imp", name="bench import", year_be=2566, indicator_set=iset)
    tambons = list(
        Area.objects.filter(level="subdistrict", code__startswith="24").order_by("code").values_list("code", flat=True)
    )[: args.tambons]
    generator.generate_round(source, tambons, households_per_tambon={t: args.households for t in tambons}, seed=1)
    directory = store.round_dir(source)
    con = store.duckdb_connection()
    hh = con.sql(f"SELECT * FROM read_parquet({store.sql_list(store.household_files(directory))})").to_arrow_table()
    persons = con.sql(f"SELECT * FROM read_parquet({store.sql_list(store.person_files(directory))})").to_arrow_table()
    persons = persons.set_column(
        persons.column_names.index("birth_date"),
        "birth_date",
        persons.column("birth_date").cast("string"),
    )
    hh_path, p_path = work / "households.csv", work / "persons.csv"
    n_h = write_csv(hh, hh_path, {"household_id": "รหัสครัวเรือน", "tambon_code": "รหัสตำบล", "house_no": "บ้านเลขที่"})
    n_p = write_csv(persons, p_path, {"national_id": "เลขประจำตัวประชาชน", "household_id": "รหัสครัวเรือน"})
    rows = n_h + n_p
    print(
        f"data: {len(tambons)} tambons, {n_h:,} households, {n_p:,} persons ({rows:,} rows, "
        f"{(hh_path.stat().st_size + p_path.stat().st_size) / 1e6:.1f} MB CSV)"
    )

    start = time.perf_counter()
    for path in (hh_path, p_path):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for _ in csv.reader(handle):
                pass
    baseline = time.perf_counter() - start
    print(f"baseline csv.reader: {baseline:.3f} s ({rows / baseline:,.0f} rows/s)")

    start = time.perf_counter()
    for path in (hh_path, p_path):
        table = tabular.open_tabular(path)
        for _ in tabular.mapped_rows(table, {h: h for h in table.headers}):
            pass
    t_tab = time.perf_counter() - start
    print(f"tabular read + mapping: {t_tab:.3f} s ({rows / t_tab:,.0f} rows/s, {t_tab / baseline:.1f}x baseline)")

    user = User.objects.create_user(username="bench-importer", password="x")
    RoleAssignment.objects.create(
        user=user, role="cdd_provincial_officer", scope_kind="area", area=Area.objects.get(code="24")
    )
    record = survey_imports_services.survey_import_upload_in_transaction(
        actor=user,
        survey_round=target,
        area_code="24",
        household_file=SimpleUploadedFile("households.csv", hh_path.read_bytes()),
        person_file=SimpleUploadedFile("persons.csv", p_path.read_bytes()),
    )
    record.status = "queued"
    record.save()
    start = time.perf_counter()
    result = job.survey_import_run(survey_import=record)
    t_imp = time.perf_counter() - start
    assert result["status"] == "succeeded", result
    print(
        f"import job (validate + write + recompute): {t_imp:.3f} s ({rows / t_imp:,.0f} rows/s, "
        f"{t_imp / baseline:.1f}x baseline)"
    )

    tambon = Area.objects.get(code=tambons[0])
    start = time.perf_counter()
    tl = targets_selectors.target_list(survey_round=target, tambon=tambon, show_ids=False)
    t_tl = time.perf_counter() - start
    print(
        f"target list of one tambon ({len(tl.households):,} deprived households, {tl.person_count:,} persons): "
        f"{t_tl * 1000:.0f} ms ({t_tl / baseline:.2f}x baseline)"
    )


if __name__ == "__main__":
    main()
