"""``chumchon demo``: one command from a fresh checkout to a running system with realistic data.

Creates the data directory and the embedded SQLite database, loads the national area tree,
generates the demo for one CODI region (deterministic for a seed), prints who can sign in, then
serves. A second run finds the demo already made and just serves it (``--reset`` starts over).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from chumchon.core.demo import DEMO_SETUPS, DemoError, demo_report, generate_demo
from chumchon.core.models import Job, JobStatus
from chumchon.core.thai import display_width, format_table

__all__ = ["display_width", "format_table"]  # moved to core.thai; imported from here before

DEMO_JOB_KIND = "core.demo"  # the Job row that records a generated demo (and its credentials)


def sqlite_path() -> Path | None:
    database = settings.DATABASES["default"]
    if str(database["ENGINE"]).endswith("sqlite3"):
        return Path(str(database["NAME"]))
    return None


def existing_demo() -> Any:
    """The Job row recording an already generated demo, or None."""
    return Job.objects.filter(kind=DEMO_JOB_KIND, status=JobStatus.SUCCEEDED).order_by("-pk").first()


class Command(BaseCommand):
    help = "Set up the demo (areas + one CODI region of generated data) in the embedded SQLite database, then serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2565, help="Random seed of the generated data (default 2565)")
        parser.add_argument("--region", default="R5", help="CODI region to fill (R1..R5, default R5)")
        parser.add_argument("--reset", action="store_true", help="Delete the SQLite database first and start over")
        parser.add_argument("--no-serve", action="store_true", help="Prepare the demo and exit")
        parser.add_argument("--host", default="127.0.0.1", help="Address to serve on (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on (default 8000)")
        parser.add_argument("--workers", type=int, default=2, help="Web server processes (default 2)")
        parser.add_argument(
            "--force", action="store_true", help="Allow a non-SQLite database (the demo is meant for SQLite)"
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        db_file = sqlite_path()
        if db_file is None and not options["force"]:
            raise CommandError(
                "ระบบตัวอย่างใช้ฐานข้อมูล SQLite ในตัวเท่านั้น แต่ CHUMCHON_DATABASE_URL ชี้ไปยังฐานข้อมูลอื่น "
                "(PostgreSQL): ยกเลิกตัวแปรนั้น หรือใช้ --force ถ้าต้องการเขียนข้อมูลตัวอย่างลงฐานข้อมูลนั้นจริง ๆ / "
                "The demo is for the embedded SQLite database, but CHUMCHON_DATABASE_URL points to another "
                "database (PostgreSQL): unset it, or pass --force to write demo data into that database."
            )
        if options["reset"] and db_file is None:
            raise CommandError("--reset ลบได้เฉพาะฐานข้อมูล SQLite / --reset only deletes the embedded SQLite database")
        Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
        if options["reset"] and db_file is not None:
            connection.close()
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{db_file}{suffix}").unlink(missing_ok=True)
            self.stdout.write(f"ลบฐานข้อมูลเดิมแล้ว / deleted the old database: {db_file}")

        started = time.monotonic()
        total = len(DEMO_SETUPS) + 2
        self.stdout.write(f"1/{total} เตรียมฐานข้อมูล / preparing the database …")
        call_command("migrate", interactive=False, verbosity=0)

        # What the demo needs first, as the apps registered it (areas: the national area tree).
        for number, setup in enumerate(DEMO_SETUPS, start=2):
            self.stdout.write(f"{number}/{total} {setup.title} …")
            self.stdout.write(setup.run(not options["no_progress"]))

        demo = existing_demo()
        if demo is not None:
            self.stdout.write(
                f"{total}/{total} มีข้อมูลตัวอย่างอยู่แล้ว (seed {demo.params.get('seed')}, {demo.params.get('region')}) — "
                f"ใช้ --reset เพื่อสร้างใหม่ / the demo data already exists (seed {demo.params.get('seed')}, "
                f"{demo.params.get('region')}) — use --reset to generate it again"
            )
            result = demo.result
        else:
            self.stdout.write(
                f"{total}/{total} สร้างข้อมูลตัวอย่าง ภาค {options['region']} (seed {options['seed']}) / "
                f"generating the demo for region {options['region']} (seed {options['seed']}) …"
            )
            result = self._generate(seed=options["seed"], region=options["region"])
        self.stdout.write(
            f"เสร็จใน {time.monotonic() - started:.1f} วินาที / ready in {time.monotonic() - started:.1f} s\n"
        )
        self._print_report(result, host=options["host"], port=options["port"])

        if options["no_serve"]:
            return
        call_command("serve", host=options["host"], port=options["port"], workers=options["workers"], migrate=False)

    def _generate(self, *, seed: int, region: str) -> dict[str, Any]:
        with transaction.atomic():
            try:
                ctx = generate_demo(seed=seed, region_code=region)
            except DemoError as exc:
                raise CommandError(str(exc)) from exc
            result = ctx.result()
            now = timezone.now()
            Job.objects.create(
                kind=DEMO_JOB_KIND,
                params={"seed": seed, "region": region},
                status=JobStatus.SUCCEEDED,
                result=result,
                message=f"demo {region} seed {seed}",
                started_at=now,
                finished_at=now,
            )
        return result

    def _print_report(self, result: dict[str, Any], *, host: str, port: int) -> None:
        url = f"http://{host}:{port}"
        self.stdout.write(f"\nเข้าใช้ที่ / open: {url}\n")
        # What each app registered to show (accounts: the demo accounts and their passwords).
        self.stdout.write(demo_report(result), ending="")
