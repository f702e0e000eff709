"""``chumchon load-strategies``: load the strategy catalogues (idempotent; a changed file is a new version)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from chumchon.plans.strategy.services import catalogues_load


class Command(BaseCommand):
    help = "Load the strategy catalogues (National Strategy, master plans, NESDP 13, SDGs, BCG, CODI)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--dir", type=Path, default=None, help="a folder of catalogue files (default: the shipped ones)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        for scheme, what in catalogues_load(directory=options["dir"]).items():
            self.stdout.write(f"{scheme}: {what}")
