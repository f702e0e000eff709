"""Welfare-fund operations: balance, administration cap, benefits beyond the balance, rating, roll-ups."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from chumchon.areas.models import Area
from chumchon.audit.models import AuditEvent
from chumchon.organizations import welfare
from chumchon.organizations.models import Body, BodyKind, WelfareBenefit, WelfareFundYear
from chumchon.organizations.selectors import WelfareScope, fund_years, national_target, welfare_rollup
from chumchon.organizations.services import welfare_benefit_pay, welfare_year_save

pytestmark = pytest.mark.django_db
D = Decimal


def _fund(code: str, name: str) -> Body:
    return Body.objects.create(kind=BodyKind.WELFARE_FUND, name_th=name, area=Area.objects.get(code=code))


@pytest.fixture
def staff(make_user):
    return make_user("codi_regional_staff", region="R5")


@pytest.fixture
def funds() -> dict[str, Body]:
    return {
        "khlong_na": _fund("240104", "กองทุนสวัสดิการชุมชนตำบลคลองนา"),
        "na_mueang": _fund("240101", "กองทุนสวัสดิการชุมชนตำบลหน้าเมือง"),
        "chon_buri": _fund("200101", "กองทุนสวัสดิการชุมชนตำบลบางปลาสร้อย"),
        "chiang_mai": _fund("500105", "กองทุนสวัสดิการชุมชนตำบลช้างเผือก"),
    }


def _strong_year(fund: Body, actor, year: int = 2565) -> None:
    """100 members paying the full norm, both matchings, four kinds of benefit, a large reserve."""
    welfare_year_save(
        fund=fund, actor=actor, year=year, members_18_59=60, members_60_plus=30, members_under_18=10,
        opening_balance=D(500000), contributions=D(36500), matching_local=D(20000), matching_national=D(20000),
        admin_expense=D(5000),
    )  # fmt: skip
    for kind in ("birth", "illness", "elderly", "death"):
        welfare_benefit_pay(fund=fund, actor=actor, year=year, kind=kind, amount=D(2000), paid_on=dt.date(2022, 6, 1))


def test_balance_rolls_from_year_to_year(staff, funds) -> None:
    fund = funds["khlong_na"]
    welfare_year_save(
        fund=fund, actor=staff, year=2564, opening_balance=D(1000), contributions=D(500), admin_expense=D(100)
    )
    welfare_benefit_pay(fund=fund, actor=staff, year=2564, kind="death", amount=D(400), paid_on=dt.date(2021, 5, 1))
    welfare_year_save(fund=fund, actor=staff, year=2565, opening_balance=D(999999), contributions=D(200))
    years = fund_years(fund)
    assert [(y.year, y.opening, y.closing) for y in years] == [
        (2564, D(1000), D(1000)),  # 1000 + 500 − 100 − 400
        (2565, D(1000), D(1200)),  # the entered opening of a later year is not used: the previous close is
    ]
    assert AuditEvent.objects.filter(model_label="organizations.welfarebenefit", action="create").count() == 1


def test_admin_share_is_capped_at_20_percent(staff, funds) -> None:
    fund = funds["khlong_na"]
    welfare_year_save(fund=fund, actor=staff, year=2565, contributions=D(1000), matching_local=D(1000))
    welfare_year_save(fund=fund, actor=staff, year=2565, admin_expense=D(400))  # exactly 20 % of 2,000
    with pytest.raises(ValidationError) as exc:
        welfare_year_save(fund=fund, actor=staff, year=2565, admin_expense=D("400.01"))
    assert "ร้อยละ 20" in str(exc.value) and "20 %" in str(exc.value)
    assert WelfareFundYear.objects.get(fund=fund, year=2565).admin_expense == D(400)


def test_benefit_beyond_balance_is_refused_and_changes_nothing(staff, funds) -> None:
    fund = funds["khlong_na"]
    welfare_year_save(fund=fund, actor=staff, year=2565, opening_balance=D(3000), contributions=D(1000))
    welfare_benefit_pay(fund=fund, actor=staff, year=2565, kind="illness", amount=D(3500), paid_on=dt.date(2022, 3, 1))
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        welfare_benefit_pay(
            fund=fund, actor=staff, year=2565, kind="death", amount=D("500.01"), paid_on=dt.date(2022, 4, 1)
        )
    message = str(exc.value)
    assert "เกินยอดเงินคงเหลือ" in message and "exceeds the fund's balance" in message
    assert WelfareBenefit.objects.filter(fund_year__fund=fund).count() == 1
    assert AuditEvent.objects.count() == events
    assert fund_years(fund)[0].closing == D(500)
    # A later year opening on this one: paying in the earlier year may not put the later year in deficit.
    welfare_year_save(fund=fund, actor=staff, year=2566)
    welfare_benefit_pay(fund=fund, actor=staff, year=2566, kind="elderly", amount=D(500), paid_on=dt.date(2023, 1, 5))
    with pytest.raises(ValidationError):
        welfare_benefit_pay(fund=fund, actor=staff, year=2565, kind="birth", amount=D(1), paid_on=dt.date(2022, 5, 1))
    # Cutting a year's income so that what was already paid no longer fits is refused too.
    with pytest.raises(ValidationError):
        welfare_year_save(fund=fund, actor=staff, year=2565, contributions=D(0))


def test_rating_rule() -> None:
    strong = welfare.rate(
        year_be=2565, members=100, contributions=D(29200), matching_local=D(1), matching_national=D(1),
        benefits_by_kind={"birth": D(1), "illness": D(1), "elderly": D(1), "death": D(1)}, closing_balance=D(4),
    )  # fmt: skip
    assert strong.rating == welfare.Rating.STRONG and strong.met == 4  # 29,200 = 80 % of 100 × 365
    short = welfare.rate(
        year_be=2565, members=100, contributions=D(29199), matching_local=D(1), matching_national=D(0),
        benefits_by_kind={"birth": D(1), "illness": D(1), "elderly": D(1), "death": D(1)}, closing_balance=D(4),
    )  # fmt: skip
    assert short.rating == welfare.Rating.DEVELOPING and not short.contributions_ok and not short.matching_ok
    weak = welfare.rate(
        year_be=2565, members=100, contributions=D(0), matching_local=D(0), matching_national=D(0),
        benefits_by_kind={"death": D(10)}, closing_balance=D(9),
    )  # fmt: skip
    assert weak.rating == welfare.Rating.NEEDS_SUPPORT and weak.met == 0
    assert welfare.expected_contributions(10, 2567) == D(3660)  # 2024 is a leap year


def test_rollups_by_tambon_province_region_nation(staff, make_user, funds) -> None:
    admin = make_user("national_admin", nation=True)
    _strong_year(funds["khlong_na"], staff)
    welfare_year_save(fund=funds["na_mueang"], actor=staff, year=2565, members_18_59=50, contributions=D(1000))
    welfare_year_save(fund=funds["chon_buri"], actor=staff, year=2565, members_18_59=20, contributions=D(7300),
                      matching_local=D(10))  # fmt: skip
    welfare_year_save(fund=funds["chiang_mai"], actor=admin, year=2565, members_60_plus=5, contributions=D(50))
    tambon, _ = welfare_rollup(("240104",), 2565)
    assert (tambon.funds, tambon.members, tambon.strong) == (1, 100, 1)
    province, districts = welfare_rollup(("24",), 2565, group_by=WelfareScope.resolve("24", staff).group_by())
    assert (province.funds, province.members, province.contributions) == (2, 150, D(37500))
    assert province.benefits_by_kind == {"birth": D(2000), "illness": D(2000), "elderly": D(2000), "death": D(2000)}
    assert [(r.code, r.funds) for r in districts] == [("2401", 2)]
    region_scope = WelfareScope.resolve("R5", staff)
    region, provinces = welfare_rollup(region_scope.prefixes, 2565, group_by=region_scope.group_by())
    assert region.funds == 3 and region.members == 170
    assert {r.code: r.funds for r in provinces} == {"20": 1, "24": 2}
    nation_scope = WelfareScope.resolve("", admin)
    nation, regions = welfare_rollup(("",), 2565, group_by=nation_scope.group_by())
    assert nation.funds == 4 and nation.members == 175
    assert nation.contributions == sum((r.contributions for r in regions), D(0))
    assert national_target(2565).strong == 1 and national_target(2565).target == 6000
    assert welfare_rollup(("",), 2564)[0].funds == 0


def test_latest_year_headline_equals_years_and_rollup(staff, funds) -> None:
    """The area pages' headline (one reading) equals welfare_years + welfare_rollup of the newest year."""
    from chumchon.organizations.selectors.welfare import welfare_latest, welfare_years

    _strong_year(funds["khlong_na"], staff, 2565)
    _strong_year(funds["khlong_na"], staff, 2566)
    welfare_year_save(fund=funds["na_mueang"], actor=staff, year=2566, members_18_59=50, contributions=D(1000))
    welfare_year_save(fund=funds["chon_buri"], actor=staff, year=2564, members_18_59=20, contributions=D(7300))
    for prefixes in [("24",), ("240104",), ("2401",), ("20",), ("",), ("20", "24"), ("50",)]:
        years, total = welfare_latest(prefixes)
        assert years == welfare_years(prefixes), prefixes
        if years:
            assert total == welfare_rollup(prefixes, years[0])[0], prefixes
        else:
            assert total.funds == 0
    years, total = welfare_latest(("24",))
    assert years == [2566, 2565] and (total.funds, total.strong) == (2, 1)


