"""Person cases in the Logbook: one household member in one dimension, opened from the household page.

The household page names each member by an opaque reference (never the national ID); the view
resolves it from the survey store. Without PERSON_VIEW_ID no page carries a member's ID in clear.
"""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa
import pytest
from django.urls import reverse

from chumchon.areas.models import Area
from chumchon.audit.models import AuditAction, AuditEvent
from chumchon.core.national_id import format_national_id, mask_national_id
from chumchon.poverty import store
from chumchon.poverty.errors import PovertyError
from chumchon.poverty.models import Case, CaseStatus
from chumchon.poverty.selectors import targets as targets_selectors
from chumchon.poverty.services import logbook as logbook_services
from chumchon.poverty.tests import logbook_data
from chumchon.poverty.tests.logbook_data import fast_passwords  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db
T1 = "240104"
T2 = "240105"
HEAD = logbook_data.national_id(1000)  # H1's head, made by logbook_data.tables (passes p_health)
ILL = logbook_data.national_id(2001)  # fails the person-level health indicator
CHILD = logbook_data.national_id(2002)  # fails no person-level indicator
ILL_NAME = "นางสมศรี ป่วยบ่อย"
CHILD_NAME = "เด็กชายสมปอง ใจดี"


def _member(base: dict[str, Any], nid: str, name: str, p_health: int) -> dict[str, Any]:
    return {**base, "national_id": nid, "name_th": name, "p_health": p_health, "chronically_ill": False}


@pytest.fixture
def round_(settings: Any, tmp_path: Any) -> Any:
    settings.SURVEY_STORE = tmp_path / "store"
    settings.MEDIA_ROOT = tmp_path / "media"
    r = logbook_data.survey_round("h6-2565", 2565)
    households, persons = logbook_data.tables(
        [("H1", T1, ["income"], True), ("H2", T1, ["education"], True), ("H3", T2, ["income"], True)]
    )
    rows = persons.to_pylist()
    head = rows[0]
    # H1's extra members come last in the file: a member's reference must not depend on file order.
    rows += [_member(head, CHILD, CHILD_NAME, 1), _member(head, ILL, ILL_NAME, 0)]
    persons = pa.Table.from_pylist(rows, schema=persons.schema)
    store.write_round(r, households, persons)
    from chumchon.poverty import engine

    engine.recompute_round(r)
    r.refresh_from_db()
    return r


@pytest.fixture
def officer(make_user: Any) -> Any:
    return make_user("cdd_district_officer", area="2401")  # LOGBOOK_EDIT and PERSON_VIEW_ID


@pytest.fixture
def secretary(make_user: Any) -> Any:
    return make_user("tambon_council_secretary", area=T1)  # LOGBOOK_EDIT, PERSON_VIEW without PERSON_VIEW_ID


def _tambon() -> Area:
    return Area.objects.get(code=T1)


def _open(actor: Any, round_: Any, **kw: Any) -> Case:
    values: dict[str, Any] = {"dimension": "health", "household_id": "H1"}
    values.update(kw)
    return logbook_services.case_open(actor=actor, survey_round=round_, area=_tambon(), **values)


def _store_ids(round_: Any, household_id: str) -> dict[str, str]:
    """Name → national ID of a household's members, straight from the survey store."""
    _, persons = store.read_tambon(round_, T1)
    return {p["name_th"]: p["national_id"] for p in persons.to_pylist() if p["household_id"] == household_id}


def _ref_of(html: str, name: str) -> str:
    """The member reference of the household-page row that shows ``name``."""
    for ref, row in re.findall(r'<tr data-member="(\d+)">(.*?)</tr>', html, flags=re.S):
        if name in row:
            return ref
    raise AssertionError(f"no member row for {name}")


def _household_url(round_: Any, ref: str = "H1") -> str:
    return reverse("poverty:household", args=[T1, ref]) + f"?round={round_.code}"


def _post(client: Any, round_: Any, **data: Any) -> Any:
    return client.post(reverse("poverty:case_open", args=[T1, "H1"]), {"round": round_.code, **data})


def _assert_no_clear_id(html: str, ids: list[str]) -> None:
    for nid in ids:
        assert nid not in html and format_national_id(nid) not in html, "a national ID in clear"


# ---------------------------------------------------------------------------------------------
# The service


def test_person_case_stores_the_national_id_and_audits_it_masked(officer: Any, round_: Any) -> None:
    case = _open(officer, round_, person_id=format_national_id(ILL), indicators=["p_health"])
    case.refresh_from_db()
    assert (case.household_id, case.person_id, case.dimension) == ("H1", ILL, "health")
    assert case.status == CaseStatus.TARGET and case.indicators == ["p_health"]
    audit = AuditEvent.objects.get(action=AuditAction.CREATE, model_label="poverty.case", object_pk=str(case.pk))
    assert audit.personal_data and audit.area_code == T1
    assert ILL not in str(audit.changes) and ILL not in audit.object_repr
    assert audit.changes["person_id"] == [None, mask_national_id(ILL)]


