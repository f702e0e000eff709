"""Cross-area duplicates: a national ID held by two areas of one round is flagged at import, counted
once, listed for a provincial officer of either province, and resolved both ways (issue 9, item 7)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from chumchon.audit.models import AuditEvent
from chumchon.poverty import store
from chumchon.poverty.models import AreaPovertyResult, DuplicateStatus, ImportStatus, PersonDuplicate
from chumchon.poverty.services import duplicates as duplicates_services
from chumchon.poverty.tests import logbook_data
from chumchon.poverty.tests.logbook_data import fast_passwords  # noqa: F401 (autouse fixture)
from chumchon.poverty.tests.test_import import HH_HEADERS, P_HEADERS, csv_upload, hh_rows, p_rows, run

pytestmark = pytest.mark.django_db
T1, T2, T_OTHER = "240104", "240105", "500101"  # T_OTHER: Chiang Mai, another province


@pytest.fixture
def env(settings: Any, tmp_path: Any, make_user: Any, django_capture_on_commit_callbacks: Any) -> dict[str, Any]:
    settings.SURVEY_STORE = tmp_path / "store"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return {
        "round": logbook_data.survey_round("dup-2565", 2565),
        "user": make_user("cdd_provincial_officer", area="24"),
        "capture": django_capture_on_commit_callbacks,
    }


def import_tambon(env: dict[str, Any], tambon: str, start: int, n: int = 3, *, area: str = "", tag: str = "") -> Any:
    """Import one tambon's files (``tag`` varies the house numbers, so the same rows import again)."""
    households = [[r[0], f"{r[1]}{tag}", *r[2:]] for r in hh_rows(tambon, n)]
    record = run(
        env,
        csv_upload("hh.csv", HH_HEADERS, households),
        csv_upload("p.csv", P_HEADERS, p_rows(tambon, n, start=start)),
        area=area or tambon,
        replace=True,
    )
    assert record.status == ImportStatus.SUCCEEDED, record.message
    return record


def persons(env: dict[str, Any], level: str, code: str = "") -> int:
    row = AreaPovertyResult.objects.get(survey_round=env["round"], level=level, area_code=code)
    return row.persons


def distinct_people(env: dict[str, Any], excluded: set[tuple[str, str]]) -> int:
    """The reference count: person records in the store, less the records left out."""
    seen = 0
    for path in store.person_files(store.round_dir(env["round"])):
        import pyarrow.parquet as pq

        table = pq.read_table(path, columns=["national_id", "tambon_code"]).to_pylist()
        seen += sum(1 for r in table if (r["national_id"], r["tambon_code"]) not in excluded)
    return seen


@pytest.fixture
def pair(env: dict[str, Any]) -> PersonDuplicate:
    import_tambon(env, T1, start=0)  # IDs 0, 1, 2
    import_tambon(env, T2, start=2)  # IDs 2, 3, 4: ID 2 is held by T1 already
    return PersonDuplicate.objects.get()


def test_import_flags_a_national_id_of_another_area_and_counts_the_person_once(
    env: dict[str, Any], pair: PersonDuplicate
) -> None:
    assert (pair.national_id, pair.first_tambon, pair.second_tambon) == (logbook_data.national_id(2), T1, T2)
    assert (pair.first_household_id, pair.second_household_id) == (f"{T1}-2", f"{T2}-0")
    assert pair.status == DuplicateStatus.OPEN
    # Until resolved the person counts in the record imported first (T1).
    assert persons(env, "subdistrict", T1) == 3 and persons(env, "subdistrict", T2) == 2
    assert persons(env, "nation") == 5 == distinct_people(env, {(pair.national_id, T2)})
    flagged = AuditEvent.objects.get(model_label="poverty.personduplicate", action="create")
    assert flagged.personal_data and pair.national_id not in str(flagged.changes)


def test_reimport_keeps_the_pair_and_its_resolution_and_a_gone_record_removes_it(
    env: dict[str, Any], pair: PersonDuplicate
) -> None:
    import_tambon(env, T2, start=2, tag="a")
    import_tambon(env, T1, start=0, tag="a")
    assert PersonDuplicate.objects.get().pk == pair.pk
    with env["capture"](execute=True):
        duplicates_services.duplicate_resolve(duplicate=pair, actor=env["user"], same_person=False, note="typo")
    assert persons(env, "nation") == 6
    import_tambon(env, T2, start=2, tag="b")
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.DIFFERENT_PEOPLE and persons(env, "nation") == 6
    # T2 corrected: the ID is no longer there; the pair goes and T1 is recomputed with its person.
    import_tambon(env, T2, start=10)
    assert not PersonDuplicate.objects.exists()
    assert persons(env, "subdistrict", T1) == 3 and persons(env, "nation") == 6