def test_lean_headline_equals_latest_after_each_kind_of_write(staff, funds) -> None:
    """The area pages' lean headline (``welfare_headline``: tuples, newest year rated only) gives the same
    years, funds, strong funds and closing balance as ``welfare_latest`` after every kind of write."""
    from chumchon.organizations.models import WelfareBenefit
    from chumchon.organizations.selectors.welfare import welfare_headline, welfare_latest

    scopes = [("24",), ("240104",), ("2401",), ("20",), ("",), ("20", "24"), ("50",)]

    def check() -> list[tuple[int, int, D]]:
        seen = []
        for prefixes in scopes:
            years, total = welfare_latest(prefixes)
            lean_years, lean = welfare_headline(prefixes)
            assert lean_years == years, prefixes
            assert (lean.funds, lean.strong, lean.closing) == (total.funds, total.strong, total.closing), prefixes
            seen.append((lean.funds, lean.strong, lean.closing))
        return seen

    assert check()[0] == (0, 0, D(0))
    _strong_year(funds["khlong_na"], staff, 2565)  # create, with benefits
    assert check()[1][:2] == (1, 1)
    welfare_year_save(fund=funds["na_mueang"], actor=staff, year=2565, members_18_59=50, contributions=D(1000))
    welfare_year_save(fund=funds["chon_buri"], actor=staff, year=2564, members_18_59=20, contributions=D(7300))
    assert check()[0][:2] == (2, 1)
    _strong_year(funds["khlong_na"], staff, 2566)  # a newer year: only that fund counts, its balance carried
    assert check()[0][:2] == (1, 1)
    welfare_year_save(fund=funds["na_mueang"], actor=staff, year=2565, members_18_59=50, contributions=D(1000),
                      opening_balance=D(77))  # fmt: skip
    check()  # an update of an older year moves the newer year's carried balance
    WelfareFundYear.objects.filter(fund=funds["khlong_na"], year=2566).update(contributions=D(0))  # bulk
    assert check()[1][1] == 0  # no contributions: no longer strong
    WelfareBenefit.objects.filter(fund_year__fund=funds["khlong_na"], kind="death").delete()
    check()
    WelfareFundYear.objects.filter(year=2566).delete()  # delete: back to 2565 (no death benefit left: not strong)
    assert check()[0][:2] == (2, 0)


