"""``chumchon restore PATH``: load a ``chumchon backup`` archive into this database (all or nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chumchon.core.backup import BackupError, backup_restore
from chumchon.core.jobs import command_progress


class Command(BaseCommand):
    help = "Restore a backup archive into an empty, migrated database (กู้คืนข้อมูลจากไฟล์สำรอง)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="An archive written by `chumchon backup`")
        parser.add_argument(
            "--force", action="store_true", help="Replace everything in a database that already holds data"
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["no_progress"] or options["verbosity"] == 0
        try:
            with command_progress("restore", quiet=quiet) as progress:
                report = backup_restore(options["path"], force=options["force"], progress=progress)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(report.rows.values())
        self.stdout.write(
            f"กู้คืนแล้ว {rows:,} แถว {report.files:,} ไฟล์ (สำรองเมื่อ {report.created_at}) / "
            f"restored {rows:,} rows and {report.files:,} files (backed up at {report.created_at})"
        )
