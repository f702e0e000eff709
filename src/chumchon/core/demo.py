"""The demo data set: one CODI region, generated deterministically from a seed.

Each app contributes a ``demo.py`` with ``generate(ctx: DemoContext) -> None``; ``DEMO_STEPS``
runs them in dependency order. Users made through ``ctx.add_user`` are printed with their
passwords at the end of ``chumchon demo``.
"""

from __future__ import annotations

import importlib
import random
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from chumchon.areas.models import Area, CodiRegion

DEMO_STEPS = [
    "chumchon.areas.demo",
    "chumchon.organizations.demo",
    "chumchon.accounts.demo",
    "chumchon.poverty.demo",
    "chumchon.budgets.demo",
    "chumchon.projects.demo",
]
DEMO_PASSWORD = "chumchon2565"


@dataclass
class DemoUser:
    username: str
    password: str
    description: str


@dataclass
class DemoContext:
    """What the demo steps share: the seed, the region, and the users made so far."""

    seed: int
    region: CodiRegion
    rng: random.Random
    users: list[DemoUser] = field(default_factory=list)
    shared: dict[str, Any] = field(default_factory=dict)  # steps pass objects to later steps here

    @property
    def provinces(self) -> list[Area]:
        return list(Area.objects.filter(codi_region=self.region, level="province").order_by("code"))

    def tambons(self, province_code: str | None = None) -> list[Area]:
        prefixes = [province_code] if province_code else [p.code for p in self.provinces]
        qs = Area.objects.filter(level="subdistrict")
        from chumchon.areas.selectors import prefix_q

        return list(qs.filter(prefix_q(tuple(prefixes))).order_by("code"))

    def add_user(
        self,
        username: str,
        description: str,
        role: str | None = None,
        *,
        password: str = DEMO_PASSWORD,
        first_name: str = "",
        last_name: str = "",
        scope_kind: str = "area",
        area: Area | None = None,
        region: CodiRegion | None = None,
        cluster: Any = None,
        body: Any = None,
        is_superuser: bool = False,
    ) -> Any:
        from chumchon.accounts.models import RoleAssignment, User

        user, _ = User.objects.get_or_create(
            username=username, defaults={"first_name": first_name, "last_name": last_name}
        )
        user.set_password(password)
        user.is_staff = user.is_staff or is_superuser
        user.is_superuser = is_superuser
        user.save()
        if role:
            RoleAssignment.objects.get_or_create(
                user=user, role=role, scope_kind=scope_kind, area=area, region=region, cluster=cluster, body=body
            )
        self.users.append(DemoUser(username, password, description))
        return user


def generate_demo(*, seed: int = 2565, region_code: str = "R5") -> DemoContext:
    """Run every demo step in one transaction (a failed step leaves no half-made demo)."""
    region = CodiRegion.objects.get(code=region_code)
    ctx = DemoContext(seed=seed, region=region, rng=random.Random(seed))
    with transaction.atomic():
        for module_name in DEMO_STEPS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name == module_name:
                    continue  # that app has no demo data yet
                raise
            module.generate(ctx)
    return ctx
