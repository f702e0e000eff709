"""Reads of bodies: scoped lists, Thai word-segmented search, one body."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Length, Substr

from chumchon.accounts import permissions
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area
from chumchon.audit.models import AuditAction, AuditEvent
from chumchon.audit.services import audit_record
from chumchon.core.national_id import format_national_id, mask_national_id
from chumchon.organizations.models import REGISTRY_KINDS, Body, BodyLeader, WelfareBenefit

Viewer = AbstractBaseUser | AnonymousUser


def _base() -> QuerySet[Body]:
    return Body.objects.select_related("area", "region", "cluster")


@lru_cache(maxsize=512)
def search_tokens(text: str) -> tuple[str, ...]:
    """Words of a query: Thai has no spaces, so PyThaiNLP's newmm segmenter cuts it into words
    ("กองทุนสวัสดิการ" → "กองทุน", "สวัสดิการ")."""
    from pythainlp.tokenize import word_tokenize

    words = word_tokenize(text.strip(), engine="newmm", keep_whitespace=False)
    return tuple(dict.fromkeys(w.strip().lower() for w in words if w.strip() and w.strip() not in {".", ",", "-"}))


# The registry's text search. Search (above organizations) registers its full-text index here
# (``register_body_text_search``): a function of (viewer, query) returning a subquery of the matching
# body ids among those the viewer may see, whole Thai words only ("ยา" does not find "โรงพยาบาล").
# Without it (search not installed) the list falls back to matching each word inside the names.
BodyTextSearch = Callable[[Viewer, str], QuerySet[Any]]
BODY_TEXT_SEARCH: list[BodyTextSearch] = []


def register_body_text_search(search: BodyTextSearch) -> None:
    BODY_TEXT_SEARCH[:] = [search]


def body_list(
    user: Viewer, *, kind: str = "", q: str = "", area_code: str = "", status: str = "", registry_only: bool = False
) -> QuerySet[Body]:
    """Bodies the user may see, optionally of one kind, status and area subtree (the body's area code
    starts with ``area_code``), holding every word of ``q`` (through search's full-text index); ``registry_only``: the registry's kinds."""
    qs = permissions.scoped_by_scope(_base(), user, Action.ORG_VIEW)
    if kind:
        qs = qs.filter(kind=kind)
    elif registry_only:
        qs = qs.filter(kind__in=REGISTRY_KINDS)
    if status:
        qs = qs.filter(status=status)
    if area_code:
        qs = qs.filter(scope_kind="area", area__code__startswith=area_code)
    if q.strip() and BODY_TEXT_SEARCH:
        qs = qs.filter(pk__in=BODY_TEXT_SEARCH[0](user, q))
    elif q.strip():
        for token in search_tokens(q):
            qs = qs.filter(Q(name_th__icontains=token) | Q(name_en__icontains=token))
    return qs.order_by("name_th", "pk")


def bodies_at_area(area: Area, user: Viewer) -> QuerySet[Body]:
    """Bodies serving exactly this area (for its page), within the user's scope. A user who may see the
    organisations of the area itself sees every body scoped to exactly it: no scope filter is built then
    (a region's staff would otherwise filter by ~1,000 code prefixes)."""
    if permissions.can(user, Action.ORG_VIEW, area):
        return _base().filter(scope_kind="area", area=area).order_by("name_th", "pk")
    return body_list(user).filter(scope_kind="area", area=area)


def body_get(pk: int) -> Body | None:
    return _base().select_related("member_of").filter(pk=pk).first()


def member_organisations(body: Body, user: Viewer) -> QuerySet[Body]:
    """The member community organisations of a community council that the user may see."""
    return permissions.scoped_by_scope(_base(), user, Action.ORG_VIEW).filter(member_of=body).order_by("name_th", "pk")


@dataclass(frozen=True)
class LeaderRow:
    leader: BodyLeader
    national_id: str  # masked unless the viewer holds PERSON_VIEW_ID over the body; "" when none recorded


def leaders_of(body: Body, viewer: Viewer, *, actor: Any = None) -> tuple[list[LeaderRow], bool]:
    """The body's leaders and contacts, national IDs masked unless the viewer may see them in clear
    (PERSON_VIEW_ID over the body); showing any in clear is recorded in the audit trail (PDPA).
    Returns the rows and whether IDs are shown in clear."""
    leaders = list(body.leaders.all())
    show = permissions.can(viewer, Action.PERSON_VIEW_ID, body)
    rows = [
        LeaderRow(
            x,
            "" if not x.national_id else format_national_id(x.national_id) if show else mask_national_id(x.national_id),
        )
        for x in leaders
    ]
    if show and any(x.national_id for x in leaders):
        codes = body.scope_codes
        audit_record(
            actor=actor if actor is not None else viewer,
            action=AuditAction.VIEW,
            model_label=Body._meta.label_lower,
            object_pk=str(body.pk),
            area_code=codes[0] if len(codes) == 1 else "",
            personal_data=True,
            note=f"leaders' national IDs shown ({sum(1 for x in leaders if x.national_id)})",
        )
    return rows, show


# Record types whose history shows on a body's page: the body itself and its leaders.
HISTORY_LABELS = (
    "organizations.body",
    "organizations.bodyleader",
    "organizations.welfarefundyear",
    "organizations.welfarebenefit",
)


def body_history(body: Body) -> QuerySet[AuditEvent]:
    """Every audited change of the body and of its leaders and welfare-fund figures, newest first.
    The caller has checked that the reader may edit the body (the history shows who changed what)."""
    leader_pks = [str(pk) for pk in BodyLeader.objects.filter(body=body).values_list("pk", flat=True)]
    year_pks = [str(pk) for pk in body.welfare_years.values_list("pk", flat=True)]
    benefit_pks = [str(pk) for pk in WelfareBenefit.objects.filter(fund_year__fund=body).values_list("pk", flat=True)]
    leader_notes = Q(model_label="organizations.bodyleader", note=f"body {body.pk}")
    return (
        AuditEvent.objects.select_related("actor")
        .filter(
            Q(model_label="organizations.body", object_pk=str(body.pk))
            | Q(model_label="organizations.bodyleader", object_pk__in=leader_pks)
            | leader_notes
            | Q(model_label="organizations.welfarefundyear", object_pk__in=year_pks)
            | Q(model_label="organizations.welfarebenefit", object_pk__in=benefit_pks)
        )
        .order_by("-at", "-id")
    )


class BodiesAtAreas:
    """Organizations' answer to ``areas.selectors.AreaBodies`` (registered in OrganizationsConfig.ready())."""

    def count_by_head(self, base_code: str, head_length: int) -> dict[str, int]:
        rows = (
            Body.objects.filter(scope_kind="area", area__code__startswith=base_code)
            .annotate(code_len=Length("area__code"))
            .filter(code_len__gte=head_length)
            .annotate(head=Substr("area__code", 1, head_length))
            .values("head")
            .annotate(n=Count("id"))
        )
        return {row["head"]: row["n"] for row in rows}

    def count_under(self, area_code: str) -> int:
        return Body.objects.filter(scope_kind="area", area__code__startswith=area_code).count()

    def at_area(self, area: Area, user: Viewer) -> QuerySet[Body]:
        return bodies_at_area(area, user)[:50]
