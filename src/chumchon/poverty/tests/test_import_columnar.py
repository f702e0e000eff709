"""The vectorised survey-import validator against the row-by-row reference (issue 16, item 1).

A corpus of broken files — every rule of the reference broken at random places, alone and together,
in UTF-8 and in TIS-620 (cp874), across batch boundaries — must give exactly the reference's report:
the same rows, columns, codes and Thai and English messages, in the same order, up to the report's
cap, with the same total. Clean files must give the same columns as the reference builds.
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chumchon.core.jobs import SilentProgress
from chumchon.core.tabular import RowErrors
from chumchon.poverty import store
from chumchon.poverty.imports.columnar import ColumnarValidator, with_members
from chumchon.poverty.imports.store_writes import to_arrow
from chumchon.poverty.imports.validation import Validator
from chumchon.poverty.models import SurveyImport
from chumchon.poverty.services import survey_imports as survey_imports_services
from chumchon.poverty.tests import logbook_data
from chumchon.poverty.tests import test_import as base
from chumchon.poverty.tests.logbook_data import fast_passwords  # noqa: F401 (autouse fixture)
from chumchon.poverty.tests.test_import import T1, T2, csv_upload

pytestmark = pytest.mark.django_db
env = base.env  # the survey-import fixture

HH_HEADERS = [
    "รหัสครัวเรือน",
    "บ้านเลขที่",
    "รหัสหมู่บ้าน",
    "รหัสตำบล",
    "จำนวนสมาชิก",
    "ตัวชี้วัดที่ 1",
    "ตัวชี้วัดที่ 2",
    "ตัวชี้วัดที่ 3",
    "ตัวชี้วัดที่ 4",
    "ตัวชี้วัดที่ 5",
]
P_HEADERS = [
    "เลขประจำตัวประชาชน",
    "รหัสครัวเรือน",
    "รหัสตำบล",
    "ชื่อ-สกุล",
    "เพศ",
    "วันเกิด",
    "ความสัมพันธ์",
    "การศึกษา",
    "อาชีพ",
    "รายได้",
    "รายได้ (สตางค์/ปี)",
    "บัตรสวัสดิการแห่งรัฐ",
    "ผ่านการตรวจสอบ",
    "พิการ",
    "ป่วยเรื้อรัง",
    "ติดเตียง",
    "ตัวชี้วัดที่ 6",
]

# Values that break (or only look odd to) each column; the reference decides which are errors.
HH_BAD: dict[int, list[str]] = {
    0: ["", "  ", "x" * 65, "DUP"],
    2: ["", "2401040", "24010499", "24010501", "๒๔๐๑๐๔๐๑", "2401-0401", "abc"],
    3: ["", "999999", "24010", "๒๔๐๑๐๔", "240-104", T2],
    4: ["", "-1", "1000", "3.0", "two", "๓", "1,0"],
    5: ["maybe", "", "ใช่", "2", " 1 ", "TRUE", "✓"],
}
P_BAD: dict[int, list[str]] = {
    0: ["", "1234567890123", "123", "1-1000-00000-00-0", "๑๐๐๐๐๐๐๐๐๐๐๐๑", "abcdefghijklm", "DUP", "NEAR"],
    1: ["", "nowhere", "x" * 65, "OTHER"],
    2: ["", "999999", "24010", T2, "abc"],
    3: ["", "   ", "ก" * 201],
    4: ["", "x", "ชาย", "M", "2", " f "],
    5: [
        "",
        "31/02/2520",
        "2520-03-15",
        "15/03/2700",
        "1/1/1800",
        "soon",
        "15.03.2520",
        "2520-02-29",
        "29/02/2543",
        "1977-13-01",
        "00/01/2520",
        "2600-01-01",
        "1889-12-31",
        "0999-01-01",
        "1980-01-02T10:00",
    ],
    9: ["", "1.005", "-5", "abc", "45,000.50", "๑๐๐", "1,234,567.89", "0.5", "12.", ".5", "1e3", " 7 ", "1,2"],
    10: ["", "-1", "12.5", "abc", "100", "007", "1,000", "+5", "5.00", " "],
    11: ["perhaps", "", "ไม่ใช่", "9"],
    16: ["x", "", "0", "1"],
}


def clean_files(n_households: int, rng: random.Random) -> tuple[list[list[str]], list[list[str]]]:
    hh, persons = [], []
    person = 0
    for i in range(n_households):
        tambon = T1 if i % 3 else T2
        hid = f"{tambon}-{i}"
        members = rng.randint(1, 4)
        hh.append(
            [hid, f"{i}/1", f"{tambon}01", tambon, str(members) if i % 4 else "", *(rng.choice("01") for _ in range(5))]
        )
        for _ in range(members):
            persons.append(
                [
                    logbook_data.national_id(person),
                    hid,
                    tambon if person % 2 else "",
                    f"นาย ข {person}",
                    rng.choice(["ชาย", "หญิง", "M", "F", "1", "2"]),
                    rng.choice(["15/03/2520", "1980-01-02", "02/11/2555", "29/02/2543"]),
                    "บุตร",
                    "ประถม",
                    "ทำนา",
                    rng.choice(["45,000", "0", "", "12000.25"]),
                    "" if person % 5 else str(rng.randint(0, 10**8)),
                    rng.choice(["ใช่", "0", "1", ""]),
                    rng.choice(["1", "0", ""]),
                    "0",
                    rng.choice(["", "1"]),
                    "0",
                    rng.choice(["0", "1", ""]),
                ]
            )
            person += 1
    return hh, persons


def corrupt(rows: list[list[str]], bad: dict[int, list[str]], count: int, rng: random.Random) -> None:
    for _ in range(count):
        r = rng.randrange(len(rows))
        column = rng.choice(list(bad))
        value = rng.choice(bad[column])
        if value == "DUP":
            value = rows[rng.randrange(len(rows))][column]
        elif value == "NEAR":  # a valid ID written with dashes and spaces: accepted, may repeat another
            raw = rows[rng.randrange(len(rows))][column]
            value = f"{raw[:1]}-{raw[1:5]} {raw[5:10]}-{raw[10:]}"
        elif value == "OTHER":
            value = f"{T2}-{rng.randrange(len(rows))}"
        rows[r][column] = value
    if rng.random() < 0.2:
        rows.insert(rng.randrange(len(rows)), [""] * len(rows[0]))  # a blank row keeps the numbering
    if rng.random() < 0.2:
        rows[rng.randrange(len(rows))] = rows[rng.randrange(len(rows))][:3]  # a short row


def tab_upload(name: str, headers: list[str], rows: list[list[str]], encoding: str) -> SimpleUploadedFile:
    """Tab-separated without a quote: the files Arrow's reader takes (comma files with "45,000" are quoted)."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter="\t").writerows([headers, *rows])
    assert '"' not in buffer.getvalue()
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding))


