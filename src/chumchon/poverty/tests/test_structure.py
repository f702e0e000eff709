"""The shape of poverty's writes: durable entry points (and their nestable forms), the case-history
functions of ``poverty.events``, the error-code enum, and the job and area-summary registrations."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction

from chumchon.areas.models import Area
from chumchon.areas.selectors import AREA_SUMMARY_PROVIDERS
from chumchon.core.jobs import job_function
from chumchon.poverty import events
from chumchon.poverty.area_summary import poverty_area_summary
from chumchon.poverty.error_codes import PovertyErrorCode
from chumchon.poverty.errors import PovertyError
from chumchon.poverty.models import Case, CaseEvent, CaseEventKind, CaseStatus, HelpKind
from chumchon.poverty.services import additions as additions_services
from chumchon.poverty.services import logbook as logbook_services
from chumchon.poverty.tests import logbook_data
from chumchon.poverty.tests.logbook_data import fast_passwords  # noqa: F401 (autouse fixture)

TAMBON = "240104"
POVERTY = Path(__file__).resolve().parents[1]


@pytest.fixture
def round_(settings: Any, tmp_path: Any) -> Any:
    settings.SURVEY_STORE = tmp_path / "store"
    settings.MEDIA_ROOT = tmp_path / "media"
    return logbook_data.survey_round("st-2565", 2565)


def _open(officer: Any, round_: Any, *, nested: bool = False, hid: str = "H1") -> Case:
    service = logbook_services.case_open_in_transaction if nested else logbook_services.case_open
    return service(
        actor=officer, survey_round=round_, area=Area.objects.get(code=TAMBON), dimension="income", household_id=hid
    )


# ---------------------------------------------------------------------------------------------
# Durable entry points. A transactional test keeps Django's durability check (the ordinary ``db``
# fixture relaxes it), so nesting a durable entry point fails here as it would in production.


@pytest.mark.django_db(transaction=True)
def test_entry_points_refuse_to_nest_and_their_in_transaction_forms_nest(
    areas_loaded: None, make_user: Any, round_: Any
) -> None:
    officer = make_user("cdd_district_officer", area="2401")
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        _open(officer, round_)
    assert not Case.objects.exists()
    with transaction.atomic():
        case = _open(officer, round_, nested=True)
        logbook_services.case_transition_in_transaction(
            case=case, to_status=CaseStatus.SOLVED_BY_HOUSEHOLD, actor=officer
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.SOLVED_BY_HOUSEHOLD


@pytest.mark.django_db(transaction=True)
def test_help_on_a_target_case_moves_it_within_the_same_durable_transaction(
    areas_loaded: None, make_user: Any, round_: Any
) -> None:
    """``assistance_add`` moves a "target" case to "in progress" through the nestable transition."""
    officer = make_user("cdd_district_officer", area="2401")
    case = _open(officer, round_)
    logbook_services.assistance_add(
        case=case,
        actor=officer,
        description="มอบพันธุ์ไก่ไข่",
        help_kind=HelpKind.IN_KIND,
        given_on=dt.date(2023, 1, 15),
        agency_name="อบต.",
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert list(case.events.values_list("kind", flat=True)) == [
        CaseEventKind.OPENED,
        CaseEventKind.ASSISTANCE,
        CaseEventKind.TRANSITION,
    ]


def test_every_entry_point_is_durable_and_every_in_transaction_form_is_not() -> None:
    """Views, the API and jobs call the entry points; the demo and other services the other forms."""
    from chumchon.poverty.services import survey_imports

    entry_points = [
        additions_services.addition_create,
        additions_services.addition_decide,
        logbook_services.case_open,
        logbook_services.case_transition,
        logbook_services.assistance_add,
        survey_imports.survey_import_upload,
        survey_imports.survey_import_confirm,
    ]
    nestable = [
        additions_services.addition_create_in_transaction,
        additions_services.addition_decide_in_transaction,
        logbook_services.case_open_in_transaction,
        logbook_services.case_transition_in_transaction,
        logbook_services.assistance_add_in_transaction,
        survey_imports.survey_import_upload_in_transaction,
        survey_imports.survey_import_confirm_in_transaction,
    ]

    def durable(fn: Any) -> bool:
        # transaction.atomic(...)(fn) wraps fn in a closure holding the Atomic context manager.
        return any(getattr(c.cell_contents, "durable", False) for c in fn.__closure__ or ())

    assert all(durable(fn) for fn in entry_points)
    assert not any(durable(fn) for fn in nestable)


# ---------------------------------------------------------------------------------------------
# Case history through poverty.events


@pytest.mark.django_db
def test_each_case_event_function_writes_its_kind(make_user: Any, round_: Any) -> None:
    officer = make_user("cdd_district_officer", area="2401")
    case = _open(officer, round_)
    CaseEvent.objects.filter(case=case).delete()
    opened = events.case_opened_event(case=case, actor=officer, comment="พบในการสำรวจ")
    changed = events.case_status_changed_event(
        case=case, actor=officer, from_status=CaseStatus.TARGET, to_status=CaseStatus.IN_PROGRESS, comment="c"
    )
    helped = events.case_assistance_event(case=case, actor=officer, description="x" * 600)
    assert (opened.kind, opened.from_status, opened.to_status, opened.comment, opened.actor) == (
        CaseEventKind.OPENED,
        "",
        CaseStatus.TARGET,
        "พบในการสำรวจ",
        officer,
    )
    assert (changed.kind, changed.from_status, changed.to_status, changed.comment) == (
        CaseEventKind.TRANSITION,
        CaseStatus.TARGET,
        CaseStatus.IN_PROGRESS,
        "c",
    )
    assert (helped.kind, helped.from_status, helped.to_status, helped.comment) == (
        CaseEventKind.ASSISTANCE,
        "",
        "",
        "x" * 500,
    )
    # One function per kind of event written today.
    assert {opened.kind, changed.kind, helped.kind} == set(CaseEventKind.values)


def test_no_module_but_events_creates_case_events() -> None:
    offenders = [
        str(path.relative_to(POVERTY))
        for path in POVERTY.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts and path.name != "events.py"
        if "CaseEvent.objects.create" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


# ---------------------------------------------------------------------------------------------
# Error codes


@pytest.mark.django_db
def test_refusals_carry_an_error_code_of_the_enum(make_user: Any, round_: Any) -> None:
    officer = make_user("cdd_district_officer", area="2401")
    case = _open(officer, round_)
    with pytest.raises(PovertyError) as info:
        _open(officer, round_)
    assert info.value.code == PovertyErrorCode.CASE_EXISTS
    with pytest.raises(PovertyError) as info:
        logbook_services.case_transition(case=case, to_status=CaseStatus.HELPED, actor=officer)
    assert info.value.code == PovertyErrorCode.TRANSITION_NOT_ALLOWED
    with pytest.raises(PovertyError) as info:
        additions_services.addition_create(
            actor=make_user("tambon_council_secretary", area=TAMBON),
            survey_round=round_,
            area=Area.objects.get(code=TAMBON),
            kind="household",
            reason="not_surveyed",
            full_name=" ",
        )
    assert info.value.code == PovertyErrorCode.NAME_REQUIRED


def test_services_raise_only_codes_of_the_enum() -> None:
    """No ad-hoc code strings: every ``code=`` a service passes is a ``PovertyErrorCode`` member
    (or, for a survey file that cannot be read, the reading error's own code)."""
    loose = []
    for path in sorted((POVERTY / "services").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "PovertyError":
                for kw in node.keywords:
                    text = ast.unparse(kw.value)
                    if kw.arg == "code" and not (text.startswith("PovertyErrorCode.") or text == "exc.code"):
                        loose.append(f"{path.name}: {text}")
                    if kw.arg == "code" and text.startswith("PovertyErrorCode."):
                        assert text.split(".", 1)[1] in PovertyErrorCode.__members__, text
    assert loose == []


# ---------------------------------------------------------------------------------------------
# Registrations made in PovertyConfig.ready


def test_jobs_and_the_area_summary_are_registered() -> None:
    for kind in ("poverty.import", "poverty.recompute", "poverty.indicator_sets_load"):
        assert job_function(kind) is not None
    assert AREA_SUMMARY_PROVIDERS.count(poverty_area_summary) == 1
