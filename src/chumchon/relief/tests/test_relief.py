"""Relief campaigns: totals per source and per area, the Logbook link, the rules, scope, the public summary."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from chumchon.areas.models import Area
from chumchon.organizations.models import Body, BodyKind
from chumchon.poverty.models import AssistanceRecord, Case, CaseStatus
from chumchon.poverty.tests.logbook_data import survey_round
from chumchon.relief.models import Campaign, Contribution, HouseholdHelped
from chumchon.relief.selectors import campaign_totals, campaigns_for, public_summary
from chumchon.relief.services import campaign_create, contribution_record, household_help_record

pytestmark = pytest.mark.django_db
D = Decimal
DAY = dt.date(2022, 11, 1)


@pytest.fixture
def world(make_user):
    khlong_na = Area.objects.get(code="240104")
    fund = Body.objects.create(kind=BodyKind.WELFARE_FUND, name_th="กองทุนสวัสดิการชุมชนตำบลคลองนา", area=khlong_na)
    other_fund = Body.objects.create(
        kind=BodyKind.WELFARE_FUND, name_th="กองทุนสวัสดิการชุมชนตำบลหน้าเมือง", area=Area.objects.get(code="240101")
    )
    network = Body.objects.create(
        kind=BodyKind.NETWORK, name_th="เครือข่ายสวัสดิการจังหวัดฉะเชิงเทรา", area=Area.objects.get(code="24")
    )
    secretary = make_user("tambon_council_secretary", area="240104")
    officer = make_user("cdd_district_officer", area="2401")
    case = Case.objects.create(
        survey_round=survey_round("r-relief", 2565), area=khlong_na, household_id="2401040100001", dimension="living",
        label="12 (01)", opened_by=officer,
    )  # fmt: skip
    campaign = campaign_create(
        actor=secretary, title="ช่วยเหลือผู้ประสบอุทกภัยตำบลคลองนา", event_kind="flood", event_on=DAY, area=khlong_na,
        organiser=fund, target_amount=D(250000),
    )  # fmt: skip
    return {"fund": fund, "other_fund": other_fund, "network": network, "secretary": secretary, "case": case,
            "campaign": campaign, "khlong_na": khlong_na}  # fmt: skip


def _money_in(w) -> None:
    c, s = w["campaign"], w["secretary"]
    contribution_record(campaign=c, actor=s, source=w["other_fund"], kind="pledge", amount=D(20000), on=DAY)
    contribution_record(campaign=c, actor=s, source=w["other_fund"], kind="transfer", amount=D(10000), on=DAY)
    contribution_record(campaign=c, actor=s, source=w["network"], kind="pledge", amount=D("5000.50"), on=DAY)
    contribution_record(campaign=c, actor=s, source=w["network"], kind="transfer", amount=D("5000.50"), on=DAY)


def test_totals_per_source_and_area_and_logbook_link(world) -> None:
    _money_in(world)
    c, s = world["campaign"], world["secretary"]
    village = Area.objects.filter(code__startswith="240104", level="village").first() or world["khlong_na"]
    helped = household_help_record(campaign=c, actor=s, case=world["case"], label="", amount=D(3000), given_on=DAY,
                                   description="ถุงยังชีพ")  # fmt: skip
    household_help_record(campaign=c, actor=s, area=village, label="บ้านเลขที่ 5", amount=D(2000), given_on=DAY,
                          description="ค่าซ่อมบ้าน")  # fmt: skip
    # The survey household's help is on its Logbook case too, by the organising fund, and the case is in progress.
    record = AssistanceRecord.objects.get(case=world["case"])
    assert helped.assistance == record and record.amount == D(3000) and record.agency == world["fund"]
    assert "ถุงยังชีพ" in record.description
    world["case"].refresh_from_db()
    assert world["case"].status == CaseStatus.IN_PROGRESS
    t = campaign_totals(c)
    assert (t.pledged, t.transferred, t.helped_amount, t.households, t.linked_to_logbook) == (
        D("25000.50"),
        D("15000.50"),
        D(5000),
        2,
        1,
    )
    by_source = {x.name: (x.pledged, x.transferred) for x in t.by_source}
    assert by_source == {
        "กองทุนสวัสดิการชุมชนตำบลหน้าเมือง": (D(20000), D(10000)),
        "เครือข่ายสวัสดิการจังหวัดฉะเชิงเทรา": (D("5000.50"), D("5000.50")),
    }
    assert sum(t.by_source_kind.values()) == t.transferred and len(t.by_source_kind) == 2
    assert [(a.code, a.households, a.amount) for a in t.by_area] == [("240104", 2, D(5000))]
    assert t.available == D("10000.50")


def test_help_beyond_transferred_money_is_refused_and_changes_nothing(world) -> None:
    c, s = world["campaign"], world["secretary"]
    contribution_record(campaign=c, actor=s, source=world["network"], kind="pledge", amount=D(50000), on=DAY)
    contribution_record(campaign=c, actor=s, source=world["network"], kind="transfer", amount=D(1000), on=DAY)
    with pytest.raises(ValidationError) as exc:
        household_help_record(campaign=c, actor=s, case=world["case"], label="", amount=D("1000.01"), given_on=DAY,
                              description="เงินช่วยเหลือ")  # fmt: skip
    assert "เกินเงินที่โอน" in str(exc.value) and "exceeds the money transferred" in str(exc.value)
    assert not HouseholdHelped.objects.exists() and not AssistanceRecord.objects.exists()
    far = Area.objects.get(code="240101")  # another tambon: outside the campaign's area
    with pytest.raises(ValidationError):
        household_help_record(campaign=c, actor=s, area=far, label="x", amount=D(0), given_on=DAY, description="y")
    with pytest.raises(ValidationError):
        contribution_record(campaign=c, actor=s, source=world["network"], kind="transfer", amount=D(0), on=DAY)
    assert Contribution.objects.count() == 2


def test_scope(client, make_user, world) -> None:
    c = world["campaign"]
    outsider = make_user("tambon_council_secretary", area="500105")  # another province
    client.force_login(outsider)
    assert client.get(reverse("relief:detail", args=[c.pk])).status_code == 404
    assert client.post(reverse("relief:detail", args=[c.pk]), {"c-amount": "5"}).status_code == 404
    assert list(campaigns_for(outsider)) == []
    with pytest.raises(PermissionDenied):
        contribution_record(campaign=c, actor=outsider, source=world["network"], kind="pledge", amount=D(1), on=DAY)
    member = make_user("tambon_council_member", area="240104")  # sees, may not record
    client.force_login(member)
    response = client.get(reverse("relief:detail", args=[c.pk]))
    assert response.status_code == 200 and "contribution-form" not in response.content.decode()
    assert client.post(reverse("relief:detail", args=[c.pk]), {"c-amount": "5"}).status_code == 403


def test_pages_record_and_show_totals(client, world) -> None:
    c = world["campaign"]
    client.force_login(world["secretary"])
    url = reverse("relief:detail", args=[c.pk])
    response = client.post(url, {"c-source": world["network"].pk, "c-kind": "transfer", "c-amount": "8000",
                                 "c-on": "02/11/2565"})  # fmt: skip
    assert response.status_code == 302
    response = client.post(url, {"h-case": world["case"].pk, "h-amount": "9000", "h-given_on": "03/11/2565",
                                 "h-description": "เงินช่วยเหลือ"})  # fmt: skip
    assert response.status_code == 400 and "เกินเงินที่โอน" in response.content.decode()
    response = client.post(url, {"h-case": world["case"].pk, "h-amount": "3000", "h-given_on": "03/11/2565",
                                 "h-description": "เงินช่วยเหลือ"})  # fmt: skip
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "8,000.00" in html and "3,000.00" in html and reverse("poverty:case", args=[world["case"].pk]) in html
    assert client.get(reverse("relief:index")).status_code == 200


def test_public_summary_aggregates_only(world, settings) -> None:
    settings.PUBLIC_MIN_COUNT = 2
    _money_in(world)
    c, s = world["campaign"], world["secretary"]
    household_help_record(
        campaign=c, actor=s, case=world["case"], label="", amount=D(3000), given_on=DAY, description="x"
    )
    [summary] = public_summary(area_code="24")
    assert summary.households is None  # one household: below the public minimum, withheld
    assert (summary.pledged, summary.transferred, summary.contributors) == (D("25000.50"), D("15000.50"), 2)
    assert summary.province_name == "ฉะเชิงเทรา" and summary.area_name == "คลองนา"
    household_help_record(campaign=c, actor=s, area=world["khlong_na"], label="บ้าน 7", amount=D(1), given_on=DAY,
                          description="x")  # fmt: skip
    assert public_summary()[0].households == 2
    assert not any("บ้าน 7" in str(v) for v in vars(public_summary()[0]).values())
    assert public_summary(area_code="50") == []
    assert Campaign.objects.count() == 1
