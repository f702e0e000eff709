"""Area lookup and area-page selectors: time per call, as a ratio to a plain code lookup.

    CHUMCHON_DATA_DIR=$(mktemp -d) .venv/bin/python bench/area_lookup.py [--repeat 200]

Migrates and loads the area tree into the configured database if it is empty; the demo
generators (villages, local governments, bodies for R5) run inside a rolled-back transaction.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from chumchon.areas import selectors  # noqa: E402
from chumchon.areas.models import Area, CodiRegion  # noqa: E402
from chumchon.areas.services import areas_load  # noqa: E402

QUERIES = [
    "240104",
    "ต.คลองนา",
    "ต.คลองนา อ.เมืองฉะเชิงเทรา",
    "ตำบลคลองนา อำเภอเมืองฉะเชิงเทรา จังหวัดฉะเชิงเทรา",
    "Khlong Na, Mueang Chachoengsao",
    "หนองบัว",
    "ฉะเชิง",
]


def timed(fn: Callable[[], object], repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not Area.objects.exists():
        areas_load()
    baseline = timed(lambda: Area.objects.filter(code="240104").first(), args.repeat)
    print(f"baseline Area.objects.filter(code=...).first(): {baseline * 1000:.3f} ms")
    for q in QUERIES:
        t = timed(lambda q=q: selectors.area_lookup(q), args.repeat)
        print(f"area_lookup({q!r}): {t * 1000:.3f} ms  ({t / baseline:.1f}x baseline)")
    province = Area.objects.get(code="24")
    for name, fn in (
        ("area_summary(24)", lambda: selectors.area_summary(province)),
        ("area_children_with_counts(24)", lambda: selectors.area_children_with_counts(province)),
        ("area_children_with_counts(nation)", lambda: selectors.area_children_with_counts(None)),
    ):
        t = timed(fn, max(1, args.repeat // 10))
        print(f"{name}: {t * 1000:.2f} ms  ({t / baseline:.1f}x baseline)")

    from chumchon.areas import demo as areas_demo
    from chumchon.core.demo import DemoContext
    from chumchon.organizations import demo as org_demo

    with transaction.atomic():
        ctx = DemoContext(seed=2565, region=CodiRegion.objects.get(code="R5"), rng=random.Random(2565))
        start = time.perf_counter()
        areas_demo.generate(ctx)
        middle = time.perf_counter()
        org_demo.generate(ctx)
        end = time.perf_counter()
        print(
            f"demo areas: {middle - start:.2f} s ({ctx.shared['villages_created']} villages, "
            f"{ctx.shared['local_governments_created']} local governments); "
            f"demo organizations: {end - middle:.2f} s ({ctx.shared['bodies_created']} bodies)"
        )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
