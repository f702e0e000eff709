"""``chumchon rebuild-area-summaries``: recompute every area's kept summary (idempotent)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from chumchon.areas import summaries


class Command(BaseCommand):
    help = "Recompute the area pages' kept figures of every area (areas.summaries): after bulk loads or raw SQL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", action="append", help="Only this source (tree, bodies, welfare …); repeatable")

    def handle(self, *args: Any, **options: Any) -> None:
        unknown = sorted(set(options["source"] or ()) - set(summaries.SOURCES))
        if unknown:
            self.stderr.write(f"ไม่รู้จัก / unknown source(s): {', '.join(unknown)}; known: {', '.join(summaries.SOURCES)}")
            raise SystemExit(2)
        start = time.perf_counter()
        written = summaries.rebuild(options["source"])
        for name, n in written.items():
            self.stdout.write(f"{name}: {n:,} แถว / rows")
        self.stdout.write(f"{time.perf_counter() - start:.1f} s")
