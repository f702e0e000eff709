import pytest
from django.core.exceptions import PermissionDenied

from chumchon.areas.models import Area
from chumchon.areas.selectors import area_lookup
from chumchon.areas.services import area_update
from chumchon.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_area_update_renames_audits_and_reindexes(make_user):
    admin = make_user("national_admin", nation=True)
    area = Area.objects.get(code="240104")
    area_update(area=area, actor=admin, name_th="คลองนาใหม่", name_en="Khlong Na Mai")
    area.refresh_from_db()
    assert (area.search_name, area.search_name_en) == ("คลองนาใหม่", "khlongnamai")
    event = AuditEvent.objects.get(model_label="areas.area", object_pk=str(area.pk))
    assert event.changes["name_th"] == ["คลองนา", "คลองนาใหม่"]
    assert [a.code for a in area_lookup("ต.คลองนาใหม่")] == ["240104"]


def test_area_update_needs_area_edit(make_user):
    staff = make_user("codi_regional_staff", region="R5")  # no AREA_EDIT
    area = Area.objects.get(code="240104")
    with pytest.raises(PermissionDenied):
        area_update(area=area, actor=staff, name_th="อื่น")
    area.refresh_from_db()
    assert area.name_th == "คลองนา"
    assert not AuditEvent.objects.filter(model_label="areas.area").exists()
