"""core.kept: an answer kept between requests only while the data versions it names stay the same.

Transactional: the versions move only when a write commits."""

from __future__ import annotations

import time

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from chumchon.core import dataversion, kept, request_memo
from chumchon.core.models import Job

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fresh() -> None:
    kept.forget_local()
    dataversion.bump(["core", "areas"])  # the versions exist (a flushed database has none)


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> int:
        self.calls += 1
        return self.calls


def in_request(count: Counter, apps: tuple[str, ...] = ("core",)) -> int:
    """One request's answer (its own memo: the versions are read again, as each request's session read does)."""
    with request_memo.active():
        dataversion.request_versions()
        return kept.kept("test.answer", apps, count)


def test_kept_while_the_versions_stay_and_computed_again_after_a_committed_write() -> None:
    count = Counter()
    assert in_request(count) == 1
    assert in_request(count) == 1 and count.calls == 1
    Job.objects.create(kind="test")  # a committed write of core's tables moves core's version
    assert in_request(count) == 2
    assert in_request(count) == 2
    dataversion.bump(["areas"])  # another app's version: still kept
    assert in_request(count) == 2
    dataversion.bump([dataversion.EVERY])  # "*" (a schema change): every kept answer is recomputed
    assert in_request(count) == 3


def test_outside_a_request_it_is_computed_every_time() -> None:
    count = Counter()
    assert [kept.kept("test.answer", ("core",), count) for _ in range(3)] == [1, 2, 3]


def test_a_request_that_has_not_read_the_versions_computes_and_reads_no_version() -> None:
    count = Counter()
    assert in_request(count) == 1  # kept
    with request_memo.active(), CaptureQueriesContext(connection) as queries:  # no session read: no versions
        assert kept.kept("test.answer", ("core",), count) == 2
        assert kept.kept("test.answer", ("core",), count) == 3
    assert len(queries) == 0


def test_nothing_is_served_or_kept_while_the_transaction_holds_uncommitted_writes() -> None:
    count = Counter()
    assert in_request(count) == 1
    with request_memo.active(), transaction.atomic():
        dataversion.request_versions()
        Job.objects.create(kind="test")
        assert kept.kept("test.answer", ("core",), count) == 2  # not the kept 1
        assert kept.kept("test.answer", ("core",), count) == 3  # and 2 was not kept
        transaction.set_rollback(True)
    assert in_request(count) == 1  # rolled back: the versions never moved, the kept answer stands


def test_an_answer_whose_compute_writes_is_not_kept() -> None:
    def writes() -> int:
        Job.objects.create(kind="test")
        return Job.objects.count()

    with request_memo.active(), transaction.atomic():
        dataversion.request_versions()
        assert kept.kept("test.writes", ("core",), writes) == 1
        assert kept.kept("test.writes", ("core",), writes) == 2


def test_an_app_without_a_version_keeps_nothing() -> None:
    count = Counter()
    assert in_request(count, ("an_app_never_written",)) == 1
    assert in_request(count, ("an_app_never_written",)) == 2


def test_a_copy_older_than_the_bound_is_computed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    count = Counter()
    assert in_request(count) == 1
    later = time.monotonic() + kept.MAX_SECONDS + 1
    monkeypatch.setattr(kept.time, "monotonic", lambda: later)
    assert in_request(count) == 2


def test_the_versions_are_read_once_per_request_and_again_after_this_process_bumps() -> None:
    with request_memo.active():
        with CaptureQueriesContext(connection) as queries:
            first = dataversion.request_versions()
            assert dataversion.request_versions() is first
        assert len(queries) == 1
        dataversion.bump(["core"])
        assert dataversion.request_versions()["core"] != first["core"]