def test_out_of_scope_fund_is_404_and_write_is_refused(client, make_user, funds) -> None:
    secretary = make_user("tambon_council_secretary", area="240104")
    client.force_login(secretary)
    assert client.get(reverse("organizations:welfare_fund", args=[funds["khlong_na"].pk])).status_code == 200
    assert client.get(reverse("organizations:welfare_fund", args=[funds["chiang_mai"].pk])).status_code == 404
    assert client.get(reverse("organizations:welfare_rollup"), {"scope": "50"}).status_code == 404
    assert client.get(reverse("organizations:welfare_rollup"), {"scope": "240104"}).status_code == 200
    with pytest.raises(PermissionDenied):
        welfare_year_save(fund=funds["na_mueang"], actor=secretary, year=2565, contributions=D(1))
    assert not WelfareFundYear.objects.filter(fund=funds["na_mueang"]).exists()


def test_fund_page_records_figures_and_shows_refusals(client, staff, funds) -> None:
    fund = funds["khlong_na"]
    client.force_login(staff)
    url = reverse("organizations:welfare_fund", args=[fund.pk])
    response = client.post(url, {"y-year": "2565", "y-members_18_59": "100", "y-contributions": "36500",
                                 "y-matching_local": "0", "y-admin_expense": "9000"})  # fmt: skip
    assert response.status_code == 400 and "ร้อยละ 20" in response.content.decode()
    assert not WelfareFundYear.objects.filter(fund=fund).exists()
    response = client.post(url, {"y-year": "2565", "y-members_18_59": "100", "y-contributions": "36500"})
    assert response.status_code == 302
    response = client.post(url, {"b-year": "2565", "b-kind": "death", "b-amount": "40000", "b-recipients": "1",
                                 "b-paid_on": "01/06/2565"})  # fmt: skip
    assert response.status_code == 400 and "เกินยอดเงินคงเหลือ" in response.content.decode()
    response = client.post(url, {"b-year": "2565", "b-kind": "death", "b-amount": "3000", "b-recipients": "1",
                                 "b-paid_on": "01/06/2565"})  # fmt: skip
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert "33,500.00" in html  # closing balance: 36,500 − 3,000
    html = client.get(reverse("organizations:welfare_rollup"), {"scope": "24", "year": "2565"}).content.decode()
    assert "36,500.00" in html


def test_rollup_page_opens_on_the_users_widest_scope(client, make_user) -> None:
    client.force_login(make_user("codi_regional_staff", region="R5"))
    response = client.get(reverse("organizations:welfare_rollup"))
    assert response.status_code == 200 and response.context["scope"].code == "R5"
    client.force_login(make_user("tambon_council_secretary", area="240104"))
    assert client.get(reverse("organizations:welfare_rollup")).context["scope"].code == "240104"
    assert client.get(reverse("organizations:welfare_rollup"), {"scope": "R5"}).status_code == 404
    assert client.get(reverse("organizations:welfare_rollup"), {"scope": ""}).status_code == 404


def test_area_page_shows_the_welfare_funds_headline(client, staff, funds) -> None:
    _strong_year(funds["khlong_na"], staff)
    client.force_login(staff)
    html = client.get(reverse("areas:detail", args=["24"])).content.decode()
    assert (
        "/organizations/welfare/?scope=24&amp;year=2565" in html or "/organizations/welfare/?scope=24&year=2565" in html
    )
    assert "1 กองทุน เข้มแข็ง 1" in html
