"""Per-area summaries kept in the database (สรุปตัวเลขของพื้นที่): the area pages read a few small rows
instead of counting everything under the area on every view.

Each *source* computes some figures for a set of area codes (``compute(codes)``: ``codes`` ``None`` means
every area, set-based — a handful of queries whatever the number of areas) and owns its rows of
``AreaSummary`` (one per area and source). ``areas`` registers "tree" (districts, tambons, villages, local
governments); the apps above register theirs from their ``registrations.py`` (organizations: "bodies",
"welfare"; capital: "capital") — this module never imports them.

**Kept fresh after commit.** A write to the rows a source counts calls ``touch(source, codes)`` (the owning
app connects its models' ``post_save``/``post_delete`` to it, and its bulk paths call it): the codes and all
their ancestors are collected per transaction and recomputed in one ``transaction.on_commit`` callback,
set-based. Django runs the callbacks when the outermost ``atomic`` commits, in the thread that wrote, before
the view returns — so once the request that wrote has returned, every summary it touched is recomputed
from committed data. Between that commit and the callback (milliseconds), another request can still read
the figures from before the write: exactly what it would have read had it come a moment earlier.
Refreshes lock the rows they rewrite (``select_for_update``: PostgreSQL) and compute after taking the
lock, so of two concurrent refreshes the later one counts both writes.

**Missing rows are computed on read** (and stored): a new database, a new area or a new source needs
no step to be right, only to be fast. ``rebuild()`` (``chumchon rebuild-area-summaries``, the demo's last
step, and after a restore) recomputes every row of every source.

Writes that bypass both (raw SQL, a ``QuerySet.update()`` of counted columns outside the services) must
call ``touch`` or ``rebuild``; ``areas/tests/test_summaries.py`` checks every write path in the code.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, QuerySet

from chumchon.areas.models import Area, AreaSummary, LocalGovernment
from chumchon.core.dopa import prefix_range_q
from chumchon.core.request_memo import remembered

Figures = dict[str, Any]
# codes → figures per code (every code asked for present; ``None`` asks for every area with figures).
Compute = Callable[[Collection[str] | None], dict[str, Figures]]


@dataclass(frozen=True)
class Source:
    name: str
    compute: Compute
    empty: Figures  # the figures of an area with nothing under it


SOURCES: dict[str, Source] = {}


def register_summary_source(name: str, compute: Compute, *, empty: Figures) -> None:
    """An app's figures per area (from its ``registrations.py``); ``empty`` when nothing is counted."""
    SOURCES[name] = Source(name, compute, dict(empty))


def ancestors_and_self(code: str) -> list[str]:
    """``"24010101"`` → ``["24", "2401", "240101", "24010101"]`` (DOPA codes are prefix-hierarchical)."""
    return [code[:n] for n in range(2, len(code) + 1, 2)]


def roll_up(
    leaves: Iterable[tuple[str, Any]], wanted: Collection[str] | None, add: Callable[[Any, Any], Any], start: Any
) -> dict[str, Any]:
    """Fold each ``(area code, value)`` into the code and every ancestor of it (those in ``wanted``)."""
    out: dict[str, Any] = {}
    for code, value in leaves:
        for head in ancestors_and_self(code or ""):
            if wanted is None or head in wanted:
                out[head] = add(out.get(head, start), value)
    return out


def covering(codes: Collection[str]) -> list[str]:
    """The fewest prefixes covering ``codes`` (a code under another one asked for is dropped)."""
    chosen: list[str] = []
    for code in sorted(codes, key=lambda c: (len(c), c)):
        if not any(code.startswith(c) for c in chosen):
            chosen.append(code)
    return chosen


# --------------------------------------------------------------------------------------------- reading


def _memo_key(code: str) -> tuple[str, str]:
    return ("areas.summary", code)


def read(codes: Sequence[str], sources: Sequence[str] | None = None) -> dict[str, dict[str, Figures]]:
    """Every source's figures (or ``sources``') of each of ``codes``: one query, plus computing and storing
    the rows that are missing. Remembered for the request, so the area page's parts share one read."""
    wanted = [s for s in (sources or SOURCES) if s in SOURCES]
    codes = list(dict.fromkeys(codes))
    out: dict[str, dict[str, Figures]] = {c: {} for c in codes}
    if not codes or not wanted:
        return out
    query = AreaSummary.objects.filter(code__in=codes)
    if sources is not None:
        query = query.filter(source__in=wanted)
    for code, source, figures in query.values_list("code", "source", "figures"):
        if source in SOURCES:
            out[code][source] = figures
    for source in wanted:
        missing = [c for c in codes if source not in out[c]]
        if missing:
            for code, figures in _store(source, missing).items():
                out[code][source] = figures
    if sources is None:
        for code in codes:
            remembered(_memo_key(code), lambda code=code: out[code])  # type: ignore[misc]
    return out