def import_record(
    env: dict[str, Any], hh: list[list[str]], persons: list[list[str]], encoding: str, *, tabs: bool = False
) -> SurveyImport:
    upload = tab_upload if tabs else csv_upload
    record = survey_imports_services.survey_import_upload(
        actor=env["user"],
        survey_round=env["round"],
        area_code="24",
        household_file=upload("hh.csv", HH_HEADERS, hh, encoding),
        person_file=upload("p.csv", P_HEADERS, persons, encoding),
    )
    return SurveyImport.objects.select_related("survey_round__indicator_set").get(pk=record.pk)


def both(
    record: SurveyImport, *, limit: int, batch_rows: int, spool_dir: Path | None = None
) -> tuple[RowErrors, RowErrors, Any, Any]:
    ref_errors, new_errors = RowErrors(limit=limit), RowErrors(limit=limit)
    reference = Validator(record, ref_errors, SilentProgress())
    ref_hh, ref_households = reference.households()
    ref_persons = reference.persons(ref_households)
    columnar = ColumnarValidator(record, new_errors, SilentProgress(), batch_rows=batch_rows, spool_dir=spool_dir)
    new_households = columnar.households()
    new_count = columnar.persons(new_households)
    assert new_households.as_dict() == ref_households
    assert columnar.first_households.first_rows() == reference.household_rows
    ref = (ref_hh, ref_persons) if not ref_errors else None
    new = None
    if not new_errors:
        assert new_count == columnar.person_spool.rows
        new = (columnar.household_spool.table(), columnar.person_spool.table()) if spool_dir is None else True
    return ref_errors, new_errors, ref, new


