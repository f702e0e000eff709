"""Every write to the search index.

The index is derived data: it follows the organisations, plans, plan items and projects that the
apps below write. ``registrations.py`` connects Django's ``post_save``/``post_delete`` signals of those
models to ``note_changed``/``note_deleted``, which collect the changed objects per transaction and
index them once, after the transaction commits (``transaction.on_commit``): a rolled-back write leaves
the index as it was, and a transaction that saves one plan item ten times segments it once.
``search_reindex`` rebuilds the whole index (idempotent) — after a bulk load that bypasses signals
(``bulk_create``, ``QuerySet.update``), after the demo, or from ``chumchon search-reindex``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction

from chumchon.organizations.models import Body
from chumchon.plans.models import Plan, PlanItem
from chumchon.projects.models import Project
from chumchon.search.models import DocKind, SearchDocument
from chumchon.search.scope import document_scope_words
from chumchon.search.words import clean, cut_text

log = logging.getLogger(__name__)

BATCH = 1000


@dataclass(frozen=True)
class Source:
    """How one indexed model becomes documents."""

    kind: DocKind
    model: type[models.Model]
    related: tuple[str, ...]
    document: Callable[[Any], SearchDocument]


def _scope(obj: Any) -> dict[str, Any]:
    return {
        "scope_kind": obj.scope_kind,
        "area_id": obj.area_id,
        "area_code": obj.area.code if obj.area_id else "",
        "region_id": obj.region_id,
        "cluster_id": obj.cluster_id,
    }


def _doc(
    kind: DocKind, pk: int, title: str, body: str, scope: dict[str, Any], plan_ref: int | None = None
) -> SearchDocument:
    title, body = clean(title)[:600], clean(body)
    title_cut, title_words = cut_text(title)
    body_cut, body_words = cut_text(body)
    scope["scope_words"] = document_scope_words(scope["scope_kind"], scope["area_code"])
    return SearchDocument(
        kind=kind,
        object_id=pk,
        plan_ref=plan_ref,
        title=title,
        body=body,
        title_words=title_words,
        body_words=body_words,
        title_cut=title_cut,
        body_cut=body_cut,
        **scope,
    )


def _lines(*parts: str) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def body_document(body: Body) -> SearchDocument:
    title = body.name_th if not body.name_en else f"{body.name_th} ({body.name_en})"
    return _doc(DocKind.BODY, body.pk, title, _lines(body.address), _scope(body))


def plan_document(plan: Plan) -> SearchDocument:
    return _doc(DocKind.PLAN, plan.pk, plan.title, "", _scope(plan), plan_ref=plan.pk)


def item_document(item: PlanItem) -> SearchDocument:
    body = _lines(item.problem, item.objective, item.target_group, item.activities, item.responsible_text)
    return _doc(DocKind.ITEM, item.pk, item.title, body, _scope(item.plan), plan_ref=item.plan_id)


def project_document(project: Project) -> SearchDocument:
    title = project.title_th if not project.title_en else f"{project.title_th} ({project.title_en})"
    scope = {
        "scope_kind": "area",
        "area_id": project.area_id,
        "area_code": project.area.code if project.area_id else "",
        "region_id": None,
        "cluster_id": None,
    }
    return _doc(DocKind.PROJECT, project.pk, title, _lines(project.objectives, project.target_groups), scope)


SOURCES: dict[str, Source] = {
    s.kind: s
    for s in (
        Source(DocKind.BODY, Body, ("area",), body_document),
        Source(DocKind.PLAN, Plan, ("area",), plan_document),
        Source(DocKind.ITEM, PlanItem, ("plan__area",), item_document),
        Source(DocKind.PROJECT, Project, ("area",), project_document),
    )
}
KIND_OF_MODEL: dict[type[models.Model], str] = {s.model: s.kind for s in SOURCES.values()}

_FIELDS = [
    "plan_ref",
    "title",
    "body",
    "title_words",
    "body_words",
    "title_cut",
    "body_cut",
    "scope_words",
    "scope_kind",
    "area_id",
    "area_code",
    "region_id",
    "cluster_id",
    "indexed_at",
]


def _write(kind: str, docs: list[SearchDocument], missing: Iterable[int] = ()) -> None:
    """Upsert ``docs`` of one kind and delete the documents of ``missing`` objects."""
    missing = list(missing)
    if missing:
        SearchDocument.objects.filter(kind=kind, object_id__in=missing).delete()
    if docs:  # one INSERT … ON CONFLICT (kind, object_id) DO UPDATE: safe when two writers index one object
        SearchDocument.objects.bulk_create(
            docs, batch_size=BATCH, update_conflicts=True, unique_fields=["kind", "object_id"], update_fields=_FIELDS
        )


def index_objects(kind: str, ids: Iterable[int]) -> int:
    """(Re)index the objects of ``kind`` with these ids; ids that no longer exist lose their document."""
    source = SOURCES[kind]
    ids = sorted(set(ids))
    done = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        objs = list(source.model._default_manager.select_related(*source.related).filter(pk__in=chunk))
        found = {o.pk for o in objs}
        _write(kind, [source.document(o) for o in objs], missing=[i for i in chunk if i not in found])
        done += len(objs)
    return done


# --- write-time indexing: changes collected per transaction, indexed after commit ----------------

_pending = threading.local()


def _pending_for(alias: str) -> dict[str, set[int]] | None:
    return getattr(_pending, alias, None)


def _note(kind: str, pk: int, using: str) -> None:
    """Remember the object and ask for a flush after commit. Every note asks (the first flush to run
    indexes everything noted and the others find nothing left), so a rolled-back transaction — whose
    callbacks Django drops — can never leave the pending set without a flush to come: what it noted is
    indexed by the next commit, from the rows as they then are (a missing row loses its document)."""
    pending = _pending_for(using)
    if pending is None:
        pending = {}
        setattr(_pending, using, pending)
    pending.setdefault(kind, set()).add(pk)
    transaction.on_commit(lambda: _flush(using), using=using)


def _flush(using: str) -> None:
    pending = _pending_for(using)
    if not pending:
        return
    setattr(_pending, using, {})
    try:
        with transaction.atomic(using=using):
            for kind, ids in pending.items():
                index_objects(kind, ids)
            if pending.get(DocKind.PLAN):
                follow_plan_scope(pending[DocKind.PLAN])
    except Exception:  # the data is committed; the index catches up at the next reindex
        log.exception("search: indexing after commit failed (run `chumchon search-reindex`)")


def note_changed(
    sender: type[models.Model], instance: Any, using: str = DEFAULT_DB_ALIAS, raw: bool = False, **_: Any
) -> None:
    """``post_save`` receiver: index ``instance`` after the transaction commits."""
    kind = KIND_OF_MODEL.get(sender)
    if kind is None or raw:  # raw: loading fixtures
        return
    _note(kind, instance.pk, using)


def note_deleted(sender: type[models.Model], instance: Any, using: str = DEFAULT_DB_ALIAS, **_: Any) -> None:
    """``post_delete`` receiver: drop ``instance``'s document after the transaction commits."""
    kind = KIND_OF_MODEL.get(sender)
    if kind is not None and instance.pk is not None:
        _note(kind, instance.pk, using)