def of(code: str) -> dict[str, Figures]:
    """Every source's figures of one area (from the request's read when the page already made it)."""
    return remembered(_memo_key(code), lambda: read([code])[code])


# --------------------------------------------------------------------------------------------- writing


def _store(source: str, codes: Collection[str] | None) -> dict[str, Figures]:
    """Compute ``source`` for ``codes`` (every area: ``None``) and write the rows; the figures by code."""
    src = SOURCES[source]
    with transaction.atomic():
        if codes is not None and connection.features.has_select_for_update:
            # Lock the rows first, then compute: a concurrent refresh of the same areas waits and counts both writes.
            list(
                AreaSummary.objects.select_for_update()
                .filter(source=source, code__in=list(codes))
                .order_by("code")  # one lock order for every refresh: no deadlock between two
                .values_list("pk")
            )
        computed = src.compute(codes)
        all_codes: Iterable[str] = codes if codes is not None else Area.objects.values_list("code", flat=True)
        result = {c: computed.get(c, src.empty) for c in all_codes}
        if codes is None:
            AreaSummary.objects.filter(source=source).delete()
        rows = [AreaSummary(code=c, source=source, figures=f) for c, f in result.items()]
        AreaSummary.objects.bulk_create(
            rows,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["code", "source"],
            update_fields=["figures"],
        )
    if codes is not None:
        _stored_again(source, result)
    return result


def refresh(source: str, codes: Iterable[str]) -> None:
    """Recompute ``source`` for ``codes`` and all their ancestors, now."""
    heads = {head for code in codes if code for head in ancestors_and_self(code)}
    if heads:
        _store(source, heads)


_PENDING_ATTR = "_chumchon_area_summaries_pending"


class _Pending:
    """One transaction's touched areas: ``refresh`` recomputes them after the commit; ``deleted`` are those
    whose rows this transaction has already dropped (and not stored again)."""

    def __init__(self) -> None:
        self.refresh: dict[str, set[str]] = {}
        self.deleted: dict[str, set[str]] = {}

    def flush(self) -> None:
        if getattr(connection, _PENDING_ATTR, None) is self:
            setattr(connection, _PENDING_ATTR, None)
        for name, heads in self.refresh.items():
            _store(name, heads)


def _pending() -> _Pending | None:
    """This transaction's pending set, if its callback is still waiting for the commit (a rolled-back
    transaction's callback is gone, and so is its set)."""
    state: _Pending | None = getattr(connection, _PENDING_ATTR, None)
    if state is None or not any(entry[1] == state.flush for entry in connection.run_on_commit):
        return None
    return state


def flush_pending() -> None:
    """Store now what this transaction has touched (a long job between batches; tests, whose transaction
    never commits); later touches gather for the commit again."""
    state = _pending()
    if state is not None:
        state.flush()


def touch(source: str, codes: Iterable[str]) -> None:
    """Rows under ``codes`` changed: drop ``source``'s rows of those areas and their ancestors now, in the
    writing transaction (a read before the commit — the transaction's own or, after the commit, anyone's —
    finds them missing and computes them from the rows as they are), and store them again once the
    transaction commits: one callback per transaction, set-based, however many rows were written. In
    autocommit the rows are recomputed at once."""
    heads = {head for code in codes if code for head in ancestors_and_self(code)}
    if not heads or source not in SOURCES:
        return
    if not connection.in_atomic_block:
        _store(source, heads)
        return
    state = _pending()
    if state is None:
        state = _Pending()
        setattr(connection, _PENDING_ATTR, state)
        transaction.on_commit(state.flush)
    state.refresh.setdefault(source, set()).update(heads)
    deleted = state.deleted.setdefault(source, set())
    new = heads - deleted
    if new:
        AreaSummary.objects.filter(source=source, code__in=sorted(new)).delete()
        deleted |= new


def _stored_again(source: str, codes: Collection[str]) -> None:
    """Rows stored inside a transaction that dropped them: the next touch must drop them again."""
    state = _pending() if connection.in_atomic_block else None
    if state is not None and source in state.deleted:
        state.deleted[source] -= set(codes)


