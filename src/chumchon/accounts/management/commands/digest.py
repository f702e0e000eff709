"""``chumchon digest``: e-mail each user what awaits them (run it once a day: docs/deploy.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from chumchon.accounts.digest import digest_send


class Command(BaseCommand):
    help = "ส่งอีเมลสรุปงานที่รอแต่ละคน (วันละครั้ง) / e-mail each user the daily digest of what awaits them"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--site-url", default=None, help="the address users open the system at (default: CHUMCHON_SITE_URL)"
        )
        parser.add_argument("--user", action="append", dest="usernames", help="only this user (repeatable)")

    def handle(self, *args: Any, **options: Any) -> None:
        result = digest_send(site_url=options["site_url"], usernames=options["usernames"])
        self.stdout.write(
            f"ส่งแล้ว {result.sent} ฉบับ / sent {result.sent}; "
            f"ไม่มีงานรอ / nothing waiting {result.skipped_empty}; "
            f"ปิดการรับ / opted out {result.skipped_opted_out}; "
            f"ไม่มีอีเมล / no address {result.skipped_no_address}"
        )