def report(errors: RowErrors) -> list[tuple[Any, ...]]:
    return [(e.row_number, e.column, e.code, e.message_th, e.message_en) for e in errors]


SEEDS = range(30)
# Every rule of the reference is broken somewhere in the corpus (checked below, so the corpus can't rot).
CODES = {
    "required",
    "too_long",
    "duplicate_household",
    "bad_code",
    "unknown_tambon",
    "unknown_village",
    "out_of_range",
    "bad_number",
    "bad_boolean",
    "national_id_length",
    "bad_national_id",
    "duplicate_person",
    "missing_household",
    "tambon_mismatch",
    "bad_sex",
    "bad_date",
}


@pytest.mark.parametrize("seed", SEEDS)
def test_broken_files_give_the_reference_report(env: dict[str, Any], seed: int) -> None:
    check_seed(env, seed)


_FOUND: set[str] = set()


def check_seed(env: dict[str, Any], seed: int) -> None:
    rng = random.Random(seed)
    hh, persons = clean_files(rng.randint(8, 30), rng)
    corrupt(hh, HH_BAD, rng.randint(0, 4), rng)
    corrupt(persons, P_BAD, rng.randint(1, 16), rng)
    encoding = "cp874" if seed % 3 == 0 else "utf-8-sig"
    if encoding == "cp874":  # TIS-620 has no ✓: the same cell written as x
        hh = [[v.replace("✓", "x") for v in row] for row in hh]
    record = import_record(env, hh, persons, encoding, tabs=seed % 2 == 1)
    limit = rng.choice([3, 10_000])
    ref_errors, new_errors, _, _ = both(record, limit=limit, batch_rows=rng.choice([1, 7, 50_000]))
    assert report(new_errors) == report(ref_errors)
    assert new_errors.total == ref_errors.total
    _FOUND.update(e.code for e in ref_errors)


def test_the_corpus_breaks_every_rule(env: dict[str, Any]) -> None:
    for seed in SEEDS:
        check_seed(env, seed)
    assert CODES <= _FOUND, CODES - _FOUND


@pytest.mark.parametrize(("encoding", "tabs"), [("utf-8-sig", False), ("cp874", False), ("cp874", True)])
def test_clean_files_give_the_reference_columns(env: dict[str, Any], encoding: str, tabs: bool) -> None:
    rng = random.Random(7)
    hh, persons = clean_files(40, rng)
    persons[3][0] = f"{persons[3][0][:1]}-{persons[3][0][1:5]}-{persons[3][0][5:]}"  # dashes are accepted
    record = import_record(env, hh, persons, encoding, tabs=tabs)
    ref_errors, new_errors, ref, new = both(record, limit=10_000, batch_rows=9)
    assert not ref_errors and not new_errors, report(ref_errors)
    ref_hh, ref_p = to_arrow(record.survey_round, *ref)
    new_hh, new_p = new
    assert new_p.equals(ref_p)
    assert with_members(new_hh, new_p).equals(ref_hh)
    assert new_hh.schema == store.household_schema(ColumnarValidator(record, RowErrors(), SilentProgress()).hh_codes)
    assert isinstance(new_p, pa.Table) and new_p.num_rows == len(persons)


@pytest.mark.parametrize("limit", [2, 5, 10_000])
def test_repeated_national_ids_found_after_the_file_keep_the_reference_report(
    env: dict[str, Any], tmp_path: Path, limit: int
) -> None:
    """Repeated national IDs are found once the whole file is read (DuckDB over the IDs spooled to
    disk, or held in memory without a spool), then merged into the report: first among their row's
    messages, rows in order, within the cap, with the same total — also when the repeating row has
    other errors, when an ID repeats several times and when the first holder is itself broken."""
    rng = random.Random(11)
    hh, persons = clean_files(12, rng)
    first_id = persons[0][0]
    persons[5][0] = first_id  # a plain repeat
    persons[6][0] = first_id  # a third holder: repeats row 2 too
    persons[6][4] = "x"  # … with a bad sex after it
    persons[0][5] = "soon"  # the first holder's own error
    near = persons[2][0]
    persons[9][0] = f"{near[:1]}-{near[1:5]} {near[5:10]}-{near[10:]}"  # dashes: still a repeat
    persons[9][1] = "nowhere"  # … with a missing household
    persons[10][0] = "123"  # a broken ID between them
    persons[-1][0] = persons[-2][0]  # the last row
    record = import_record(env, hh, persons, "cp874", tabs=False)
    for batch_rows, spool in ((4, tmp_path / "spool"), (50_000, None)):
        ref_errors, new_errors, _, _ = both(record, limit=limit, batch_rows=batch_rows, spool_dir=spool)
        assert report(new_errors) == report(ref_errors)
        assert new_errors.total == ref_errors.total
        if limit == 10_000:  # the file's four repeats are all there
            assert sum(e.code == "duplicate_person" for e in new_errors) == 4
    assert list((tmp_path / "spool").glob("*.parquet"))  # the IDs stay for the job (its spool goes)


