"""``prefix_range_q`` selects exactly the rows ``prefix_q`` does, as index ranges (issue 16 item 4)."""

from __future__ import annotations

import pytest

from chumchon.areas.models import Area, AreaLevel
from chumchon.core.dopa import prefix_head_q, prefix_q, prefix_range_q, prefix_ranges_sql

pytestmark = pytest.mark.django_db

CODES = ["10", "1001", "100101", "19", "1901", "190199", "20", "2001", "90", "9001", "99", "9901", "990101"]


def _areas() -> None:
    levels = {2: AreaLevel.PROVINCE, 4: AreaLevel.DISTRICT, 6: AreaLevel.SUBDISTRICT}
    present = set(Area.objects.filter(code__in=CODES).values_list("code", flat=True))
    Area.objects.bulk_create(
        [Area(code=c, level=levels[len(c)], name_th=f"พื้นที่ {c}") for c in CODES if c not in present]
    )


@pytest.mark.parametrize(
    "prefixes",
    [["10"], ["1001"], ["100101"], ["19"], ["1"], ["9"], ["99"], ["19", "20"], ["9", "10"], ["2", "99"], ["55"]],
)
def test_ranges_select_what_prefixes_select(prefixes: list[str]) -> None:
    _areas()
    expected = set(Area.objects.filter(prefix_q(prefixes)).values_list("code", flat=True))
    got = set(Area.objects.filter(prefix_range_q(prefixes)).values_list("code", flat=True))
    assert got == expected
    every = Area.objects.values_list("code", flat=True)
    assert got == {c for c in every if any(c.startswith(p) for p in prefixes)}
    assert {c for c in CODES if any(c.startswith(p) for p in prefixes)} <= got


@pytest.mark.parametrize("prefixes", [["10"], ["19", "20"], ["9", "10"], ["2", "99"], ["99"], ["55"], []])
def test_the_written_ranges_are_the_lookup_s(prefixes: list[str]) -> None:
    """``prefix_ranges_sql`` (for hand-written statements) writes the ranges ``prefix_range_q`` does: the same
    SQL and parameters, and so the same rows."""
    from django.db import connection

    _areas()
    column = f"{connection.ops.quote_name(Area._meta.db_table)}.{connection.ops.quote_name('code')}"
    condition, params = prefix_ranges_sql(column, prefixes)
    if prefixes:
        sql, lookup_params = Area.objects.filter(prefix_range_q(prefixes)).values("code").query.sql_with_params()
        assert condition in sql and list(lookup_params) == params
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM {connection.ops.quote_name(Area._meta.db_table)} WHERE {condition}", params
        )
        got = {code for (code,) in cursor.fetchall()}
    assert got == {c for c in Area.objects.values_list("code", flat=True) if any(c.startswith(p) for p in prefixes)}


def test_the_nation_and_nothing() -> None:
    _areas()
    assert Area.objects.filter(prefix_range_q(["", "24"])).count() == Area.objects.count()
    assert not Area.objects.filter(prefix_range_q([])).exists()


def test_ranges_go_through_the_code_index() -> None:
    """The range is answered by the code's index on both databases (on SQLite ``startswith``'s LIKE is not:
    it is case-insensitive). On PostgreSQL sequential scans are priced out for the question, so the plan
    shows whether an index *can* answer it, whatever the table's size."""
    from django.db import connection, transaction

    sql, params = Area.objects.filter(prefix_range_q(["24"])).values("code").query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "SEARCH" in plan and "code>" in plan.replace(" ", ""), plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = " ".join(str(row[0]) for row in cursor.fetchall())
            assert "Index" in plan and "Seq Scan" not in plan, plan


def test_one_lookup_whatever_the_number_of_prefixes() -> None:
    """A region's provinces are one filter for the ORM to build (not a ``gte``/``lt`` pair per prefix), and its
    SQL is the ranges, in code order, with no upper bound after a prefix of nines."""
    q = prefix_range_q(["24", "10", "99"], "area__code")
    assert len(q.children) == 1
    sql, params = Area.objects.filter(prefix_range_q(["24", "10", "99"])).values("code").query.sql_with_params()
    assert list(params) == ["10", "11", "24", "25", "99"]
    assert sql.count(">=") == 3 and sql.count(" < ") == 2 and " OR " in sql


@pytest.mark.parametrize(
    "prefixes",
    [["10"], ["1001"], ["100101"], ["19", "20"], ["9", "10"], ["2", "99", "1001"], ["55"], ["", "24"], []],
)
def test_heads_select_what_ranges_select(prefixes: list[str]) -> None:
    """``prefix_head_q`` (the code's head in a list, one list per prefix length) selects exactly the rows
    ``prefix_range_q`` does, mixed lengths, the nation and nothing included."""
    _areas()
    expected = set(Area.objects.filter(prefix_range_q(prefixes)).values_list("code", flat=True))
    got = set(Area.objects.filter(prefix_head_q(prefixes)).values_list("code", flat=True))
    assert got == expected
    assert got == {c for c in Area.objects.values_list("code", flat=True) if any(c.startswith(p) for p in prefixes)}


def test_heads_are_one_list_per_length() -> None:
    sql = str(Area.objects.filter(prefix_head_q(["24", "10", "1001"])).values("pk").query)
    assert sql.count("SUBSTR(") == 2 and " >= " not in sql
