"""The Logbook: every status transition (allowed and refused), assistance records, permissions, audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from chumchon.areas.models import Area
from chumchon.audit.models import AuditAction, AuditEvent
from chumchon.poverty.errors import PovertyError
from chumchon.poverty.models import (
    CASE_TRANSITIONS,
    AssistanceRecord,
    Case,
    CaseEvent,
    CaseStatus,
    HelpKind,
)
from chumchon.poverty.selectors import logbook as logbook_selectors
from chumchon.poverty.services import logbook as logbook_services
from chumchon.poverty.tests import logbook_data
from chumchon.poverty.tests.logbook_data import fast_passwords  # noqa: F401 (autouse fixture)

pytestmark = pytest.mark.django_db
TAMBON = "240104"
S = CaseStatus


@pytest.fixture
def officer(make_user: Any) -> Any:
    return make_user("cdd_district_officer", area="2401")


@pytest.fixture
def round_(settings: Any, tmp_path: Any) -> Any:
    settings.SURVEY_STORE = tmp_path / "store"
    settings.MEDIA_ROOT = tmp_path / "media"
    return logbook_data.survey_round("h6-2565", 2565)


def _case(officer: Any, round_: Any, status: str = S.TARGET, hid: str = "H1") -> Case:
    case = logbook_services.case_open(
        actor=officer, survey_round=round_, area=Area.objects.get(code=TAMBON), dimension="income", household_id=hid
    )
    if status != S.TARGET:
        Case.objects.filter(pk=case.pk).update(status=status)
        case.refresh_from_db()
    return case


def _help(officer: Any, case: Case, **kw: Any) -> AssistanceRecord:
    values: dict[str, Any] = {
        "description": "มอบพันธุ์ไก่ไข่ 10 ตัว",
        "help_kind": HelpKind.IN_KIND,
        "amount": Decimal("1500.00"),
        "agency_name": "อบต.คลองนา",
        "given_on": dt.date(2023, 1, 15),
    }
    values.update(kw)
    return logbook_services.assistance_add(case=case, actor=officer, **values)


def test_case_open_records_an_event_and_refuses_a_duplicate(officer: Any, round_: Any) -> None:
    case = _case(officer, round_)
    assert case.status == S.TARGET
    assert list(case.events.values_list("kind", "to_status")) == [("opened", S.TARGET)]
    with pytest.raises(PovertyError) as info:
        _case(officer, round_)
    assert "already exists" in str(info.value) and "มีรายการ" in str(info.value)
    assert Case.objects.count() == 1


ALL_PAIRS = [(a, b) for a in S.values for b in S.values if a != b]


@pytest.mark.parametrize(("from_status", "to_status"), ALL_PAIRS)
def test_every_transition_is_allowed_or_refused_cleanly(
    officer: Any, round_: Any, from_status: str, to_status: str
) -> None:
    case = _case(officer, round_, from_status)
    if to_status == S.HELPED:
        AssistanceRecord.objects.create(
            case=case,
            description="x",
            help_kind=HelpKind.SERVICE,
            agency_name="a",
            given_on=dt.date(2023, 1, 1),
            recorded_by=officer,
        )
    events_before = CaseEvent.objects.filter(case=case).count()
    audits_before = AuditEvent.objects.filter(action=AuditAction.TRANSITION).count()
    comment = "ไม่มีหน่วยงานรองรับ" if to_status == S.CANNOT_BE_SOLVED else ""
    if to_status in CASE_TRANSITIONS[from_status]:
        logbook_services.case_transition(case=case, to_status=to_status, actor=officer, comment=comment)
        case.refresh_from_db()
        assert case.status == to_status
        event = CaseEvent.objects.filter(case=case).latest("id")
        assert (event.from_status, event.to_status, event.actor_id) == (from_status, to_status, officer.pk)
        audit = AuditEvent.objects.filter(action=AuditAction.TRANSITION).latest("id")
        assert audit.changes == {"status": [from_status, to_status]} and audit.area_code == TAMBON
        if to_status == S.CANNOT_BE_SOLVED:
            assert case.status_reason == comment
    else:
        with pytest.raises(PovertyError) as info:
            logbook_services.case_transition(case=case, to_status=to_status, actor=officer, comment=comment)
        assert "ไม่สามารถเปลี่ยนสถานะ" in str(info.value) and "cannot move" in str(info.value)
        case.refresh_from_db()
        assert case.status == from_status
        assert CaseEvent.objects.filter(case=case).count() == events_before
        assert AuditEvent.objects.filter(action=AuditAction.TRANSITION).count() == audits_before


def test_cannot_be_solved_needs_a_reason(officer: Any, round_: Any) -> None:
    case = _case(officer, round_, S.IN_PROGRESS)
    with pytest.raises(PovertyError) as info:
        logbook_services.case_transition(case=case, to_status=S.CANNOT_BE_SOLVED, actor=officer, comment="  ")
    assert "reason" in str(info.value) and "เหตุผล" in str(info.value)
    case.refresh_from_db()
    assert case.status == S.IN_PROGRESS


def test_helped_needs_an_assistance_record(officer: Any, round_: Any) -> None:
    case = _case(officer, round_, S.IN_PROGRESS)
    with pytest.raises(PovertyError) as info:
        logbook_services.case_transition(case=case, to_status=S.HELPED, actor=officer)
    assert "Record at least one" in str(info.value)
    _help(officer, case)
    logbook_services.case_transition(case=case, to_status=S.HELPED, actor=officer)
    assert Case.objects.get(pk=case.pk).status == S.HELPED


def test_assistance_moves_a_target_case_in_progress_and_is_audited(officer: Any, round_: Any) -> None:
    case = _case(officer, round_)
    record = _help(officer, case)
    case.refresh_from_db()
    assert case.status == S.IN_PROGRESS
    assert record.amount == Decimal("1500.00") and record.agency_label == "อบต.คลองนา"
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == ["opened", "assistance", "transition"]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, model_label="poverty.assistancerecord").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"help_kind": HelpKind.CASH, "amount": "0"}, "Cash help needs an amount"),
        ({"amount": "-5"}, "negative"),
        ({"agency_name": ""}, "agency"),
        ({"description": " "}, "Say what was done"),
        ({"given_on": dt.date.today() + dt.timedelta(days=3)}, "future"),
        ({"follow_up_on": dt.date(2022, 1, 1)}, "follow-up"),
    ],
)
def test_bad_assistance_is_refused_and_nothing_changes(officer: Any, round_: Any, changes: dict, message: str) -> None:
    case = _case(officer, round_)
    with pytest.raises(Exception) as info:  # PovertyError or the model's ValidationError
        _help(officer, case, **changes)
    assert message in str(info.value)
    assert AssistanceRecord.objects.count() == 0
    case.refresh_from_db()
    assert case.status == S.TARGET


def test_no_help_for_moved_or_deceased(officer: Any, round_: Any) -> None:
    case = _case(officer, round_, S.DECEASED)
    with pytest.raises(PovertyError):
        _help(officer, case)
    assert AssistanceRecord.objects.count() == 0


def test_out_of_scope_user_cannot_open_or_move_cases(officer: Any, round_: Any, make_user: Any) -> None:
    case = _case(officer, round_)
    elsewhere = make_user("cdd_district_officer", area="2402")
    viewer = make_user("tambon_council_member", area=TAMBON)  # LOGBOOK_VIEW only
    for user in (elsewhere, viewer):
        with pytest.raises(PermissionDenied):
            logbook_services.case_transition(case=case, to_status=S.IN_PROGRESS, actor=user)
        with pytest.raises(PermissionDenied):
            _help(user, case)
    with pytest.raises(PermissionDenied):
        logbook_services.case_open(
            actor=elsewhere,
            survey_round=round_,
            area=Area.objects.get(code=TAMBON),
            dimension="health",
            household_id="H2",
        )
    case.refresh_from_db()
    assert case.status == S.TARGET and Case.objects.count() == 1


def test_tambon_user_sees_only_their_tambon_cases(officer: Any, round_: Any, make_user: Any) -> None:
    mine = _case(officer, round_, hid="H1")
    other_officer = make_user("cdd_district_officer", area="2402")
    other = logbook_services.case_open(
        actor=other_officer,
        survey_round=round_,
        area=Area.objects.get(code="240201"),
        dimension="health",
        household_id="X1",
    )
    secretary = make_user("tambon_council_secretary", area=TAMBON)
    assert list(logbook_selectors.cases_for(secretary)) == [mine]
    assert other not in logbook_selectors.cases_for(secretary)


def test_logbook_summary_rolls_up_by_prefix(officer: Any, round_: Any) -> None:
    case = _case(officer, round_)
    _help(officer, case, agency_name="รพ.สต.คลองนา", amount="200.50", help_kind=HelpKind.CASH)
    _case(officer, round_, hid="H2")
    for prefix in ("24", "2401", TAMBON):
        s = logbook_selectors.logbook_summary(prefixes=[prefix], child_length=min(len(prefix) + 2, 6))
        assert s.cases == 2
        assert s.by_status[S.IN_PROGRESS] == 1 and s.by_status[S.TARGET] == 1
        assert s.assistance_amount == Decimal("200.50")
        assert s.by_agency[0]["label"] == "รพ.สต.คลองนา"
        assert next(d for d in s.by_dimension if d["code"] == "income")["total"] == 2
    assert logbook_selectors.logbook_summary(prefixes=["2402"]).cases == 0


def test_logbook_headline_gives_the_summary_figures(officer: Any, round_: Any) -> None:
    """The area page's four Logbook figures (two queries) equal the full summary's."""
    case = _case(officer, round_)
    _help(officer, case, agency_name="รพ.สต.คลองนา", amount="200.50", help_kind=HelpKind.CASH)
    _help(officer, case, agency_name="อบต.คลองนา", amount="99.25", help_kind=HelpKind.CASH)
    _case(officer, round_, hid="H2")
    _case(officer, round_, status=S.IN_PROGRESS, hid="H3")
    _case(officer, round_, status=S.SOLVED_BY_HOUSEHOLD, hid="H4")  # a closed case, for "closed"
    for prefix in ("", "2", "24", "2401", TAMBON, "2402", "25"):
        full = logbook_selectors.logbook_summary(prefixes=[prefix])
        head = logbook_selectors.logbook_headline(prefixes=[prefix])
        assert (head.cases, head.closed, head.assistance_count, head.assistance_amount) == (
            full.cases,
            full.closed,
            full.assistance_count,
            full.assistance_amount,
        ), prefix
        assert head.by_status == full.by_status
    assert logbook_selectors.logbook_headline(prefixes=["24"]).assistance_amount == Decimal("299.75")