@pytest.mark.parametrize("limit", [2, 4, 7, 10_000])
def test_household_rules_found_after_the_file_keep_the_reference_report(
    env: dict[str, Any], tmp_path: Path, limit: int
) -> None:
    """Repeated household ids and each person's household are found once the files are read (DuckDB
    over the ids spooled to disk, or held in memory without a spool), then merged into the report
    where the row rules write them: a person row's household message between its national-ID
    messages and the rest, a repeated household first among its row's; rows in order, within the
    cap, with the same total."""
    rng = random.Random(12)
    hh, persons = clean_files(12, rng)
    hh[4][0] = hh[1][0]  # a repeated household id …
    hh[4][4] = "two"  # … with a bad member count after it
    hh[6][0] = hh[1][0]  # a third holder
    hh[7][3] = "999999"  # a household whose tambon is unknown: its persons' codes are not compared
    persons[1][0] = "123"  # a broken ID, then a missing household, then a bad sex: three messages
    persons[1][1] = "nowhere"
    persons[1][4] = "x"
    persons[3][2] = T2 if persons[3][1].startswith(T1) else T1  # another tambon than its household's …
    persons[3][5] = "soon"  # … and a bad date after it
    persons[5][2] = "abc"  # an unreadable tambon code: reported, its household being found
    persons[6][1], persons[6][2] = "elsewhere", "abc"  # … not reported: its household is missing
    persons[8][2] = "24010"  # an unreadable code alone
    persons[9][1] = hh[7][0]  # the unknown-tambon household's person, with a code of its own
    persons[9][2] = T1
    persons[10][1] = "x" * 65  # too long: the row rules' message, no look-up
    persons[-1][1] = "last"  # the last row
    record = import_record(env, hh, persons, "utf-8-sig")
    for batch_rows, spool in ((3, tmp_path / "spool"), (50_000, None), (1, None)):
        ref_errors, new_errors, _, _ = both(record, limit=limit, batch_rows=batch_rows, spool_dir=spool)
        assert report(new_errors) == report(ref_errors)
        assert new_errors.total == ref_errors.total
    codes = [e.code for e in ref_errors]
    if limit == 10_000:
        assert codes.count("duplicate_household") == 2 and codes.count("missing_household") >= 3
        assert "tambon_mismatch" in codes and "bad_code" in codes


def test_persons_without_a_tambon_code_get_their_households_in_the_spool(env: dict[str, Any], tmp_path: Path) -> None:
    """A person row without a tambon code of its own takes its household's: spooled to disk, each
    person lands in its household's district file with that tambon, as the reference's columns say."""
    rng = random.Random(13)
    hh, persons = clean_files(30, rng)
    for row in persons[::3]:
        row[2] = ""
    record = import_record(env, hh, persons, "utf-8-sig")
    spool = tmp_path / "spool"
    ref_errors, new_errors, ref, _ = both(record, limit=10_000, batch_rows=7, spool_dir=spool)
    assert not ref_errors and not new_errors, report(new_errors)
    ref_p = to_arrow(record.survey_round, *ref)[1]
    files = sorted((spool / "persons").glob("*.arrow"))
    assert [f.stem for f in files] == sorted({T1[:4], T2[:4]})  # no file of persons without a district
    from chumchon.poverty.imports.columnar import read_spooled

    spooled = pa.concat_tables([read_spooled(f) for f in files])
    got = dict(zip(spooled.column("national_id").to_pylist(), spooled.column("tambon_code").to_pylist(), strict=True))
    want = dict(zip(ref_p.column("national_id").to_pylist(), ref_p.column("tambon_code").to_pylist(), strict=True))
    assert got == want and len(got) == len(persons)
