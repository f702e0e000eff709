import random

import pytest

from chumchon.areas import demo as areas_demo
from chumchon.areas.models import Area, CodiRegion, LocalGovernment
from chumchon.core.demo import DemoContext
from chumchon.organizations import demo as org_demo
from chumchon.organizations import welfare
from chumchon.organizations.models import Body, BodyKind, BodyLeader, WelfareFundYear
from chumchon.organizations.selectors import fund_years

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx() -> DemoContext:
    return DemoContext(seed=7, region=CodiRegion.objects.get(code="R5"), rng=random.Random(7))


def test_area_demo_villages_and_local_governments(ctx: DemoContext) -> None:
    areas_demo.generate(ctx)
    tambons = ctx.tambons()
    villages = Area.objects.filter(level="village")
    assert villages.count() == ctx.shared["villages_created"] > 0
    per_tambon: dict[str, int] = {}
    for code in villages.values_list("code", flat=True):
        per_tambon[code[:6]] = per_tambon.get(code[:6], 0) + 1
    assert set(per_tambon) == {t.code for t in tambons}
    assert all(5 <= n <= 15 for c, n in per_tambon.items() if not c.startswith("10"))
    assert all(3 <= n <= 8 for c, n in per_tambon.items() if c.startswith("10"))
    sample = Area.objects.get(code="24010401")
    assert sample.parent.code == "240104" and sample.name_th.startswith("บ้าน") and sample.village_number == 1
    assert Area.objects.filter(code__startswith="10", level="village").first().name_th.startswith("ชุมชน")
    # One local government for every tambon outside Bangkok, the BMA for Bangkok's.
    covered = LocalGovernment.tambons.through.objects.values_list("area_id", flat=True)
    assert sorted(covered) == sorted(t.pk for t in tambons)
    assert LocalGovernment.objects.get(code="4240101").name_th == "เทศบาลเมืองฉะเชิงเทรา"
    assert LocalGovernment.objects.filter(kind="town_municipality").count() == len(ctx.provinces) - 1
    kinds = list(LocalGovernment.objects.values_list("kind", flat=True))
    assert kinds.count("sao") > kinds.count("tambon_municipality") > 0
    # A second run adds nothing.
    before = (Area.objects.count(), LocalGovernment.objects.count())
    areas_demo.generate(ctx)
    assert (Area.objects.count(), LocalGovernment.objects.count()) == before


def test_demo_is_deterministic(ctx: DemoContext) -> None:
    areas_demo.generate(ctx)
    first = list(Area.objects.filter(level="village").order_by("code").values_list("code", "name_th")[:200])
    Area.objects.filter(level="village").delete()
    LocalGovernment.objects.all().delete()
    again = DemoContext(seed=7, region=ctx.region, rng=random.Random(7))
    areas_demo.generate(again)
    assert list(Area.objects.filter(level="village").order_by("code").values_list("code", "name_th")[:200]) == first


def test_organizations_demo(ctx: DemoContext) -> None:
    org_demo.generate(ctx)
    tambons = ctx.tambons()
    councils = ctx.shared["tambon_councils"]
    assert set(councils) == {t.code for t in tambons}
    assert councils["240104"].name_th == "สภาองค์กรชุมชนตำบลคลองนา"
    funds = Body.objects.filter(kind=BodyKind.WELFARE_FUND).count()
    assert 0.65 * len(tambons) < funds < 0.85 * len(tambons)
    assert all(150 <= b.member_count <= 2500 for b in ctx.shared["welfare_funds"].values())
    districts = Area.objects.filter(level="district", parent__in=ctx.provinces).count()
    assert Body.objects.filter(kind=BodyKind.CON_CENTRE).count() == districts
    assert set(ctx.shared["provincial_working_groups"]) == {p.code for p in ctx.provinces}
    assert len(ctx.shared["provincial_working_groups"]) == 13
    assert {"C08", "C09"} <= set(ctx.shared["cluster_working_groups"])
    assert ctx.shared["regional_subcommittee"].scope_kind == "region"
    assert ctx.shared["regional_subcommittee"].term_ends_on is not None
    assert ctx.shared["baan_mankong_subcommittee"].kind == BodyKind.BAAN_MANKONG_SUBCOMMITTEE
    assert set(ctx.shared["cdd_offices"]) == {p.code for p in ctx.provinces} - {"10"}
    assert Body.objects.filter(kind=BodyKind.PARTNER_AGENCY).exists()
    count = Body.objects.count()
    org_demo.generate(ctx)  # idempotent
    assert Body.objects.count() == count
    assert ctx.shared["tambon_councils"]["240104"] == councils["240104"]


def test_welfare_demo_figures_keep_the_rules(ctx: DemoContext) -> None:
    org_demo.generate(ctx)
    org_demo.welfare(ctx)
    funds = list(ctx.shared["welfare_funds"].values())
    assert WelfareFundYear.objects.filter(fund__in=funds).values("fund").distinct().count() == len(funds) > 0
    ratings = set()
    for fund in funds[:150]:
        for y in fund_years(fund):
            assert y.closing >= 0 and y.admin_expense <= welfare.admin_cap(y.receipts)
            ratings.add(y.rating.rating)
    assert welfare.Rating.STRONG in ratings and len(ratings) >= 2
    assert BodyLeader.objects.filter(body__area__code__startswith="2401").exists()
    assert Body.objects.filter(member_of__area__code__startswith="2401").exists()
    before = (WelfareFundYear.objects.count(), BodyLeader.objects.count())
    org_demo.welfare(ctx)  # a second run adds nothing
    assert (WelfareFundYear.objects.count(), BodyLeader.objects.count()) == before