def test_same_person_lives_in_the_second_area_moves_the_count(env: dict[str, Any], pair: PersonDuplicate) -> None:
    with env["capture"](execute=True):
        duplicates_services.duplicate_resolve(duplicate=pair, actor=env["user"], same_person=True, lives_in=T2)
    pair.refresh_from_db()
    assert (pair.status, pair.lives_in, pair.resolved_by) == (DuplicateStatus.SAME_PERSON, T2, env["user"])
    assert persons(env, "subdistrict", T1) == 2 and persons(env, "subdistrict", T2) == 3
    assert persons(env, "nation") == 5 == distinct_people(env, {(pair.national_id, T1)})
    event = AuditEvent.objects.get(model_label="poverty.personduplicate", action="update")
    assert event.actor == env["user"] and event.changes["status"] == ["open", "same_person"]
    assert pair.national_id not in str(event.changes)


def test_different_people_count_twice(env: dict[str, Any], pair: PersonDuplicate) -> None:
    with env["capture"](execute=True):
        duplicates_services.duplicate_resolve(duplicate=pair, actor=env["user"], same_person=False)
    assert persons(env, "subdistrict", T1) == 3 and persons(env, "subdistrict", T2) == 3
    assert persons(env, "nation") == 6 == distinct_people(env, set())


def test_a_lives_in_outside_the_pair_is_refused(env: dict[str, Any], pair: PersonDuplicate) -> None:
    from chumchon.poverty.errors import PovertyError

    with pytest.raises(PovertyError):
        duplicates_services.duplicate_resolve(duplicate=pair, actor=env["user"], same_person=True, lives_in="240106")
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.OPEN


def test_an_officer_of_an_unrelated_province_may_not_resolve(
    env: dict[str, Any], pair: PersonDuplicate, make_user: Any
) -> None:
    stranger = make_user("cdd_provincial_officer", area="10")
    with pytest.raises(PermissionDenied):
        duplicates_services.duplicate_resolve(duplicate=pair, actor=stranger, same_person=False)
    district = make_user("cdd_district_officer", area="2401")
    with pytest.raises(PermissionDenied):
        duplicates_services.duplicate_resolve(duplicate=pair, actor=district, same_person=False)


def test_a_cross_province_pair_is_for_both_provinces(env: dict[str, Any], make_user: Any) -> None:
    import_tambon(env, T1, start=0)
    import_tambon({**env, "user": make_user("national_admin", nation=True)}, T_OTHER, start=2, area=T_OTHER)
    pair = PersonDuplicate.objects.get()
    assert (pair.first_tambon, pair.second_tambon) == (T1, T_OTHER)
    chiang_mai = make_user("cdd_provincial_officer", area="50")
    assert duplicates_services.may_resolve(chiang_mai, pair) and duplicates_services.may_resolve(env["user"], pair)
    assert not duplicates_services.may_resolve(make_user("cdd_provincial_officer", area="10"), pair)
    with env["capture"](execute=True):
        duplicates_services.duplicate_resolve(duplicate=pair, actor=chiang_mai, same_person=True, lives_in=T_OTHER)
    assert persons(env, "province", "24") == 2 and persons(env, "province", "50") == 3


def test_pages_list_show_both_records_masked_and_resolve(
    env: dict[str, Any], pair: PersonDuplicate, client: Any, make_user: Any
) -> None:
    from chumchon.core.national_id import format_national_id

    nid = format_national_id(pair.national_id)
    # The provincial CDD officer holds the unmasked-ID right: the ID in full, both records side by side.
    client.force_login(env["user"])
    listing = client.get("/poverty/duplicates/?status=open").content.decode()
    assert f'data-duplicate="{pair.pk}"' in listing and nid in listing
    page = client.get(f"/poverty/duplicates/{pair.pk}/").content.decode()
    assert "นางสาว ก 2" in page and "นางสาว ก 0" in page and nid in page  # both sides' names
    assert AuditEvent.objects.filter(model_label="poverty.personduplicate", action="view", personal_data=True).exists()
    # No role resolves duplicates without the unmasked-ID right; the masking itself:
    from chumchon.poverty.selectors.duplicates import shown_id

    assert pair.national_id not in shown_id(pair, False)
    with env["capture"](execute=True):
        response = client.post(f"/poverty/duplicates/{pair.pk}/", {"decision": "second", "note": "moved"})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert (pair.status, pair.lives_in) == (DuplicateStatus.SAME_PERSON, T2)
    assert persons(env, "subdistrict", T2) == 3


