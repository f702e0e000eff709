"""DOPA code conventions (รหัสพื้นที่ กรมการปกครอง): codes are prefix-hierarchical.

Tambon 240101 lies in district 2401, which lies in province 24; "everything under X" is a prefix
match on one indexed column. This is a Thai convention, so it lives in core, where every layer
(the permission seam, the job list, the area tree) can use it.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
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
    ranges = connection.vendor == "sqlite"
    q = Q()
    for prefix in sorted(prefixes):
        if ranges:
            # SQLite's LIKE ignores case, so it never uses an index: "24" <= code < "25" (the same rows in
            # SQLite's binary order) is answered from the code index instead of testing every row.
            q |= Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix_end(prefix)})
        else:
            q |= Q(**{f"{field}__startswith": prefix})  # PostgreSQL: the varchar_pattern_ops indexes
    return q


def prefix_end(prefix: str) -> str:
    """The least string above every string that starts with ``prefix`` ("24" -> "25", "249" -> "24:")."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)