_SCOPE_FIELDS = ("scope_kind", "area_id", "area_code", "region_id", "cluster_id", "scope_words")


def follow_plan_scope(plan_ids: Iterable[int]) -> int:
    """Give the plan items' documents their plan's scope as its document now has it (a plan moved to
    another area or level): the items' visibility follows their plan's without re-segmenting their text.
    Returns the number of item documents changed."""
    changed = 0
    for plan in SearchDocument.objects.filter(kind=DocKind.PLAN, object_id__in=list(plan_ids)).values(
        "object_id", *_SCOPE_FIELDS
    ):
        scope = {f: plan[f] for f in _SCOPE_FIELDS}
        items = SearchDocument.objects.filter(kind=DocKind.ITEM, plan_ref=plan["object_id"])
        changed += items.exclude(**scope).update(**scope)
    return changed


def area_recoded(area: Any) -> int:
    """Keep the copy of an area's code on its documents when the code changes (``post_save`` of Area)."""
    stale = SearchDocument.objects.filter(area_id=area.pk).exclude(area_code=area.code)
    tokens = document_scope_words("area", area.code)
    return stale.filter(scope_kind="area").update(area_code=area.code, scope_words=tokens) + stale.exclude(
        scope_kind="area"
    ).update(area_code=area.code)


def note_area_saved(sender: type[models.Model], instance: Any, raw: bool = False, **_: Any) -> None:
    if not raw:
        area_recoded(instance)


# --- the full rebuild -------------------------------------------------------------------------


def _ids(model: type[models.Model]) -> Iterator[int]:
    yield from model._default_manager.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=10_000)


@transaction.atomic
def search_reindex_in_transaction(*, progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Rebuild the index from the objects (idempotent: running it twice leaves the same documents).
    Returns the number of documents per kind. Nestable (the demo runs it inside its transaction)."""
    counts: dict[str, int] = {}
    for kind, source in SOURCES.items():
        ids = list(_ids(source.model))
        _drop_gone(kind, set(ids))
        counts[kind] = index_objects(kind, ids)
        if progress:
            progress(kind, counts[kind])
    # Whatever this transaction saved before is indexed now; nothing left to do after commit.
    for alias in connections:
        pending = _pending_for(alias)
        if pending:
            pending.clear()
    return counts


def _drop_gone(kind: str, ids: set[int]) -> None:
    gone = [pk for pk in SearchDocument.objects.filter(kind=kind).values_list("object_id", flat=True) if pk not in ids]
    for start in range(0, len(gone), BATCH):
        SearchDocument.objects.filter(kind=kind, object_id__in=gone[start : start + BATCH]).delete()


search_reindex = transaction.atomic(durable=True)(search_reindex_in_transaction)
