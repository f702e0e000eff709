"""The area pages' kept per-area summaries (``areas.summaries``) equal the aggregates computed the old way
(counting the rows under the area on every view) after every kind of write: create, update, delete, bulk
``update()`` / ``bulk_create()`` / ``bulk_update()``, the registry import, a request through the page, a
restore and the demo. Each write runs inside ``django_capture_on_commit_callbacks(execute=True)``: its
after-commit refresh runs as a commit would run it, and the rows are then read as stored (no recompute
on read), so a missed refresh fails here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Count, Q
from django.urls import reverse

from chumchon.areas import selectors, summaries
from chumchon.areas.models import Area, AreaSummary, LocalGovernment
from chumchon.core.backup import backup_models, data_restored
from chumchon.organizations.imports import registry_import
from chumchon.organizations.models import Body, BodyKind, WelfareBenefit, WelfareFundYear
from chumchon.organizations.selectors.welfare import welfare_headline
from chumchon.organizations.services import welfare_benefit_pay, welfare_year_save
from chumchon.organizations.tests.test_registry import GOOD_ROWS, _xlsx

pytestmark = pytest.mark.django_db
D = Decimal
CODES = ["24", "2401", "240101", "240104", "240105", "20", "2001", "200101", "50", "5001", "500105"]


def old_way(code: str) -> dict[str, Any]:
    """What the area page computed on every view before (``area_summary``'s aggregates, the bodies'
    ``count_under`` and the welfare headline) — the reference the kept rows must equal."""
    counts = Area.objects.filter(code__startswith=code).aggregate(
        districts=Count("id", filter=Q(level="district")),
        subdistricts=Count("id", filter=Q(level="subdistrict")),
        villages=Count("id", filter=Q(level="village")),
    )
    counts["local_governments"] = (
        LocalGovernment.objects.filter(Q(tambons__code__startswith=code) | Q(province__code=code))
        .values("id")
        .distinct()
        .count()
    )
    years, headline = welfare_headline((code,))
    welfare = (
        {"year": years[0], "funds": headline.funds, "strong": headline.strong, "closing": headline.closing}
        if years
        else {}
    )
    return {
        "tree": counts,
        "bodies": {"n": Body.objects.filter(scope_kind="area", area__code__startswith=code).count()},
        "welfare": welfare,
    }


def stored(code: str) -> dict[str, Any]:
    rows = dict(AreaSummary.objects.filter(code=code).values_list("source", "figures"))
    if rows.get("welfare"):
        rows["welfare"] = {**rows["welfare"], "closing": D(rows["welfare"]["closing"])}
    return {k: rows.get(k) for k in ("tree", "bodies", "welfare")}


def check(codes: list[str] = CODES) -> None:
    for code in codes:
        assert stored(code) == old_way(code), code


@pytest.fixture
def staff(make_user: Any) -> Any:
    return make_user("codi_regional_staff", region="R5")


@pytest.fixture
def built() -> None:
    summaries.rebuild()
    check()


def _fund(code: str, name: str) -> Body:
    return Body.objects.create(kind=BodyKind.WELFARE_FUND, name_th=name, area=Area.objects.get(code=code))


def test_every_kind_of_write_leaves_the_kept_rows_equal_to_the_old_aggregates(
    built: None, staff: Any, django_capture_on_commit_callbacks: Any
) -> None:
    commit = lambda: django_capture_on_commit_callbacks(execute=True)  # noqa: E731
    with commit():  # create (signals)
        khlong_na, na_mueang = _fund("240104", "กองทุนคลองนา"), _fund("240101", "กองทุนหน้าเมือง")
        far = _fund("500105", "กองทุนช้างเผือก")
    check()
    with commit():  # create through the services, with benefits (one transaction each)
        welfare_year_save(
            fund=khlong_na, actor=staff, year=2565, members_18_59=100, opening_balance=D(500000),
            contributions=D(36500), matching_local=D(20000), matching_national=D(20000), admin_expense=D(5000),
        )  # fmt: skip
        for kind in ("birth", "illness", "elderly", "death"):
            welfare_benefit_pay(
                fund=khlong_na, actor=staff, year=2565, kind=kind, amount=D(2000), paid_on=dt.date(2022, 6, 1)
            )
        welfare_year_save(fund=na_mueang, actor=staff, year=2565, members_18_59=50, contributions=D(1000))
    check()
    assert stored("24")["welfare"] == {"year": 2565, "funds": 2, "strong": 1, "closing": D(564500)}
    with commit():  # update of an older year moves the carried balance of a newer one
        welfare_year_save(fund=khlong_na, actor=staff, year=2566, members_18_59=100, contributions=D(36500))
        welfare_year_save(fund=khlong_na, actor=staff, year=2565, members_18_59=100, opening_balance=D(7),
                          contributions=D(36500), matching_local=D(20000), matching_national=D(20000))  # fmt: skip
    check()
    with commit():  # bulk update(): no signals, the queryset touches
        WelfareFundYear.objects.filter(fund=khlong_na, year=2566).update(contributions=D(0))
    check()
    with commit():  # delete (cascading benefits) and a queryset delete
        WelfareBenefit.objects.filter(fund_year__fund=khlong_na, kind="death").delete()
        WelfareFundYear.objects.filter(year=2566).delete()
    check()
    with commit():  # a body moved by save(), one moved by update(), bulk_create, bulk_update
        far.area = Area.objects.get(code="200101")
        far.save()
        Body.objects.filter(pk=na_mueang.pk).update(area=Area.objects.get(code="240105"))
        made = Body.objects.bulk_create(
            [Body(kind="community_org", name_th=f"กลุ่ม {i}", area=Area.objects.get(code="500105")) for i in range(3)]
        )
        for body in made:
            body.area = Area.objects.get(code="240101")
        Body.objects.bulk_update(made, ["area"])
    check()
    with commit():  # delete a body with its years
        WelfareFundYear.objects.filter(fund=far).delete()
        far.delete()
    check()
    with commit():  # the area tree: a new village, a local government given tambons
        tambon = Area.objects.get(code="240104")
        Area.objects.create(code="24010199", level="village", name_th="บ้านใหม่", parent=Area.objects.get(code="240101"))
        lg = LocalGovernment.objects.create(
            code="9999999", kind="sao", name_th="อบต.ทดลอง", province=Area.objects.get(code="20")
        )
        lg.tambons.add(tambon)
    check()
    with commit():
        lg.tambons.clear()
    check()


def test_the_registry_import_and_a_request_through_the_page_refresh_them(
    built: None, staff: Any, client: Any, tmp_path: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert registry_import(path=_xlsx(tmp_path, GOOD_ROWS), actor=staff).ok
    check()
    assert stored("240104")["bodies"] == {"n": 3}
    fund = Body.objects.get(registration_number="กสช.240104")
    client.force_login(staff)
    url = reverse("organizations:welfare_fund", args=[fund.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"y-year": "2565", "y-members_18_59": "100", "y-contributions": "36500"})
    assert response.status_code == 302
    check()  # refreshed before the response that wrote was returned
    html = client.get(reverse("areas:detail", args=["2401"])).content.decode()
    assert "36,500.00" in html


def test_a_read_inside_the_writing_transaction_sees_its_own_writes(built: None, staff: Any) -> None:
    """No commit here (the test's transaction never commits): the touched rows are dropped at the write,
    so the page computes them from the rows as they are — never the figures from before the write."""
    before = selectors.area_summary(Area.objects.get(code="2401")).bodies
    _fund("240104", "กองทุนคลองนา")
    assert selectors.area_summary(Area.objects.get(code="2401")).bodies == before + 1
    Body.objects.filter(area__code="240104").update(area=Area.objects.get(code="500105"))
    assert selectors.area_summary(Area.objects.get(code="2401")).bodies == before
    assert {r.area.code: r.body_count for r in selectors.area_children_with_counts(Area.objects.get(code="50"))}[
        "5001"
    ] == old_way("5001")["bodies"]["n"]


def test_a_restore_rebuilds_them_and_they_are_not_archived(built: None) -> None:
    assert AreaSummary not in backup_models()
    AreaSummary.objects.filter(code="24", source="tree").update(figures={"districts": -1})
    AreaSummary.objects.filter(code="2401").delete()
    data_restored.send(sender=None, using="default")
    check()


def test_rebuild_is_idempotent_and_missing_rows_are_computed_on_read(built: None) -> None:
    n = AreaSummary.objects.count()
    summaries.rebuild()
    assert AreaSummary.objects.count() == n == Area.objects.count() * len(summaries.SOURCES)
    AreaSummary.objects.all().delete()
    summary = selectors.area_summary(Area.objects.get(code="24"))
    assert summary.districts == old_way("24")["tree"]["districts"] and AreaSummary.objects.filter(code="24").exists()


def test_the_demo_leaves_them_equal_to_the_old_aggregates(shared_demo: Any) -> None:
    """The demo inserts in bulk and rebuilds them as its last data step."""
    codes = ["24", "2401", "240101", "240104", "20", "2001"]
    assert AreaSummary.objects.filter(code__in=codes).count() == len(codes) * len(summaries.SOURCES)
    check(codes)
    assert any(stored(c)["welfare"] for c in codes)


def test_their_own_writes_move_no_data_version_but_the_writes_they_follow_do() -> None:
    from chumchon.core.dataversion import written_app

    assert written_app('DELETE FROM "areas_areasummary" WHERE "code" = \'24\'') is None
    assert written_app('INSERT INTO "areas_areasummary" ("code", "source", "figures") VALUES (1, 2, 3)') is None
    assert written_app('UPDATE "organizations_welfarefundyear" SET "contributions" = 0') == "organizations"
    assert written_app('INSERT INTO "areas_area" ("code") VALUES (\'24\')') == "areas"
