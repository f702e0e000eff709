"""Recorded capital: audited create/edit/retire, the area's writers only, bilingual validation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chumchon.areas.models import Area
from chumchon.audit.models import AuditEvent
from chumchon.capital import services
from chumchon.capital.models import CapitalEntry, CapitalKind, SourceKind
from chumchon.capital.tests.conftest import DATE, OTHER_TAMBON, TAMBON
from chumchon.core.bilingual import is_bilingual

pytestmark = pytest.mark.django_db


def _create(actor: Any, area: Area, **kw: Any) -> CapitalEntry:
    values: dict[str, Any] = {
        "kind": CapitalKind.NATURAL_FOREST,
        "name": "ป่าชุมชนคลองนา",
        "source_kind": SourceKind.REGISTRY,
        "source_name": "ทะเบียนป่าชุมชน กรมป่าไม้",
        "as_of": DATE,
        "quantity": Decimal("320"),
        "unit": "ไร่",
    }
    values.update(kw)
    return services.capital_entry_create(actor=actor, area=area, **values)


def test_secretary_records_edits_and_retires_with_audit(make_user: Any, villages: list[Area]) -> None:
    secretary = make_user("tambon_council_secretary", area=TAMBON)
    entry = _create(secretary, Area.objects.get(code=TAMBON))
    in_village = _create(
        secretary, villages[0], kind=CapitalKind.ECONOMIC_PRODUCT, name="ปลาสลิด", quantity=None, unit=""
    )
    assert in_village.area == villages[0] and in_village.category == "economic"
    services.capital_entry_update(entry=entry, actor=secretary, quantity=Decimal("350"))
    services.capital_entry_retire(entry=in_village, actor=secretary, reason="กลุ่มเลิกผลิตแล้ว")
    entry.refresh_from_db()
    in_village.refresh_from_db()
    assert entry.quantity == Decimal("350") and in_village.is_retired and in_village.retired_reason == "กลุ่มเลิกผลิตแล้ว"
    events = AuditEvent.objects.filter(model_label="capital.capitalentry").order_by("pk")
    assert [e.action for e in events] == ["create", "create", "update", "update"]
    assert events[2].changes["quantity"] == ["320.00", "350.00"] or events[2].changes["quantity"][1] in (
        "350",
        "350.00",
    )
    assert {e.area_code for e in events} == {TAMBON, villages[0].code}
    with pytest.raises(ValidationError) as exc:
        services.capital_entry_retire(entry=in_village, actor=secretary, reason="again")
    assert is_bilingual(exc.value.messages[0])
    with pytest.raises(ValidationError):
        services.capital_entry_update(entry=in_village, actor=secretary, name="x")


def test_only_the_areas_writers_write(make_user: Any) -> None:
    tambon = Area.objects.get(code=TAMBON)
    member = make_user("tambon_council_member", area=TAMBON)
    neighbour = make_user("tambon_council_secretary", area=OTHER_TAMBON)
    cdd = make_user("cdd_district_officer", area="2401")
    partner = make_user("partner_agency", area="24")
    for outsider in (member, neighbour, partner):
        with pytest.raises(PermissionDenied):
            _create(outsider, tambon)
    entry = _create(cdd, tambon)
    with pytest.raises(PermissionDenied):
        services.capital_entry_update(entry=entry, actor=neighbour, name="ชื่ออื่น")
    secretary = make_user("tambon_council_secretary", area=TAMBON)
    with pytest.raises(PermissionDenied):  # moving it out of the secretary's tambon
        services.capital_entry_update(entry=entry, actor=secretary, area=Area.objects.get(code=OTHER_TAMBON))
    assert CapitalEntry.objects.count() == 1 and not AuditEvent.objects.filter(action="update").exists()


@pytest.mark.parametrize(
    ("changes", "field", "thai"),
    [
        ({"name": "  "}, "name", "ต้องระบุชื่อ"),
        ({"quantity": Decimal("-1")}, "quantity", "ไม่ติดลบ"),
        ({"unit": ""}, "unit", "หน่วย"),
        ({"source_kind": SourceKind.AGENCY, "source_name": ""}, "source_name", "แหล่งข้อมูล"),
        ({"as_of": dt.date.today() + dt.timedelta(days=30)}, "as_of", "อนาคต"),
        ({"kind": "forest"}, "kind", ""),
    ],
)
def test_entry_validation_is_bilingual(make_user: Any, changes: dict[str, Any], field: str, thai: str) -> None:
    secretary = make_user("tambon_council_secretary", area=TAMBON)
    with pytest.raises(ValidationError) as exc:
        _create(secretary, Area.objects.get(code=TAMBON), **changes)
    messages = exc.value.message_dict[field]
    assert thai in messages[0]
    if thai:
        assert is_bilingual(messages[0])
    assert not CapitalEntry.objects.exists()


def test_capital_is_recorded_for_tambons_and_villages_only(make_user: Any) -> None:
    officer = make_user("cdd_district_officer", area="2401")
    with pytest.raises(ValidationError) as exc:
        _create(officer, Area.objects.get(code="2401"))
    assert "ตำบลหรือหมู่บ้าน" in exc.value.message_dict["area"][0]


def test_retiring_needs_a_reason(make_user: Any) -> None:
    secretary = make_user("tambon_council_secretary", area=TAMBON)
    entry = _create(secretary, Area.objects.get(code=TAMBON))
    with pytest.raises(ValidationError) as exc:
        services.capital_entry_retire(entry=entry, actor=secretary, reason="  ")
    assert is_bilingual(exc.value.message_dict["reason"][0])
    entry.refresh_from_db()
    assert not entry.is_retired


def test_unknown_fields_are_refused(make_user: Any) -> None:
    secretary = make_user("tambon_council_secretary", area=TAMBON)
    entry = _create(secretary, Area.objects.get(code=TAMBON))
    with pytest.raises(ValidationError):
        services.capital_entry_update(entry=entry, actor=secretary, retired_on=DATE)