def test_an_officer_of_an_unrelated_province_sees_nothing(
    env: dict[str, Any], pair: PersonDuplicate, client: Any, make_user: Any
) -> None:
    client.force_login(make_user("cdd_provincial_officer", area="10"))
    assert f'data-duplicate="{pair.pk}"' not in client.get("/poverty/duplicates/").content.decode()
    assert client.get(f"/poverty/duplicates/{pair.pk}/").status_code == 404
    assert client.post(f"/poverty/duplicates/{pair.pk}/", {"decision": "different"}).status_code == 404
    pair.refresh_from_db()
    assert pair.status == DuplicateStatus.OPEN
    # Roles that may not resolve have no menu entry, and the list answers 404.
    secretary = make_user("tambon_council_secretary", area=T1)
    client.force_login(secretary)
    assert client.get("/poverty/duplicates/").status_code == 404
    assert 'id="nav-poverty_duplicates"' not in client.get("/").content.decode()


def test_worklist_and_menu_for_the_provincial_officer(env: dict[str, Any], pair: PersonDuplicate, client: Any) -> None:
    from chumchon.accounts.worklist import worklist_for

    items = [i for i in worklist_for(env["user"]) if i.key == "poverty.duplicates_open"]
    assert [i.count for i in items] == [1]
    client.force_login(env["user"])
    rows = client.get(items[0].url).content.decode().count("data-row")
    assert rows == 1
    assert 'id="nav-poverty_duplicates"' in client.get("/").content.decode()
    # On the duplicates page only its own menu entry is current, not also "Poverty targeting".
    page = client.get("/poverty/duplicates/").content.decode()
    assert 'id="nav-poverty_duplicates" class="active"' in page and 'id="nav-poverty" class="active"' not in page
    assert 'id="nav-poverty" class="active"' in client.get("/poverty/").content.decode()


def test_the_logbook_shows_the_flag_on_the_target_list_and_household(
    env: dict[str, Any], pair: PersonDuplicate, client: Any
) -> None:
    client.force_login(env["user"])
    round_code = env["round"].code
    t2 = client.get(f"/poverty/area/{T2}/targets/?round={round_code}").content.decode()
    # Household 0 of each tambon fails the income indicator (deprived): T2's holds the flagged person.
    assert 'data-duplicate="open"' in t2
    household = client.get(f"/poverty/area/{T2}/household/{T2}-0/?round={round_code}").content.decode()
    assert 'data-duplicate="open"' in household


def test_the_case_page_shows_the_flag_and_the_export_names_it(
    env: dict[str, Any], pair: PersonDuplicate, client: Any
) -> None:
    import io

    from openpyxl import load_workbook

    from chumchon.poverty.models import Case

    client.force_login(env["user"])
    round_code = env["round"].code
    response = client.post(
        f"/poverty/area/{T2}/household/{T2}-0/open/", {"round": round_code, "dimension": "income", "comment": ""}
    )
    assert response.status_code == 302
    case = Case.objects.get(household_id=f"{T2}-0")
    assert 'data-duplicate="open"' in client.get(f"/poverty/cases/{case.pk}/").content.decode()
    export = client.get(f"/poverty/area/{T2}/targets.xlsx?round={round_code}")
    ws = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    column = rows[0].index("บุคคลซ้ำข้ามพื้นที่ / Cross-area duplicate")
    assert [r[column] for r in rows[1:] if r[column]] == ["มีในการสำรวจของพื้นที่อื่นด้วย"]
    # Resolved as different people: no flag any more.
    with env["capture"](execute=True):
        duplicates_services.duplicate_resolve(duplicate=pair, actor=env["user"], same_person=False)
    assert "data-duplicate" not in client.get(f"/poverty/cases/{case.pk}/").content.decode()


def test_the_left_out_record_counts_as_if_it_were_not_in_the_file(env: dict[str, Any], pair: PersonDuplicate) -> None:
    """Reference: the same T2 file without the flagged person, imported into a round of its own. The
    engine leaves the record out of its household (read from the roll-up for every other household),
    so T2's figures are exactly the reference's."""
    from chumchon.poverty import engine

    spec = engine.spec_for(env["round"])
    files = store.household_files(store.round_dir(env["round"]), [T2[:4]])
    assert all(layout is not None for layout in engine.rollup_usable(spec, files).values())  # the fast path
    reference = {**env, "round": logbook_data.survey_round("dup-ref", 2565)}
    run(
        reference,
        csv_upload("hh.csv", HH_HEADERS, hh_rows(T2, 3)),
        csv_upload("p.csv", P_HEADERS, p_rows(T2, 3, start=2)[1:]),
        area=T2,
        replace=True,
    )
    fields = ("households", "persons", "target_poor_households", "target_poor_persons", "welfare_verified")
    fields += ("deprived_by_dimension", "deprived_by_indicator", "censored_by_indicator", "af_poor_households")
    ours = AreaPovertyResult.objects.get(survey_round=env["round"], level="subdistrict", area_code=T2)
    ref = AreaPovertyResult.objects.get(survey_round=reference["round"], level="subdistrict", area_code=T2)
    assert {f: getattr(ours, f) for f in fields} == {f: getattr(ref, f) for f in fields}
    assert ours.persons == 2
