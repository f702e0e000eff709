"""What a resolution decides (มติเรื่องนี้ตัดสินอะไร): a registry of decision kinds the apps fill.

A resolution links to the records it decides through ``ResolutionLink`` (kind, object id). The kind
is registered by the app that owns the record — projects registers "project approval" and "project
rejection", budgets "allocation adoption"; meetings itself "term extension" and "delegation" — with
a function that names the records and links to their pages for a viewer (``None``: not visible to
that viewer). The resolution page lists them; the record's page shows the resolution (the owning app
asks ``resolutions_deciding``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from chumchon.meetings.models import Resolution, ResolutionLink

# For a viewer and some object ids: {id: (label, url)} of the records that viewer may see.
Describer = Callable[[Any, Sequence[int]], dict[int, tuple[str, str]]]


@dataclass(frozen=True)
class DecisionKind:
    key: str
    label: Any  # a lazy translation
    describe: Describer


DECISION_KINDS: dict[str, DecisionKind] = {}


def register_decision_kind(kind: DecisionKind) -> None:
    DECISION_KINDS[kind.key] = kind


@dataclass(frozen=True)
class Decision:
    kind: str
    kind_label: str
    label: str
    url: str


@transaction.atomic
def resolution_link_in_transaction(*, resolution: Resolution, kind: str, object_id: int) -> ResolutionLink:
    """Record that ``resolution`` decides record ``object_id`` of ``kind`` (idempotent)."""
    if kind not in DECISION_KINDS:
        raise ValueError(f"unknown decision kind {kind!r}")
    link, _ = ResolutionLink.objects.get_or_create(resolution=resolution, kind=kind, object_id=object_id)
    return link


def decisions_of(resolution: Resolution, viewer: Any) -> list[Decision]:
    """What ``resolution`` decided, as far as ``viewer`` may see it."""
    by_kind: dict[str, list[int]] = {}
    for link in resolution.links.order_by("kind", "object_id"):
        by_kind.setdefault(link.kind, []).append(link.object_id)
    out: list[Decision] = []
    for key, ids in by_kind.items():
        kind = DECISION_KINDS.get(key)
        if kind is None:
            continue
        for label, url in kind.describe(viewer, ids).values():
            out.append(Decision(key, str(kind.label), label, url))
    return out


def resolutions_deciding(kind: str, object_id: int) -> QuerySet[Resolution]:
    """The resolutions that decided one record (for the record's page)."""
    return Resolution.objects.filter(links__kind=kind, links__object_id=object_id).select_related("body", "meeting")
