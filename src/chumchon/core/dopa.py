"""DOPA code conventions (รหัสพื้นที่ กรมการปกครอง): codes are prefix-hierarchical.

Tambon 240101 lies in district 2401, which lies in province 24; "everything under X" is a prefix
match on one indexed column. This is a Thai convention, so it lives in core, where every layer
(the permission seam, the job list, the area tree) can use it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import CharField, Lookup, Q, TextField


class _PrefixesLookup(Lookup):
    """A lookup whose right-hand side is a set of code prefixes, written as one OR of per-prefix tests:
    the ORM builds one filter whatever the number of prefixes. Subclasses write one prefix's test."""

    prepare_rhs = False
    can_use_none_as_rhs = False

    def get_prep_lookup(self) -> Any:
        return tuple(sorted(str(p) for p in self.rhs))

    def get_db_prep_lookup(self, value: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", list(value)

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return _any_sql(self.prefix_sql(lhs, lhs_params, prefix, connection) for prefix in self.rhs)

    def prefix_sql(self, lhs: str, lhs_params: Sequence[Any], prefix: str, connection: Any) -> tuple[str, list[Any]]:
        raise NotImplementedError


class StartsWithAny(_PrefixesLookup):
    """``code__startswith_any=("10", "24")``: the value starts with one of the prefixes, as ONE lookup.

    A scope of a region is 13 province prefixes; as 13 ``startswith`` lookups the ORM builds 13 filters
    (and joins) for every scoped query of a page, which cost more than the queries themselves. One lookup
    builds once and writes the same test: on SQLite as code ranges (``"24" <= +code < "25"``: the same rows
    as ``LIKE '24%'`` in SQLite's binary order, tested without folding case; the unary ``+`` keeps the code
    index out, as it was out of the case-insensitive LIKE, so the planner still drives a query from its
    other, more selective condition — with the index in, a region's 13 ranges made SQLite read a project's
    sub-projects through thousands of areas instead of through ``parent_id``: 50 ms instead of 0),
    elsewhere as ``LIKE '24%'`` (PostgreSQL's ``varchar_pattern_ops`` indexes answer it, as they did
    ``startswith``). Callers never pass the empty prefix or no prefixes (``prefix_q`` handles both).
    """

    lookup_name = "startswith_any"

    def prefix_sql(self, lhs: str, lhs_params: Sequence[Any], prefix: str, connection: Any) -> tuple[str, list[Any]]:
        if connection.vendor == "sqlite":
            return f"(+{lhs} >= %s AND +{lhs} < %s)", [*lhs_params, prefix, *lhs_params, prefix_end(prefix)]
        like = f"{lhs}::text LIKE %s" if connection.vendor == "postgresql" else f"{lhs} LIKE %s"
        return like, [*lhs_params, connection.ops.prep_for_like_query(prefix) + "%"]


CharField.register_lookup(StartsWithAny)
TextField.register_lookup(StartsWithAny)


class InPrefixRanges(_PrefixesLookup):
    """``code__in_prefix_ranges=("10", "24")``: the value starts with one of the prefixes (digits), written
    as index ranges on every database — ``(code >= '10' AND code < '11') OR (code >= '24' AND code < '25')``,
    no upper bound after a prefix of nines — as ONE lookup (``prefix_range_q``; callers never pass the empty
    prefix or no prefixes). The same SQL as one ``gte``/``lt`` pair per prefix, built once instead of per
    prefix."""

    lookup_name = "in_prefix_ranges"

    def prefix_sql(self, lhs: str, lhs_params: Sequence[Any], prefix: str, connection: Any) -> tuple[str, list[Any]]:
        return _range_sql(lhs, lhs_params, prefix)


CharField.register_lookup(InPrefixRanges)
TextField.register_lookup(InPrefixRanges)


class HeadIn(_PrefixesLookup):
    """``code__head_in=("10", "24")``: the value starts with one of the prefixes, written as its head tested
    against a list, one list per prefix length — ``SUBSTR(code, 1, 2) IN ('10', '24')`` — as ONE lookup
    (``prefix_head_q``; callers never pass the empty prefix or no prefixes). For a test made row by row on a
    row already found (a project's area, by its primary key), where no index on the code is wanted: PostgreSQL
    answers a list of 9 or more constants from a hash, where ``InPrefixRanges``' region of 13 ranges is 26
    comparisons a row (a region's project list tests ~1,900 projects: ~1 ms of PostgreSQL's CPU)."""

    lookup_name = "head_in"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        by_length: dict[int, list[str]] = {}
        for prefix in self.rhs:
            by_length.setdefault(len(prefix), []).append(prefix)
        parts: list[str] = []
        params: list[Any] = []
        for length, heads in sorted(by_length.items()):
            parts.append(f"SUBSTR({lhs}, 1, {length}) IN ({', '.join(['%s'] * len(heads))})")
            params += [*lhs_params, *heads]
        if not parts:
            return "1 = 0", []
        return "(" + " OR ".join(parts) + ")", params


CharField.register_lookup(HeadIn)
TextField.register_lookup(HeadIn)


def _prefixes_q(prefixes: Iterable[str], field: str, lookup: str) -> Q:
    """``field``'s ``lookup`` over ``prefixes``: ``""`` among them is the whole nation (no filter), none at all
    match nothing."""
    prefixes = frozenset(prefixes)
    if "" in prefixes:
        return Q()
    if not prefixes:
        return Q(pk__in=[])
    return Q(**{f"{field}__{lookup}": tuple(sorted(prefixes))})


def prefix_head_q(prefixes: Iterable[str], field: str = "code") -> Q:
    """Rows whose ``field`` starts with any of ``prefixes``, as its head in a list (``HeadIn``): for a test
    made on each row of a walk, never to find rows through an index (``prefix_range_q`` does that). ``""``
    among the prefixes is every row; no prefixes match nothing."""
    return _prefixes_q(prefixes, field, "head_in")


def prefix_q(prefixes: Iterable[str], field: str = "code") -> Q:
    """A Q matching rows whose ``field`` starts with any of ``prefixes`` (one indexed filter).

    ``""`` among the prefixes is the whole nation (no filter); no prefixes at all match nothing.
    """
    return _prefixes_q(prefixes, field, "startswith_any")


def prefix_range_q(prefixes: Iterable[str], field: str = "code") -> Q:
    """Rows whose ``field`` starts with any of ``prefixes``, as ranges of the code (``"24" <= code < "25"``)
    that a B-tree index on ``field`` answers on every database — for reads where the code *is* the
    selective condition (a tambon's villages, one area's projects). ``prefix_q`` keeps the index out on
    SQLite instead, for scopes joined to a more selective condition. Why not ``startswith``: SQLite's LIKE is case-insensitive and so never uses an ordinary index
    (``startswith`` scans every row of the table, or of the index's earlier columns), nor does
    PostgreSQL's outside the C collation. Codes are digits, and so are the bounds (``"2409"`` →
    ``"2410"``; no upper bound after ``"99"``): digits sort in the same order in every collation.
    One lookup (``InPrefixRanges``) whatever the number of prefixes: a region's 13 provinces as 26
    ``gte``/``lt`` filters cost the ORM more to build than the database to answer.
    """
    return _prefixes_q(prefixes, field, "in_prefix_ranges")


def prefix_ranges_sql(column: str, prefixes: Iterable[str]) -> tuple[str, list[str]]:
    """``prefix_range_q``'s condition written out, for a statement written by hand: ``column`` (a quoted, qualified
    column) starts with one of ``prefixes`` (digits; not the empty prefix), as the same ranges
    ``InPrefixRanges`` writes (no prefixes: nothing matches)."""
    return _any_sql(_range_sql(column, [], prefix) for prefix in sorted(frozenset(prefixes)))


def _range_sql(lhs: str, lhs_params: Sequence[Any], prefix: str) -> tuple[str, list[Any]]:
    """``lhs`` starts with ``prefix`` (digits), as a range of the code an index answers."""
    after = _next_prefix(prefix)
    if after is None:
        return f"{lhs} >= %s", [*lhs_params, prefix]
    return f"({lhs} >= %s AND {lhs} < %s)", [*lhs_params, prefix, *lhs_params, after]


def _any_sql(tests: Iterable[tuple[str, list[Any]]]) -> tuple[str, list[Any]]:
    """One condition true when any of ``tests`` is (none: nothing matches)."""
    parts: list[str] = []
    params: list[Any] = []
    for sql, test_params in tests:
        parts.append(sql)
        params += test_params
    return ("(" + " OR ".join(parts) + ")", params) if parts else ("1 = 0", [])


def _next_prefix(prefix: str) -> str | None:
    """The least string of digits after every code starting with ``prefix`` (None: ``prefix`` is all nines,
    every code at or above it starts with it)."""
    stem = prefix.rstrip("9")
    if not stem:
        return None
    if not stem[-1].isdigit():
        return stem[:-1] + chr(ord(stem[-1]) + 1)
    return stem[:-1] + str(int(stem[-1]) + 1)


def prefix_end(prefix: str) -> str:
    """The least string above every string that starts with ``prefix`` ("24" -> "25", "249" -> "24:")."""
    head, last = prefix[:-1], ord(prefix[-1])
    if last >= 0x10FFFF:  # no character above it: everything above the shorter prefix
        return prefix_end(head) if head else chr(0x10FFFF) * 2
    return head + chr(last + 1)
