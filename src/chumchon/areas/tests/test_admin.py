import pytest
from django.urls import reverse

from chumchon.areas.models import Area
from chumchon.audit.models import AuditEvent
from chumchon.organizations.models import Body, BodyKind

pytestmark = pytest.mark.django_db


def test_admin_change_lists_load(client, make_user) -> None:
    client.force_login(make_user(username="root", is_superuser=True, is_staff=True))
    Body.objects.create(kind=BodyKind.WELFARE_FUND, name_th="กองทุนทดสอบ", area=Area.objects.get(code="240104"))
    for name in (
        "areas_area",
        "areas_codiregion",
        "areas_provincialcluster",
        "areas_localgovernment",
        "organizations_body",
    ):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200, name
    assert "กองทุนทดสอบ" in client.get(reverse("admin:organizations_body_changelist")).content.decode()


def test_admin_area_rename_is_audited_and_reindexed(client, make_user) -> None:
    client.force_login(make_user(username="root", is_superuser=True, is_staff=True))
    area = Area.objects.get(code="240104")
    response = client.post(
        reverse("admin:areas_area_change", args=[area.pk]),
        {"name_th": "ต.คลองนาใหม่", "name_en": "Khlong Na Mai", "codi_region": "", "cluster": ""},
    )
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.search_name == "คลองนาใหม่" and area.search_name_en == "khlongnamai"
    assert AuditEvent.objects.filter(model_label="areas.area", object_pk=str(area.pk), action="update").exists()


def test_scoped_staff_sees_only_their_bodies(client, make_user) -> None:
    staff = make_user("tambon_council_secretary", area="240104", is_staff=True)
    Body.objects.create(kind=BodyKind.WELFARE_FUND, name_th="กองทุนคลองนา", area=Area.objects.get(code="240104"))
    Body.objects.create(kind=BodyKind.WELFARE_FUND, name_th="กองทุนหน้าเมือง", area=Area.objects.get(code="240101"))
    client.force_login(staff)
    html = client.get(reverse("admin:organizations_body_changelist")).content.decode()
    assert "กองทุนคลองนา" in html and "กองทุนหน้าเมือง" not in html
