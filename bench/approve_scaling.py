"""The approval item's cost (the projects worklist's todo "approve"), as the national admin, at N x the proposals
awaiting a decision (screened): extra projects set to screened inside a transaction rolled back at the end."""

import sys, time, statistics

sys.path.insert(0, sys.argv[1])
import pages

pages.setup_django()
from django.db import transaction, connection
from django.test.utils import CaptureQueriesContext
from django.contrib.sessions.backends.db import SessionStore
from chumchon.accounts.models import User
from chumchon.accounts import permissions
from chumchon.projects import worklist
from chumchon.projects.models import Project, ProjectStatus as S

t = {x.label: x for x in pages.targets()}["home: national admin"]
uid = SessionStore(session_key=t.cookie.partition("=")[2])["_auth_user_id"]
factors = [int(f) for f in sys.argv[2:]] or [1, 10]
base_n = Project.objects.filter(status=S.SCREENED).count()


def item():
    user = User.objects.get(pk=uid)
    permissions.grants_for(user)
    start = time.process_time()
    n = worklist.todo_filter(Project.objects.all(), user, "approve").count()
    return (time.process_time() - start) * 1000, n


for f in factors:
    with transaction.atomic():
        extra = base_n * (f - 1)
        if extra:
            # every k-th running project (spread over the country), moved to the screened ones' programmes
            programmes = sorted(
                set(Project.objects.filter(status=S.SCREENED).values_list("programme_id", "is_housing"))
            )
            ids = list(Project.objects.filter(status=S.IN_PROGRESS).order_by("pk").values_list("pk", flat=True))
            chosen = ids[:: len(ids) // extra][:extra]
            for i, (programme_id, housing) in enumerate(programmes):
                Project.objects.filter(pk__in=chosen[i :: len(programmes)]).update(
                    status=S.SCREENED, programme_id=programme_id, is_housing=housing
                )
        for _ in range(3):
            item()
        ts = []
        for _ in range(30):
            ms, n = item()
            ts.append(ms)
        user = User.objects.get(pk=uid)
        permissions.grants_for(user)
        with CaptureQueriesContext(connection) as q:
            worklist.todo_filter(Project.objects.all(), user, "approve").count()
        print(
            f"x{f:<3} screened {Project.objects.filter(status=S.SCREENED).count():5}  approvable {n:5}  cpu p50 {statistics.median(ts):6.2f} ms  min {min(ts):6.2f}  statements {len(q.captured_queries)}"
        )
        transaction.set_rollback(True)
