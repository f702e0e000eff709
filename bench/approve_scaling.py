"""The approval item's cost — the worklist's "Proposals waiting for your decision" (``todo_filter(..., "approve")``
counted) as ``bench/pages.py``'s national administrator — at N times the proposals awaiting a decision (helper
admincpu). For N > 1, every k-th running project in the country is moved to the screened projects' programmes and
screened, inside a transaction rolled back at the end (the data set is left as it was).

    CHUMCHON_DATA_DIR=<national copy> .venv/bin/python bench/approve_scaling.py 1 10 100

Run a copy of this script beside another tree's ``bench/pages.py`` (with that tree's ``src`` on ``PYTHONPATH``) to
measure that tree's code: it calls only ``projects.worklist.todo_filter``. Prints CPU p50 and least of 30 warm
counts, the screened projects, the rows counted and the statements of one count.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pages


def main() -> None:
    pages.setup_django()
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from chumchon.accounts import permissions
    from chumchon.accounts.models import User
    from chumchon.projects import worklist
    from chumchon.projects.models import Project, ProjectStatus

    target = {t.label: t for t in pages.targets()}["home: national admin"]
    user_id = SessionStore(session_key=target.cookie.partition("=")[2])["_auth_user_id"]
    screened = Project.objects.filter(status=ProjectStatus.SCREENED)

    def fresh_user() -> User:  # as a request's: its grants read, its per-actor memo empty
        user = User.objects.get(pk=user_id)
        permissions.grants_for(user)
        return user

    def count() -> tuple[float, int]:
        user = fresh_user()
        start = time.process_time()
        n = worklist.todo_filter(Project.objects.all(), user, "approve").count()
        return (time.process_time() - start) * 1000, n

    base = screened.count()
    for factor in [int(a) for a in sys.argv[1:]] or [1, 10]:
        with transaction.atomic():
            extra = base * (factor - 1)
            if extra:
                programmes = sorted(set(screened.values_list("programme_id", "is_housing")))
                running = Project.objects.filter(status=ProjectStatus.IN_PROGRESS).order_by("pk")
                ids = list(running.values_list("pk", flat=True))
                chosen = ids[:: len(ids) // extra][:extra]
                for i, (programme_id, housing) in enumerate(programmes):
                    Project.objects.filter(pk__in=chosen[i :: len(programmes)]).update(
                        status=ProjectStatus.SCREENED, programme_id=programme_id, is_housing=housing
                    )
            for _ in range(3):
                count()
            cpu, n = [], 0
            for _ in range(30):
                ms, n = count()
                cpu.append(ms)
            user = fresh_user()
            with CaptureQueriesContext(connection) as queries:
                worklist.todo_filter(Project.objects.all(), user, "approve").count()
            print(
                f"x{factor:<4} screened {screened.count():6,}  counted {n:6,}  cpu p50 {statistics.median(cpu):6.2f} ms"
                f"  min {min(cpu):6.2f}  statements {len(queries.captured_queries)}"
            )
            transaction.set_rollback(True)


if __name__ == "__main__":
    main()
