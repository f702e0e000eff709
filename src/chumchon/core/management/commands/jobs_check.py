"""``chumchon jobs-check``: fail the running jobs whose worker has ended (a process on this machine) or
has not been heard from for ``JOB_STALE_SECONDS`` (any machine)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from chumchon.core.jobs import jobs_fail_orphaned


class Command(BaseCommand):
    help = (
        "Fail running background jobs whose worker process on this machine has ended, or whose worker "
        "on any machine has not been heard from for CHUMCHON_JOB_STALE_SECONDS."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        failed = jobs_fail_orphaned()
        self.stdout.write(
            f"งานที่ตัวประมวลผลหยุดไปแล้วหรือขาดการติดต่อ ถูกปิดเป็นล้มเหลว {failed:,} งาน / "
            f"{failed:,} job(s) whose worker had ended or gone silent marked failed"
        )
