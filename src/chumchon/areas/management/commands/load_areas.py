"""``chumchon load-areas``: load the national area hierarchy (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chumchon.areas.services import AreaDataError, areas_load
from chumchon.core.jobs import command_progress


class Command(BaseCommand):
    help = "Load provinces, districts and subdistricts (geothai) and CODI regions and provincial clusters."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--clusters-file", type=Path, help="A provincial-clusters JSON file to use instead")
        parser.add_argument("--regions-file", type=Path, help="A CODI-regions JSON file to use instead")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with command_progress("areas", quiet=options["no_progress"]) as progress:
                report = areas_load(
                    progress=progress, clusters_file=options["clusters_file"], regions_file=options["regions_file"]
                )
        except (AreaDataError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"พื้นที่: เพิ่ม {sum(report.created.values())} แก้ไข {sum(report.updated.values())} / "
            f"areas: {sum(report.created.values())} created, {sum(report.updated.values())} updated"
        )
