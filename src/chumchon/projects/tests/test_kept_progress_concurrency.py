"""Writers settling after their commits, concurrently with each other and with readers, on PostgreSQL: no
writer fails (no deadlock between a settle and a write), the readers write nothing and fail nothing, and once
the last writer has settled the kept values equal the computed ones."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from chumchon.projects import kept_progress, selectors
from chumchon.projects.models import Activity, KeptProgress, Project

from .conftest import World
from .test_kept_progress import computed, writes
from .test_tally import assert_same_rollups

pytestmark = [pytest.mark.postgres_only]

ROUNDS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_settle_and_readers_never_write(areas_loaded: None, world: World) -> None:
    # Funded: their kept values move the tally's row, which the writers' own updates lock too.
    parent = world.to_in_progress(world.project(amount="30000", activities=[("อบรม", 1), ("ดูงาน", 3)]), "700")
    children = [
        world.to_in_progress(world.project(amount="5000", parent=parent, title_th=f"ย่อย {i}"), "100") for i in range(3)
    ]
    for child in children:
        Activity.objects.bulk_create([Activity(project=child, name="งาน", weight=Decimal(1), progress_pct=Decimal(0))])
    kept_progress.settle()
    barrier = threading.Barrier(5)
    failures: list[BaseException] = []
    reader_writes: list[str] = []

    def write(child: Project, step: int) -> None:
        try:
            barrier.wait()
            for i in range(ROUNDS):
                # Each transaction moves a child's activity and the parent's activities: every settle after
                # its commit recomputes the parent, the rows the other writers' settles rewrite too.
                with transaction.atomic():
                    Project.objects.filter(pk=child.pk).update(progress_pct=Decimal(i))  # the tally's row
                    Activity.objects.filter(project=child).update(progress_pct=Decimal(step * 10 + i))
                    Activity.objects.filter(project=parent).update(progress_pct=Decimal(i * 5 + step))
        except BaseException as error:  # any failure, reported by the assertion below
            failures.append(error)
        finally:
            connection.close()

    def read() -> None:
        try:
            barrier.wait()
            for _ in range(ROUNDS):
                with CaptureQueriesContext(connection) as ctx:
                    rows = list(selectors.with_rolled_progress(Project.objects.all()))
                    selectors.page_progress(rows)
                    selectors.scope_rollup(world.staff)
                reader_writes.extend(writes(ctx))
        except BaseException as error:  # any failure, reported by the assertion below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(c, n)) for n, c in enumerate(children)]
    threads += [threading.Thread(target=read) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert reader_writes == []
    assert_same_rollups(world.staff)
    # A settle that gave up a lock wait leaves its marks: the readers compute them until the next settle.
    everything = list(Project.objects.all())
    assert selectors.page_progress(everything) == selectors.progress_map(everything)
    kept_progress.settle()
    assert dict(KeptProgress.objects.values_list("project_id", "rolled_pct")) == computed()
