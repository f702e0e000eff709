"""Backup and restore speed, against Django's own dumpdata/loaddata measured in the same run.

    .venv/bin/python bench/backup_restore.py [--rows 100000] [--database-url postgresql://…]

Builds a scratch database (the national area tree plus ``--rows`` audit events and a tenth as many
jobs), then times ``chumchon backup`` and ``chumchon restore --force`` and, as the baseline,
``dumpdata --format jsonl`` and ``flush`` + ``loaddata`` of the same rows. Prints rows per second
and the ratios. Without ``--database-url`` it uses SQLite in a temporary directory.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000, help="audit events to create (default 100000)")
    parser.add_argument("--database-url", default="", help="a scratch PostgreSQL database (emptied!)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="chumchon-bench-backup-"))
    os.environ["CHUMCHON_DATA_DIR"] = str(work)
    if args.database_url:
        os.environ["CHUMCHON_DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("CHUMCHON_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from chumchon.areas.services import areas_load
    from chumchon.audit.models import AuditEvent
    from chumchon.core.backup import backup_create, backup_restore
    from chumchon.core.models import Job

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    areas_load()
    AuditEvent.objects.bulk_create(
        (
            AuditEvent(
                action="update",
                model_label="areas.area",
                object_pk=str(i),
                area_code="240104",
                changes={"n": [i, i + 1]},
            )
            for i in range(args.rows)
        ),
        batch_size=5000,
    )
    Job.objects.bulk_create(
        (Job(kind="bench", status="succeeded", done=i, total=i, result={"i": i}) for i in range(args.rows // 10)),
        batch_size=5000,
    )
    print(f"database: {connection.vendor}; rows: {args.rows:,} audit events, {args.rows // 10:,} jobs, 8,441 areas")

    def timed(label: str, fn: object) -> float:
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        seconds = time.perf_counter() - start
        print(f"{label:<40} {seconds:7.2f} s")
        return seconds

    archive = work / "backup.zip"
    dump = work / "dump.jsonl"
    exclude = ["contenttypes", "auth.permission", "sessions"]
    base_out = timed(
        "baseline dumpdata --format jsonl",
        lambda: call_command(
            "dumpdata", format="jsonl", output=str(dump), exclude=exclude, use_natural_foreign_keys=True, verbosity=0
        ),
    )
    ours_out = timed("chumchon backup", lambda: backup_create(archive))

    def baseline_load() -> None:
        call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(dump), verbosity=0)

    base_in = timed("baseline flush + loaddata", baseline_load)
    ours_in = timed("chumchon restore --force", lambda: backup_restore(archive, force=True))
    assert AuditEvent.objects.count() == args.rows
    print(
        f"archive {archive.stat().st_size / 1e6:.1f} MB (zip); dumpdata file {dump.stat().st_size / 1e6:.1f} MB (plain)"
    )
    print(f"backup  / dumpdata time ratio: {ours_out / base_out:.2f}")
    print(f"restore / loaddata time ratio: {ours_in / base_in:.2f}")
    total = args.rows + args.rows // 10 + 8441
    print(f"backup {total / ours_out:,.0f} rows/s; restore {total / ours_in:,.0f} rows/s")
    if not args.database_url:
        import shutil

        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
