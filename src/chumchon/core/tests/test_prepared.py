"""Statements built once per process (``core.prepared``): the same statement sent again, the rows counted anew."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from chumchon.core import prepared
from chumchon.core.models import Job, JobStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _forgotten() -> Any:
    prepared.forget()
    yield
    prepared.forget()


def _failed(kind: str = "tests.count") -> Job:
    return Job.objects.create(kind=kind, area_code="2401", status=JobStatus.FAILED)


def test_a_count_is_built_once_and_sees_every_write_at_once() -> None:
    builds = []

    def build() -> Any:
        builds.append(1)
        return Job.objects.filter(status=JobStatus.FAILED)

    _failed()
    with CaptureQueriesContext(connection) as first:
        assert prepared.count(("tests.failed",), build) == 1
    _failed()
    with CaptureQueriesContext(connection) as second:
        assert prepared.count(("tests.failed",), build) == 2  # the write is counted at once
    Job.objects.filter(status=JobStatus.FAILED).update(status=JobStatus.SUCCEEDED)
    assert prepared.count(("tests.failed",), build) == 0
    assert len(builds) == 1  # built (and compiled) the first time only
    assert [q["sql"] for q in second.captured_queries] == [q["sql"] for q in first.captured_queries]


def test_the_key_names_the_statement() -> None:
    _failed("a")
    _failed("b")
    _failed("b")

    def of(kind: str) -> int:
        return prepared.count(("tests.kind", kind), lambda: Job.objects.filter(kind=kind, status=JobStatus.FAILED))

    assert (of("a"), of("b"), of("c")) == (1, 2, 0)
    assert (of("a"), of("b"), of("c")) == (1, 2, 0)  # kept: each key its own statement and parameters


def test_a_full_store_drops_the_least_recently_used_not_the_hot_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    """The area pages keep one statement per area visited; the home pages' few, asked on every view, must stay."""
    monkeypatch.setattr(prepared, "MAX_KEPT", 3)
    builds: list[str] = []

    def counted(key: str) -> int:
        def build() -> Any:
            builds.append(key)
            return Job.objects.filter(kind=key)

        return prepared.count(("tests.lru", key), build)

    counted("hot")
    for n in range(10):  # many one-off keys, the hot one asked between each
        counted(f"area-{n}")
        counted("hot")
    assert builds.count("hot") == 1
    assert len(prepared._counts) == 3  # bounded
    counted("area-0")  # long since dropped: built again
    assert builds.count("area-0") == 2


def test_a_count_that_sends_no_statement_is_kept_as_its_answer() -> None:
    with CaptureQueriesContext(connection) as sent:
        assert prepared.count(("tests.none",), lambda: Job.objects.none()) == 0
        assert prepared.count(("tests.none",), lambda: Job.objects.none()) == 0
    assert sent.captured_queries == []


def test_several_counts_in_one_statement_built_once() -> None:
    builds = []

    def build() -> Any:
        builds.append(1)
        rows = Job.objects.filter(kind="tests.count")
        return rows, {
            "failed": Count("pk", filter=Q(status=JobStatus.FAILED)),
            "succeeded": Count("pk", filter=Q(status=JobStatus.SUCCEEDED)),
        }

    _failed()
    assert prepared.counts(("tests.by_status",), build) == {"failed": 1, "succeeded": 0}
    Job.objects.create(kind="tests.count", area_code="2401", status=JobStatus.SUCCEEDED)
    _failed()
    with CaptureQueriesContext(connection) as sent:
        assert prepared.counts(("tests.by_status",), build) == {"failed": 2, "succeeded": 1}
    assert len(sent.captured_queries) == 1 and len(builds) == 1


def test_rows_are_read_again_with_the_kept_statement() -> None:
    builds = []

    def build() -> Any:
        builds.append(1)
        return Job.objects.filter(status=JobStatus.FAILED).order_by("kind").values_list("kind", "area_code")

    _failed("a")
    assert prepared.rows(("tests.rows",), build) == [("a", "2401")]
    _failed("b")
    with CaptureQueriesContext(connection) as sent:
        assert prepared.rows(("tests.rows",), build) == [("a", "2401"), ("b", "2401")]
    assert len(sent.captured_queries) == 1 and len(builds) == 1


def test_rows_of_a_column_django_converts_are_not_kept() -> None:
    # A date-time column: the driver's value (text on SQLite) is not what Django returns, so every read goes
    # through Django and the rows are the same type every time.
    _failed()
    builds = []

    def build() -> Any:
        builds.append(1)
        return Job.objects.values_list("created_at")

    first = prepared.rows(("tests.dates",), build)
    second = prepared.rows(("tests.dates",), build)
    assert first == second and len(builds) == 2
    assert type(first[0][0]) is type(Job.objects.values_list("created_at", flat=True).first())


