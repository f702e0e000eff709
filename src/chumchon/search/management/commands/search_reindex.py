"""``chumchon search-reindex``: rebuild the Thai full-text search index from the data (idempotent)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from chumchon.search.models import DocKind
from chumchon.search.services import search_reindex


class Command(BaseCommand):
    help = "Rebuild the search index over organizations, plans, plan items and projects (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()

        def progress(kind: str, n: int) -> None:
            self.stdout.write(f"  {DocKind(kind).label}: {n:,}")

        counts = search_reindex(progress=progress)
        self.stdout.write(
            f"ทำดัชนีการค้นหาใหม่ {sum(counts.values()):,} รายการ / search index rebuilt: "
            f"{sum(counts.values()):,} documents in {time.monotonic() - started:.1f} s"
        )