def test_person_case_refuses_a_bad_national_id(officer: Any, round_: Any) -> None:
    wrong_check = ILL[:12] + str((int(ILL[12]) + 1) % 10)
    for bad in (wrong_check, ILL[:12], "12345678901ab"):
        with pytest.raises(PovertyError) as info:
            _open(officer, round_, person_id=bad)
        assert info.value.code == "bad_national_id"
        assert "check digit" in str(info.value) and "เลขประจำตัวประชาชน" in str(info.value)
        assert bad not in str(info.value)  # the message may reach a user who may not see IDs
    assert Case.objects.count() == 0


def test_person_case_needs_the_household(officer: Any, round_: Any) -> None:
    with pytest.raises(PovertyError) as info:
        _open(officer, round_, household_id="", person_id=ILL)
    assert info.value.code == "household_required"
    assert "person's household" in str(info.value) and "ครัวเรือนของบุคคล" in str(info.value)
    assert Case.objects.count() == 0


def test_person_case_refuses_a_duplicate(officer: Any, round_: Any) -> None:
    _open(officer, round_, person_id=ILL)
    with pytest.raises(PovertyError) as info:
        _open(officer, round_, person_id=format_national_id(ILL))  # same person, written differently
    assert info.value.code == "case_exists"
    assert Case.objects.count() == 1


def test_household_and_person_cases_coexist_in_one_dimension(officer: Any, round_: Any) -> None:
    household_case = _open(officer, round_)
    ill_case = _open(officer, round_, person_id=ILL)
    child_case = _open(officer, round_, person_id=CHILD)
    assert {(c.person_id, c.dimension) for c in (household_case, ill_case, child_case)} == {
        ("", "health"),
        (ILL, "health"),
        (CHILD, "health"),
    }
    # The household's own list still holds only its household case.
    h = targets_selectors.target_household(survey_round=round_, tambon=_tambon(), household_id="H1", show_ids=False)
    assert h is not None and h.cases == {"health": household_case}
    by_name = {p.name: p for p in h.persons}
    assert by_name[ILL_NAME].cases == [ill_case] and by_name[CHILD_NAME].cases == [child_case]


def test_members_are_offered_their_own_dimensions_else_the_households(round_: Any) -> None:
    h = targets_selectors.target_household(survey_round=round_, tambon=_tambon(), household_id="H1", show_ids=False)
    assert h is not None
    by_name = {p.name: p for p in h.persons}
    assert by_name[ILL_NAME].offered_dimensions == ["health"]
    assert by_name[ILL_NAME].targeted == {"health": ["p_health"]}
    assert by_name[CHILD_NAME].offered_dimensions == h.deprived_dimensions
    assert "income" in h.deprived_dimensions
    # References follow the national ID, not the file order, and resolve server-side only.
    assert [p.ref for p in h.persons] == [1, 2, 3]
    assert [h.member_national_id(p.ref) for p in h.persons] == [HEAD, ILL, CHILD]
    assert h.member(4) is None and h.member_national_id(4) == ""


# ---------------------------------------------------------------------------------------------
# The pages


def test_logbook_user_sees_a_form_per_member_and_others_do_not(client: Any, round_: Any, make_user: Any) -> None:
    client.force_login(make_user("tambon_council_secretary", area=T1))
    html = client.get(_household_url(round_)).content.decode()
    assert html.count('class="person-case-form"') == 3
    ill_ref = _ref_of(html, ILL_NAME)
    form = re.search(rf'id="person-case-form-{ill_ref}".*?</form>', html, flags=re.S)
    assert form is not None and f'name="member" value="{ill_ref}"' in form.group(0)
    assert re.findall(r'<option value="(\w+)"', form.group(0)) == ["health"]
    # PERSON_VIEW and LOGBOOK_VIEW but not LOGBOOK_EDIT: the members, but no form.
    client.force_login(make_user("provincial_working_group", area="24"))
    html = client.get(_household_url(round_)).content.decode()
    assert ILL_NAME in html and "person-case-form" not in html


