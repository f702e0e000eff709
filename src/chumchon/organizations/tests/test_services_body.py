import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chumchon.areas.models import Area, CodiRegion, ProvincialCluster
from chumchon.audit.models import AuditEvent
from chumchon.organizations.models import Body, BodyKind
from chumchon.organizations.services import body_create, body_update

pytestmark = pytest.mark.django_db


def _council(actor, code="240104", **extra):
    return body_create(
        actor=actor,
        kind=BodyKind.TAMBON_COMMUNITY_COUNCIL,
        name_th="สภาองค์กรชุมชนตำบลคลองนา",
        scope_kind="area",
        area=Area.objects.get(code=code),
        **extra,
    )


def test_create_is_audited_with_after_values(make_user):
    staff = make_user("codi_regional_staff", region="R5")
    body = _council(staff, member_count=31)
    event = AuditEvent.objects.get(model_label="organizations.body", object_pk=str(body.pk), action="create")
    assert event.actor == staff
    assert event.changes["name_th"] == [None, "สภาองค์กรชุมชนตำบลคลองนา"]
    assert event.changes["member_count"] == [None, 31]
    assert event.area_code == "240104"


def test_create_out_of_scope_is_refused_and_writes_nothing(make_user):
    secretary = make_user("tambon_council_secretary", area="240104")
    before_bodies, before_events = Body.objects.count(), AuditEvent.objects.count()
    with pytest.raises(PermissionDenied) as info:
        _council(secretary, code="240105")
    assert "ไม่มีสิทธิ์" in str(info.value) and "not allowed" in str(info.value)
    assert (Body.objects.count(), AuditEvent.objects.count()) == (before_bodies, before_events)


def test_create_needs_org_edit(make_user):
    member = make_user("tambon_council_member", area="240104")  # views only
    with pytest.raises(PermissionDenied):
        _council(member)
    assert not Body.objects.filter(name_th="สภาองค์กรชุมชนตำบลคลองนา").exists()


def test_region_and_cluster_scopes(make_user):
    staff = make_user("codi_regional_staff", region="R5")
    region_body = body_create(
        actor=staff,
        kind=BodyKind.CODI_REGIONAL_SUBCOMMITTEE,
        name_th="คณะอนุกรรมการภาค",
        scope_kind="region",
        region=CodiRegion.objects.get(code="R5"),
    )
    assert region_body.scope_codes == tuple(sorted(region_body.scope_codes))
    assert len(region_body.scope_codes) == 13
    body_create(
        actor=staff,
        kind=BodyKind.CLUSTER_WORKING_GROUP,
        name_th="คณะทำงานกลุ่มจังหวัดภาคตะวันออก 1",
        scope_kind="cluster",
        cluster=ProvincialCluster.objects.get(code="C08"),
    )
    # C02 has provinces outside R5 (Ayutthaya, Saraburi): refused.
    with pytest.raises(PermissionDenied):
        body_create(
            actor=staff,
            kind=BodyKind.CLUSTER_WORKING_GROUP,
            name_th="คณะทำงานกลุ่มจังหวัดภาคกลางปริมณฑล",
            scope_kind="cluster",
            cluster=ProvincialCluster.objects.get(code="C02"),
        )
    # A national body needs a national scope.
    with pytest.raises(PermissionDenied):
        body_create(actor=staff, kind=BodyKind.PARTNER_AGENCY, name_th="หน่วยงานระดับชาติ", scope_kind="nation")


def test_missing_scope_target_is_a_validation_error(make_user):
    admin = make_user("national_admin", nation=True)
    with pytest.raises(ValidationError):
        body_create(actor=admin, kind=BodyKind.WELFARE_FUND, name_th="กองทุน", scope_kind="area")


def test_update_is_audited_before_and_after(make_user):
    secretary = make_user("tambon_council_secretary", area="240104")
    body = _council(secretary, member_count=20)
    body_update(body=body, actor=secretary, member_count=25, name_en="Khlong Na council")
    event = AuditEvent.objects.get(object_pk=str(body.pk), model_label="organizations.body", action="update")
    assert event.changes["member_count"] == [20, 25]
    assert event.changes["name_en"] == ["", "Khlong Na council"]
    body.refresh_from_db()
    assert body.member_count == 25


def test_update_cannot_move_a_body_out_of_scope(make_user):
    secretary = make_user("tambon_council_secretary", area="240104")
    body = _council(secretary)
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        body_update(body=body, actor=secretary, area=Area.objects.get(code="240105"))
    body.refresh_from_db()
    assert body.area.code == "240104"
    assert AuditEvent.objects.count() == events


def test_update_out_of_scope_refused(make_user):
    staff = make_user("codi_regional_staff", region="R5")
    body = _council(staff)
    other = make_user("tambon_council_secretary", area="240105")
    with pytest.raises(PermissionDenied):
        body_update(body=body, actor=other, member_count=99)
    body.refresh_from_db()
    assert body.member_count == 0


def test_unknown_field_rejected(make_user):
    staff = make_user("codi_regional_staff", region="R5")
    body = _council(staff)
    with pytest.raises(ValidationError):
        body_update(body=body, actor=staff, pk=5)
