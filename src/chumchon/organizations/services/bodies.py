"""Writes to bodies (องค์กร/คณะ): validation, permission check, audit.

Every write checks ``ORG_EDIT`` over the body's scope: for a new body, the scope it will have;
for a change, both the scope it has and the scope it will have (so a body cannot be moved out
of, or into, someone else's area).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action, require_write
from chumchon.areas.models import Area, CodiRegion, ProvincialCluster, ScopeKind
from chumchon.audit.services import audited_create, audited_update
from chumchon.organizations.models import Body, BodyStatus

# Fields a caller may set through body_create / body_update.
EDITABLE_FIELDS = frozenset(
    {
        "kind",
        "name_th",
        "name_en",
        "registration_number",
        "founded_on",
        "term_ends_on",
        "member_count",
        "is_active",
        "status",
        "registered_on",
        "member_of",
        "address",
        "phone",
        "email",
        "scope_kind",
        "area",
        "region",
        "cluster",
    }
)


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        names = ", ".join(sorted(unknown))
        raise ValidationError(f"แก้ไขช่องนี้ไม่ได้: {names} / These fields cannot be set: {names}")


def _sync_status(fields: dict[str, Any]) -> None:
    """``is_active`` follows the registry status (an active body is one whose status is "active")."""
    if "status" in fields:
        fields["is_active"] = fields["status"] == BodyStatus.ACTIVE
    elif "is_active" in fields:
        fields["status"] = BodyStatus.ACTIVE if fields["is_active"] else BodyStatus.DORMANT


def _normalise_scope(body: Body) -> None:
    """Keep only the scope target that matches ``scope_kind`` (a nation body has none)."""
    kind = ScopeKind(body.scope_kind)
    if kind != ScopeKind.AREA:
        body.area = None
    if kind != ScopeKind.REGION:
        body.region = None
    if kind != ScopeKind.CLUSTER:
        body.cluster = None


@transaction.atomic(durable=True)
def body_create(
    *,
    actor: User,
    kind: str,
    name_th: str,
    name_en: str = "",
    scope_kind: str,
    area: Area | None = None,
    region: CodiRegion | None = None,
    cluster: ProvincialCluster | None = None,
    **fields: Any,
) -> Body:
    """Register a body (องค์กร/คณะ) serving a scope; the actor needs ORG_EDIT over that scope."""
    return body_create_in_transaction(
        actor=actor, kind=kind, name_th=name_th, name_en=name_en, scope_kind=scope_kind, area=area,
        region=region, cluster=cluster, **fields,
    )  # fmt: skip


@transaction.atomic
def body_create_in_transaction(
    *,
    actor: User,
    kind: str,
    name_th: str,
    name_en: str = "",
    scope_kind: str,
    area: Area | None = None,
    region: CodiRegion | None = None,
    cluster: ProvincialCluster | None = None,
    **fields: Any,
) -> Body:
    """``body_create`` inside a caller's transaction (the registry import)."""
    _check_fields(fields)
    _sync_status(fields)
    body = Body(
        kind=kind,
        name_th=name_th.strip(),
        name_en=name_en.strip(),
        scope_kind=scope_kind,
        area=area,
        region=region,
        cluster=cluster,
        **fields,
    )
    _normalise_scope(body)
    body.full_clean()  # before the permission check: an incomplete scope must not look "national"
    require_write(actor, Action.ORG_EDIT, body)
    values = {f: getattr(body, f) for f in EDITABLE_FIELDS}
    return audited_create(Body, actor=actor, **values)


@transaction.atomic(durable=True)
def body_update(*, body: Body, actor: User, **changes: Any) -> Body:
    """Change a body; the actor needs ORG_EDIT over its current and its new scope."""
    return body_update_in_transaction(body=body, actor=actor, **changes)


@transaction.atomic
def body_update_in_transaction(*, body: Body, actor: User, **changes: Any) -> Body:
    """``body_update`` inside a caller's transaction (the registry import)."""
    _check_fields(changes)
    _sync_status(changes)
    require_write(actor, Action.ORG_EDIT, body)
    if {"scope_kind", "area", "region", "cluster"} & set(changes):
        probe = Body(
            **{f: changes.get(f, getattr(body, f)) for f in ("scope_kind", "area", "region", "cluster")},
            kind=changes.get("kind", body.kind),
            name_th=changes.get("name_th", body.name_th),
        )
        _normalise_scope(probe)
        probe.full_clean(validate_unique=False)
        require_write(actor, Action.ORG_EDIT, probe)
        changes.update({f: getattr(probe, f) for f in ("area", "region", "cluster")})
    return audited_update(body, actor=actor, **changes)
