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
