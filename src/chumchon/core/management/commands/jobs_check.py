"""``chumchon jobs-check``: fail the running jobs whose worker process on this machine has ended."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from chumchon.core.jobs import jobs_fail_orphaned


class Command(BaseCommand):
    help = "Fail running background jobs whose worker process on this machine has ended (run on each worker machine)."

    def handle(self, *args: Any, **options: Any) -> None:
        failed = jobs_fail_orphaned()
        self.stdout.write(
            f"งานที่ตัวประมวลผลหยุดไปแล้ว ถูกปิดเป็นล้มเหลว {failed:,} งาน / "
            f"{failed:,} job(s) whose worker had ended marked failed"
        )