def test_posting_the_form_opens_a_case_for_that_member(client: Any, round_: Any, secretary: Any) -> None:
    client.force_login(secretary)
    html = client.get(_household_url(round_)).content.decode()
    ref = _ref_of(html, ILL_NAME)
    response = _post(client, round_, member=ref, dimension="health", comment="เยี่ยมบ้าน")
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == reverse("poverty:case", args=[case.pk])
    assert case.person_id == _store_ids(round_, "H1")[ILL_NAME]
    assert (case.household_id, case.dimension, case.indicators) == ("H1", "health", ["p_health"])
    # The member's row now lists the case with its status and a link; health is no longer offered to them.
    html = client.get(_household_url(round_)).content.decode()
    row = re.search(rf'<tr data-member="{ref}">(.*?)</tr>', html, flags=re.S)
    assert row is not None
    assert reverse("poverty:case", args=[case.pk]) in row.group(1) and str(CaseStatus.TARGET.label) in row.group(1)
    assert "person-case-form" not in row.group(1)
    # The household's own form still offers health: a household case may sit beside the person case.
    assert 'id="case-open-form"' in html


def test_pages_carry_no_clear_national_id_without_person_view_id(client: Any, round_: Any, secretary: Any) -> None:
    ids = list(_store_ids(round_, "H1").values())
    assert sorted(ids) == sorted([HEAD, ILL, CHILD])
    client.force_login(secretary)
    ref = _ref_of(client.get(_household_url(round_)).content.decode(), ILL_NAME)
    _post(client, round_, member=ref, dimension="health")
    case = Case.objects.get()
    pages = {
        "household": client.get(_household_url(round_)).content.decode(),
        "case": client.get(reverse("poverty:case", args=[case.pk])).content.decode(),
        "logbook": client.get(reverse("poverty:logbook", args=[T1])).content.decode(),
    }
    for name, html in pages.items():
        assert "H1" in html, name
        _assert_no_clear_id(html, ids)
    for name in ("household", "case", "logbook"):
        assert mask_national_id(ILL) in pages[name], name
    assert ILL_NAME in pages["logbook"]  # the Logbook list names the person of a person case
    assert mask_national_id(ILL) in str(case) and ILL not in str(case)  # labels in audit rows and the admin


def test_an_officer_with_person_view_id_sees_the_ids(client: Any, round_: Any, officer: Any) -> None:
    case = _open(officer, round_, person_id=ILL)
    client.force_login(officer)
    assert format_national_id(ILL) in client.get(_household_url(round_)).content.decode()
    assert format_national_id(ILL) in client.get(reverse("poverty:case", args=[case.pk])).content.decode()
    assert format_national_id(ILL) in client.get(reverse("poverty:logbook", args=[T1])).content.decode()


def test_an_unknown_member_is_404_and_writes_nothing(client: Any, round_: Any, secretary: Any) -> None:
    client.force_login(secretary)
    for ref in ("4", "99", "0", "x"):
        assert _post(client, round_, member=ref, dimension="income").status_code == 404, ref
    # H2 has a single member: H1's second reference is not one of H2's.
    response = client.post(
        reverse("poverty:case_open", args=[T1, "H2"]), {"round": round_.code, "member": "2", "dimension": "education"}
    )
    assert response.status_code == 404
    assert Case.objects.count() == 0


def test_a_dimension_not_offered_goes_back_with_a_message(client: Any, round_: Any, secretary: Any) -> None:
    client.force_login(secretary)
    ref = _ref_of(client.get(_household_url(round_)).content.decode(), ILL_NAME)
    response = _post(client, round_, member=ref, dimension="income")  # the ill member is offered health only
    assert response.status_code == 302 and response.url == _household_url(round_)
    assert Case.objects.count() == 0
    html = client.get(response.url).content.decode()
    assert "cannot be chosen" in html or "เลือกมิตินี้ไม่ได้" in html


def test_a_user_of_another_tambon_cannot_open_a_person_case(client: Any, round_: Any, make_user: Any) -> None:
    client.force_login(make_user("tambon_council_secretary", area=T2))
    assert client.get(_household_url(round_)).status_code == 404
    assert _post(client, round_, member="2", dimension="health").status_code in (403, 404)
    client.force_login(make_user("tambon_council_member", area=T1))  # LOGBOOK_VIEW only
    assert _post(client, round_, member="2", dimension="health").status_code in (403, 404)
    assert Case.objects.count() == 0


def test_case_page_shows_the_person_by_name_and_masked_id(
    client: Any, round_: Any, officer: Any, make_user: Any
) -> None:
    case = _open(officer, round_, person_id=ILL)
    household_case = _open(officer, round_)
    client.force_login(make_user("tambon_council_member", area=T1))  # LOGBOOK_VIEW: sees cases, not IDs
    html = client.get(reverse("poverty:case", args=[case.pk])).content.decode()
    person = re.search(r'id="case-person">(.*?)</div>', html, flags=re.S)
    assert person is not None
    assert ILL_NAME in person.group(1) and mask_national_id(ILL) in person.group(1)
    _assert_no_clear_id(html, [ILL])
    assert 'id="case-person"' not in client.get(reverse("poverty:case", args=[household_case.pk])).content.decode()
