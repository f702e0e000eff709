"""The project list read while another process holds SQLite's write lock (a long import), with kept-progress
marks pending: prints the request's wall time, statements and the statements that wrote (a read path must not
write, so it must not wait). The data set is changed for the run (5 marks inserted, removed after).

Usage (SQLite national set, migrated; a copy):
    CHUMCHON_FRAGMENT_CACHE_SECONDS=0 CHUMCHON_DATA_DIR=<copy> .venv/bin/python bench/read_under_write_lock.py
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages

pages.setup_django()
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

target = next(t for t in pages.targets() if t.label == "project detail")
client = Client(HTTP_HOST="127.0.0.1")
name, _, value = target.cookie.partition("=")
client.cookies[name] = value
assert client.get("/projects/").status_code == 200  # session read, memos warm
db = str(settings.DATABASES["default"]["NAME"])
c = sqlite3.connect(db, isolation_level=None)
c.execute("INSERT INTO projects_progressmark (project_id) SELECT project_id FROM projects_keptprogress LIMIT 5")
holder = subprocess.Popen(
    [
        sys.executable,
        "-c",
        f"""
import sqlite3, time
c = sqlite3.connect({db!r}, isolation_level=None); c.execute('BEGIN IMMEDIATE')
c.execute('UPDATE projects_activity SET progress_pct = progress_pct WHERE id = (SELECT MIN(id) FROM projects_activity)')
print('held', flush=True); time.sleep(15); c.execute('ROLLBACK')""",
    ],
    stdout=subprocess.PIPE,
    text=True,
)
assert holder.stdout.readline().strip() == "held"
start = time.monotonic()
with CaptureQueriesContext(connection) as ctx:
    status = client.get("/projects/").status_code
wall = (time.monotonic() - start) * 1000
writes = [
    q["sql"][:60] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
]
marks = c.execute("SELECT COUNT(*) FROM projects_progressmark").fetchone()[0]
print(
    f"write lock held elsewhere, {marks} marks pending: /projects/ {status} in {wall:.0f} ms, {len(ctx.captured_queries)} statements, writes {writes}"
)
holder.wait()
c.execute("DELETE FROM projects_progressmark")
