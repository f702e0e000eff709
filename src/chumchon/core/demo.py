"""The demo data set: one CODI region, generated deterministically from a seed.

Core runs the demo but knows no app: each app registers its step from its ``AppConfig.ready()``
with ``register_demo_step("chumchon.<app>.demo", order=…)`` (a module with ``generate(ctx)``, or
``"module:function"``), and the steps run in ``order``. ``register_demo_setup`` adds a stage that
``chumchon demo`` runs first (areas loads the national tree). Three more hooks are registered by the apps
that own them: how a region code becomes the region (areas), how ``ctx.add_user`` makes a user with
a role (accounts), and what ``chumchon demo`` prints after the demo is made (accounts: the table
of demo accounts and passwords).
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from chumchon.core.dopa import prefix_q
from chumchon.core.thai import fiscal_year

DEMO_PASSWORD = "chumchon2565"


class DemoError(ValueError):
    """The demo cannot be made as asked (e.g. an unknown region); the message is bilingual."""


@dataclass(frozen=True)
class DemoStep:
    order: int
    path: str  # ""chumchon.<app>.demo" (its generate) or "chumchon.<app>.demo:function"

    def run(self, ctx: DemoContext) -> None:
        module_name, _, function = self.path.partition(":")
        module = importlib.import_module(module_name)
        getattr(module, function or "generate")(ctx)


@dataclass(frozen=True)
class DemoSetup:
    """Something the demo needs before its steps run (areas: the national area tree), shown as a
    numbered stage of ``chumchon demo``; ``run(show_progress)`` returns the line(s) to print."""

    order: int
    title: str
    run: Callable[[bool], str]


DEMO_STEPS: list[DemoStep] = []
DEMO_SETUPS: list[DemoSetup] = []
DemoReport = Callable[[dict[str, Any]], str]
DEMO_REPORTS: list[DemoReport] = []
_region_lookup: Callable[[str], Any] | None = None
_user_maker: Callable[..., Any] | None = None


def register_demo_step(path: str, *, order: int) -> None:
    """Run ``path`` (a demo module, or ``"module:function"``) at ``order`` (lower first). Idempotent."""
    if any(step.path == path for step in DEMO_STEPS):
        return
    DEMO_STEPS.append(DemoStep(order, path))
    DEMO_STEPS.sort(key=lambda step: (step.order, step.path))


def register_demo_setup(title: str, run: Callable[[bool], str], *, order: int) -> None:
    """Run ``run`` as a stage of ``chumchon demo`` before the demo is generated (lower order first)."""
    if any(setup.title == title for setup in DEMO_SETUPS):
        return
    DEMO_SETUPS.append(DemoSetup(order, title, run))
    DEMO_SETUPS.sort(key=lambda setup: setup.order)


def register_demo_region_lookup(lookup: Callable[[str], Any]) -> None:
    """``lookup(code)`` returns the region to fill, or raises ``DemoError`` (areas registers it)."""
    global _region_lookup
    _region_lookup = lookup


def register_demo_user_maker(maker: Callable[..., Any]) -> None:
    """``maker(ctx, username, description, role=None, **options)`` makes a demo user (accounts registers it)."""
    global _user_maker
    _user_maker = maker


def register_demo_report(report: DemoReport) -> None:
    """``report(result)`` returns text that ``chumchon demo`` prints (from the demo's recorded result)."""
    if report not in DEMO_REPORTS:
        DEMO_REPORTS.append(report)


@dataclass
class DemoUser:
    username: str
    password: str
    description: str


@dataclass
class DemoContext:
    """What the demo steps share: the seed, the region, "today", and the users made so far.

    ``today`` anchors the demo in the present: fiscal years run up to the current one and the
    current year's timelines end before it, so the same seed and date give the same demo.
    """

    seed: int
    region: Any  # an areas.CodiRegion
    rng: random.Random
    users: list[DemoUser] = field(default_factory=list)
    shared: dict[str, Any] = field(default_factory=dict)  # steps pass objects to later steps here
    today: dt.date = field(default_factory=timezone.localdate)

    @property
    def fiscal_year(self) -> int:
        """The current fiscal year (B.E.) of the demo's today: December 2026 → 2570."""
        return fiscal_year(self.today)

    @property
    def provinces(self) -> list[Any]:
        """The region's provinces (areas.Area rows), by code."""
        return list(self.region.provinces.filter(level="province").order_by("code"))

    def tambons(self, province_code: str | None = None) -> list[Any]:
        """The subdistricts of one province of the region, or of all of them, by code."""
        prefixes = [province_code] if province_code else [p.code for p in self.provinces]
        areas = self.region.provinces.model._default_manager  # the Area model, reached without importing areas
        return list(areas.filter(level="subdistrict").filter(prefix_q(tuple(prefixes))).order_by("code"))

    def add_user(self, username: str, description: str, role: str | None = None, **options: Any) -> Any:
        """A demo user with ``role`` (and scope, body, names… as keyword options), listed in ``users``."""
        if _user_maker is None:
            raise DemoError("ไม่มีแอปที่สร้างผู้ใช้ตัวอย่าง / no app makes demo users (accounts is not installed)")
        return _user_maker(self, username, description, role, **options)

    def result(self) -> dict[str, Any]:
        """What is recorded with the demo and given to the reports: the users who can sign in."""
        return {
            "users": [
                {"username": u.username, "password": u.password, "description": u.description} for u in self.users
            ]
        }


def demo_region(code: str) -> Any:
    if _region_lookup is None:
        raise DemoError("ไม่มีแอปที่รู้จักภาค / no app knows the CODI regions (areas is not installed)")
    return _region_lookup(code)


def generate_demo(*, seed: int = 2565, region_code: str = "R5", today: dt.date | None = None) -> DemoContext:
    """Run every registered demo step in one transaction (a failed step leaves no half-made demo).

    ``today`` (default: the local date) is the day the demo is made for: deterministic per seed and date.
    """
    region = demo_region(region_code)
    ctx = DemoContext(seed=seed, region=region, rng=random.Random(seed), today=today or timezone.localdate())
    with transaction.atomic():
        for step in list(DEMO_STEPS):
            step.run(ctx)
    return ctx


def demo_report(result: dict[str, Any]) -> str:
    """The text every registered report makes of a demo's recorded result, in registration order."""
    return "".join(report(result) for report in DEMO_REPORTS)
