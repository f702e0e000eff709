"""``chumchon reports-due``: queue the scheduled reports that are due (run it daily from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "ทำรายงานที่ตั้งเวลาไว้และถึงกำหนด / queue the scheduled reports that are due (run daily)"

    def handle(self, *args: Any, **options: Any) -> None:
        from chumchon.reports.services import schedules_run_due

        jobs = schedules_run_due()
        self.stdout.write(f"{len(jobs)} report job(s) queued / เข้าคิว {len(jobs)} งาน")
