"""The demo is a registry core owns: apps register steps (in order), the region look-up, the user
maker and what is printed; core itself names no app."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from chumchon.core import demo

CORE = Path(demo.__file__).resolve().parent


def test_every_app_with_demo_data_registers_its_step_in_order() -> None:
    paths = [step.path for step in demo.DEMO_STEPS]
    assert paths == [
        "chumchon.areas.demo",
        "chumchon.organizations.demo",
        "chumchon.accounts.demo",
        "chumchon.organizations.demo:welfare",
        "chumchon.poverty.demo",
        "chumchon.capital.demo",
        "chumchon.relief.demo",
        "chumchon.budgets.demo",
        "chumchon.meetings.demo",
        "chumchon.plans.demo",
        "chumchon.plans.strategy.demo",
        "chumchon.projects.demo",
        "chumchon.projects.plan_items:demo_link",
        "chumchon.plans.governor.demo",
        "chumchon.assessment.demo",
        "chumchon.indicators.demo",
        "chumchon.reports.demo",
        "chumchon.search.demo",  # indexes everything the steps before it wrote
        "chumchon.areas.demo:rebuild_summaries",  # every area's kept figures, once all data is written
        "chumchon.accounts.demo:ensure_superuser",
    ]
    demo.register_demo_step("chumchon.areas.demo", order=10)  # idempotent
    assert [step.path for step in demo.DEMO_STEPS] == paths


def test_core_demo_names_no_app() -> None:
    for path in [CORE / "demo.py", CORE / "management" / "commands" / "demo.py"]:
        text = path.read_text(encoding="utf-8")
        for app in ("accounts", "areas", "organizations", "poverty", "budgets", "projects", "audit"):
            assert f"chumchon.{app}" not in text, (path.name, app)


@pytest.mark.django_db
def test_an_unknown_region_is_a_clear_error() -> None:
    with pytest.raises(demo.DemoError, match=r"unknown CODI region 'R9'.*R1"):
        demo.generate_demo(seed=1, region_code="R9")


@pytest.mark.django_db
def test_users_are_made_by_accounts_and_reported_with_their_passwords() -> None:
    from chumchon.areas.models import Area, CodiRegion

    ctx = demo.DemoContext(seed=1, region=CodiRegion.objects.get(code="R5"), rng=random.Random(1))
    assert [p.code for p in ctx.provinces] == list(
        Area.objects.filter(codi_region=ctx.region, level="province").order_by("code").values_list("code", flat=True)
    )
    assert all(t.code.startswith("24") and t.level == "subdistrict" for t in ctx.tambons("24"))
    user: Any = ctx.add_user("someone", "ทดสอบ / test", "tambon_council_member", area=Area.objects.get(code="240104"))
    assert user.check_password(demo.DEMO_PASSWORD) and user.roles.get().area.code == "240104"
    text = demo.demo_report(ctx.result())
    assert "บัญชีผู้ใช้ตัวอย่าง / demo accounts:" in text and "someone" in text and demo.DEMO_PASSWORD in text
    assert "createsuperuser" in demo.demo_report({"users": []})


def test_areas_registers_the_national_tree_as_the_first_stage() -> None:
    assert [setup.title for setup in demo.DEMO_SETUPS] == ["โหลดพื้นที่ทั้งประเทศ / loading the national area tree"]
