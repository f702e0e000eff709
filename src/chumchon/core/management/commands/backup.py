"""``chumchon backup PATH``: the whole database and data files in one zip archive (see core/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chumchon.core.backup import BackupError, backup_create
from chumchon.core.jobs import command_progress


class Command(BaseCommand):
    help = "Back up every table and the survey/media files to a zip archive (สำรองข้อมูลทั้งระบบ)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The archive to write, e.g. chumchon-2026-01-31.zip")
        parser.add_argument("--force", action="store_true", help="Replace the archive if it exists")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["no_progress"] or options["verbosity"] == 0
        try:
            with command_progress("backup", quiet=quiet) as progress:
                report = backup_create(options["path"], overwrite=options["force"], progress=progress)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(report.rows.values())
        self.stdout.write(
            f"สำรองข้อมูลแล้ว {rows:,} แถว {report.files:,} ไฟล์ ไปที่ {report.path} / "
            f"backed up {rows:,} rows and {report.files:,} files to {report.path}"
        )