class SummarisedQuerySet(QuerySet[Any]):
    """The queryset of a model whose rows a source counts: its bulk writes — ``update()``, ``bulk_create()``,
    ``bulk_update()``, which send no signals — touch the sources too, at the areas of the rows before and
    after (``Model.objects = SummarisedQuerySet.as_manager()`` with ``summary_sources`` and ``summary_code``,
    the path from the model to its area's code, set on a subclass). Deletes send ``post_delete``."""

    summary_sources: tuple[str, ...] = ()
    summary_code = "area__code"

    def _summary_codes(self, pks: Iterable[Any] | None = None) -> set[str]:
        base = self if pks is None else self.model._base_manager.all()
        codes: set[str] = set()
        ids = None if pks is None else list(pks)
        chunks: list[list[Any] | None] = [None] if ids is None else [ids[i : i + 500] for i in range(0, len(ids), 500)]
        for chunk in chunks:
            rows = base if chunk is None else base.filter(pk__in=chunk)
            codes.update(c for c in rows.order_by().values_list(self.summary_code, flat=True).distinct() if c)
        return codes

    def _summary_touch(self, codes: set[str]) -> None:
        for source in self.summary_sources:
            touch(source, codes)

    def update(self, **kwargs: Any) -> int:
        pks = list(self.order_by().values_list("pk", flat=True))
        before = self._summary_codes(pks)
        n = super().update(**kwargs)
        self._summary_touch(before | self._summary_codes(pks))
        return n

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        made = super().bulk_create(objs, *args, **kwargs)
        self._summary_touch(self._summary_codes([o.pk for o in made if o.pk is not None]))
        return made

    def bulk_update(self, objs: Iterable[Any], fields: Iterable[str], batch_size: int | None = None) -> int:
        objs = list(objs)
        pks = [o.pk for o in objs]
        before = self._summary_codes(pks)
        n = super().bulk_update(objs, fields, batch_size=batch_size)
        self._summary_touch(before | self._summary_codes(pks))
        return n


def rebuild(sources: Iterable[str] | None = None) -> dict[str, int]:
    """Recompute every row of every source (or ``sources``): idempotent; rows written per source."""
    return {name: len(_store(name, None)) for name in (sources or list(SOURCES))}


# --------------------------------------------------------------------------------------------- areas' own source

TREE_EMPTY: Figures = {"districts": 0, "subdistricts": 0, "villages": 0, "local_governments": 0}
_LEVEL_KEYS = {"district": "districts", "subdistrict": "subdistricts", "village": "villages"}


def tree_figures(codes: Collection[str] | None) -> dict[str, Figures]:
    """Areas under each code (the code itself included) by level, and the local governments covering
    a tambon under it or seated at it (a province's อบจ.) — ``area_summary``'s old aggregate, per code."""
    cover = None if codes is None else covering(codes)
    areas = Area.objects.all() if cover is None else Area.objects.filter(prefix_range_q(cover))
    out: dict[str, Figures] = {}
    for code, level in areas.order_by().values_list("code", "level").iterator(chunk_size=5000):
        key = _LEVEL_KEYS.get(level)
        if key is None:
            continue
        for head in ancestors_and_self(code):
            if codes is None or head in codes:
                figures = out.setdefault(head, dict(TREE_EMPTY))
                figures[key] += 1
    through = LocalGovernment.tambons.through
    links = through.objects.all() if cover is None else through.objects.filter(prefix_range_q(cover, "area__code"))
    governments: dict[str, set[int]] = {}
    for lg_id, tambon in links.order_by().values_list("localgovernment_id", "area__code").iterator(chunk_size=5000):
        for head in ancestors_and_self(tambon):
            if codes is None or head in codes:
                governments.setdefault(head, set()).add(lg_id)
    seats = LocalGovernment.objects.filter(province__isnull=False)
    if cover is not None:
        seats = seats.filter(Q(province__code__in=[c for c in cover if len(c) == 2]))
    for lg_id, province in seats.order_by().values_list("id", "province__code"):
        if codes is None or province in codes:
            governments.setdefault(province, set()).add(lg_id)
    for head, ids in governments.items():
        out.setdefault(head, dict(TREE_EMPTY))["local_governments"] = len(ids)
    return out


CHILD_KEY = {"province": "districts", "district": "subdistricts", "subdistrict": "villages"}