def _as_django_made_them(found: list[Any], expected: list[Any]) -> None:
    assert [type(j) for j in found] == [type(j) for j in expected]
    for got, want in zip(found, expected, strict=True):
        assert got.__dict__.keys() == want.__dict__.keys()
        for name, value in want.__dict__.items():
            if name != "_state":
                assert (name, type(getattr(got, name)), getattr(got, name)) == (name, type(value), value)
        assert (got._state.db, got._state.adding) == (want._state.db, want._state.adding)
        assert got.get_deferred_fields() == want.get_deferred_fields()


def test_objects_are_made_as_django_makes_them_and_read_anew() -> None:
    """Dates and JSON go through Django's converters; the instances are Django's own, with every write seen."""
    from django.utils import timezone

    job = _failed()
    Job.objects.filter(pk=job.pk).update(params={"a": [1, "ก"]}, started_at=timezone.now())
    builds = []

    def build() -> Any:
        builds.append(1)
        return Job.objects.filter(kind="tests.count").order_by("pk")

    first = prepared.objects(("tests.jobs",), build)
    with CaptureQueriesContext(connection) as kept:
        second = prepared.objects(("tests.jobs",), build)
    assert len(builds) == 1 and len(kept.captured_queries) == 1
    _as_django_made_them(first, list(build()))
    _as_django_made_them(second, list(build()))
    assert isinstance(second[0].started_at, type(timezone.now())) and second[0].params == {"a": [1, "ก"]}
    Job.objects.filter(pk=job.pk).update(params={"b": 2})
    _failed()
    third = prepared.objects(("tests.jobs",), build)
    assert [j.params for j in third] == [{"b": 2}, {}]


def test_objects_keep_deferred_fields_and_annotations() -> None:
    from django.db.models.functions import Length

    _failed()
    _failed("tests.longer kind")

    def build() -> Any:
        return Job.objects.only("id", "kind").annotate(length=Length("kind")).order_by("kind")

    prepared.objects(("tests.only",), build)
    found = prepared.objects(("tests.only",), build)
    _as_django_made_them(found, list(build()))
    assert [j.length for j in found] == [len("tests.count"), len("tests.longer kind")]


def test_objects_with_their_related_rows() -> None:
    """``select_related`` rows are made as Django makes them: the related instance, or None cached."""
    from chumchon.accounts.models import User

    user = User.objects.create(username="prepared-objects")
    Job.objects.create(kind="tests.a", created_by=user)
    Job.objects.create(kind="tests.b")

    def build() -> Any:
        return Job.objects.select_related("created_by").order_by("kind")

    prepared.objects(("tests.related",), build)
    with CaptureQueriesContext(connection) as kept:
        found = prepared.objects(("tests.related",), build)
    assert len(kept.captured_queries) == 1
    expected = list(build())
    _as_django_made_them(found, expected)
    assert Job.created_by.is_cached(found[1]) and found[1].created_by is None
    _as_django_made_them([found[0].created_by], [expected[0].created_by])


def test_prefetching_is_read_through_django_every_time() -> None:
    _failed()
    builds = []

    def build() -> Any:
        builds.append(1)
        return Job.objects.prefetch_related("created_by")

    for _ in range(2):
        _as_django_made_them(
            prepared.objects(("tests.prefetch",), build), list(Job.objects.prefetch_related("created_by"))
        )
    assert len(builds) == 2


def test_values_are_named_and_converted_as_django_does() -> None:
    from django.db.models import Max, Sum
    from django.utils import timezone

    _failed()
    Job.objects.create(kind="tests.count", status=JobStatus.SUCCEEDED, done=3, started_at=timezone.now())
    builds = []

    def build() -> Any:
        builds.append(1)
        return (
            Job.objects.values("status")
            .annotate(n=Count("id"), total=Sum("done"), started=Max("started_at"))
            .order_by("status")
        )

    prepared.values(("tests.values",), build)
    with CaptureQueriesContext(connection) as kept:
        found = prepared.values(("tests.values",), build)
    assert len(builds) == 1 and len(kept.captured_queries) == 1
    expected = list(build())
    assert found == expected
    assert [{k: type(v) for k, v in row.items()} for row in found] == [
        {k: type(v) for k, v in row.items()} for row in expected
    ]
    assert isinstance(found[1]["started"], type(timezone.now()))
    Job.objects.update(done=5)
    assert [row["total"] for row in prepared.values(("tests.values",), build)] == [5, 5]
