"""DOPA code conventions (รหัสพื้นที่ กรมการปกครอง): codes are prefix-hierarchical.

Tambon 240101 lies in district 2401, which lies in province 24; "everything under X" is a prefix
match on one indexed column. This is a Thai convention, so it lives in core, where every layer
(the permission seam, the job list, the area tree) can use it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q


def prefix_q(prefixes: Iterable[str], field: str = "code") -> Q:
    """A Q matching rows whose ``field`` starts with any of ``prefixes`` (one indexed filter).

    ``""`` among the prefixes is the whole nation (no filter); no prefixes at all match nothing.
    """
    prefixes = frozenset(prefixes)
    if "" in prefixes:
        return Q()
    if not prefixes:
        return Q(pk__in=[])
    q = Q()
    for prefix in sorted(prefixes):
        q |= Q(**{f"{field}__startswith": prefix})
    return q


def prefix_range_q(prefixes: Iterable[str], field: str = "code") -> Q:
    """``prefix_q`` as ranges of the code (``"24" <= code < "25"``), which a B-tree index on ``field``
    answers on every database: SQLite's LIKE is case-insensitive and so never uses an ordinary index
    (``startswith`` scans every row of the table, or of the index's earlier columns), nor does
    PostgreSQL's outside the C collation. Codes are digits, and so are the bounds (``"2409"`` →
    ``"2410"``; no upper bound after ``"99"``): digits sort in the same order in every collation.
    """
    prefixes = frozenset(prefixes)
    if "" in prefixes:
        return Q()
    q = Q(pk__in=[])
    for prefix in sorted(prefixes):
        after = _next_prefix(prefix)
        bounds = {f"{field}__gte": prefix} | ({f"{field}__lt": after} if after is not None else {})
        q |= Q(**bounds)
    return q


def _next_prefix(prefix: str) -> str | None:
    """The least string of digits after every code starting with ``prefix`` (None: ``prefix`` is all nines,
    every code at or above it starts with it)."""
    stem = prefix.rstrip("9")
    if not stem:
        return None
    if not stem[-1].isdigit():
        return stem[:-1] + chr(ord(stem[-1]) + 1)
    return stem[:-1] + str(int(stem[-1]) + 1)
