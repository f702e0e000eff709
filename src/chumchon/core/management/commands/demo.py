"""``chumchon demo``: one command from a fresh checkout to a running system with realistic data.

Creates the data directory and the embedded SQLite database, loads the national area tree,
generates the demo for one CODI region (deterministic for a seed), prints who can sign in, then
serves. A second run finds the demo already made and just serves it (``--reset`` starts over).
"""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

DEMO_JOB_KIND = "core.demo"  # the Job row that records a generated demo (and its credentials)


def display_width(text: str) -> int:
    """Terminal columns of ``text``: Thai vowel and tone marks take none, wide characters two."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def format_table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table that lines up with Thai text in it."""
    widths = [max(display_width(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            str(c) + " " * (w - display_width(str(c))) for c, w in zip(cells, widths, strict=True)
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def sqlite_path() -> Path | None:
    database = settings.DATABASES["default"]
    if str(database["ENGINE"]).endswith("sqlite3"):
        return Path(str(database["NAME"]))
    return None


def existing_demo() -> Any:
    """The Job row recording an already generated demo, or None."""
    from chumchon.core.models import Job, JobStatus

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
        self.stdout.write("1/3 เตรียมฐานข้อมูล / preparing the database …")
        call_command("migrate", interactive=False, verbosity=0)

        self.stdout.write("2/3 โหลดพื้นที่ทั้งประเทศ / loading the national area tree …")
        self._load_areas(show_progress=not options["no_progress"])

        demo = existing_demo()
        if demo is not None:
            self.stdout.write(
                f"3/3 มีข้อมูลตัวอย่างอยู่แล้ว (seed {demo.params.get('seed')}, {demo.params.get('region')}) — "
                f"ใช้ --reset เพื่อสร้างใหม่ / the demo data already exists (seed {demo.params.get('seed')}, "
                f"{demo.params.get('region')}) — use --reset to generate it again"
            )
            users = demo.result.get("users", [])
        else:
            self.stdout.write(
                f"3/3 สร้างข้อมูลตัวอย่าง ภาค {options['region']} (seed {options['seed']}) / "
                f"generating the demo for region {options['region']} (seed {options['seed']}) …"
            )
            users = self._generate(seed=options["seed"], region=options["region"])
        self.stdout.write(
            f"เสร็จใน {time.monotonic() - started:.1f} วินาที / ready in {time.monotonic() - started:.1f} s\n"
        )
        self._print_credentials(users, host=options["host"], port=options["port"])

        if options["no_serve"]:
            return
        call_command("serve", host=options["host"], port=options["port"], workers=options["workers"], migrate=False)

    def _load_areas(self, *, show_progress: bool) -> None:
        from chumchon.areas.services import areas_load
        from chumchon.core.jobs import command_progress

        with command_progress("areas / พื้นที่", quiet=not show_progress) as progress:
            report = areas_load(progress=progress)
        self.stdout.write(
            f"   พื้นที่: เพิ่ม {sum(report.created.values())} แก้ไข {sum(report.updated.values())} / "
            f"areas: {sum(report.created.values())} created, {sum(report.updated.values())} updated"
        )

    def _generate(self, *, seed: int, region: str) -> list[dict[str, str]]:
        from django.db import transaction
        from django.utils import timezone

        from chumchon.accounts.models import Role, User
        from chumchon.areas.models import CodiRegion
        from chumchon.core.demo import generate_demo
        from chumchon.core.models import Job, JobStatus

        if not CodiRegion.objects.filter(code=region).exists():
            codes = ", ".join(CodiRegion.objects.values_list("code", flat=True))
            raise CommandError(f"ไม่รู้จักภาค {region!r} (มี {codes}) / unknown CODI region {region!r} (there are {codes})")
        with transaction.atomic():
            ctx = generate_demo(seed=seed, region_code=region)
            if not User.objects.filter(is_superuser=True).exists():
                # Someone must be able to open everything, including the admin.
                ctx.add_user(
                    "admin",
                    "ผู้ดูแลระบบระดับประเทศ (ทุกสิทธิ์) / national administrator (all rights)",
                    Role.NATIONAL_ADMIN,
                    scope_kind="nation",
                    is_superuser=True,
                )
            users = [{"username": u.username, "password": u.password, "description": u.description} for u in ctx.users]
            now = timezone.now()
            Job.objects.create(
                kind=DEMO_JOB_KIND,
                params={"seed": seed, "region": region},
                status=JobStatus.SUCCEEDED,
                result={"users": users},
                message=f"demo {region} seed {seed}",
                started_at=now,
                finished_at=now,
            )
        return users

    def _print_credentials(self, users: list[dict[str, str]], *, host: str, port: int) -> None:
        url = f"http://{host}:{port}"
        self.stdout.write(f"\nเข้าใช้ที่ / open: {url}\n")
        if not users:
            self.stdout.write(
                "ข้อมูลตัวอย่างยังไม่มีผู้ใช้: สร้างด้วย chumchon createsuperuser / "
                "the demo made no users yet: create one with chumchon createsuperuser\n"
            )
            return
        self.stdout.write("บัญชีผู้ใช้ตัวอย่าง / demo accounts:\n")
        headers = ["ชื่อผู้ใช้ / username", "รหัสผ่าน / password", "บทบาท / role"]
        rows = [[u["username"], u["password"], u["description"]] for u in users]
        self.stdout.write(format_table(headers, rows) + "\n")
