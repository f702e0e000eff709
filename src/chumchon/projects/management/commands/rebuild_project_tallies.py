"""``chumchon rebuild-project-tallies``: recompute the projects' materialised tally and kept rolled-up progress
from the projects."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from chumchon.projects import kept_progress, tally


class Command(BaseCommand):
    help = "Recompute the project tally (counts and money per province, programme and status) from the projects."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        kept = kept_progress.rebuild()  # first: the tally's weights read the kept values
        rows = tally.rebuild()
        self.stdout.write(
            f"คำนวณตารางสรุปโครงการใหม่ {rows:,} แถว / project tally rebuilt: {rows:,} rows "
            f"({kept:,} kept rolled-up progress) in {time.monotonic() - started:.1f} s"
        )
