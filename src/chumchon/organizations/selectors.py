"""Reads of bodies: scoped lists, Thai word-segmented search, one body."""

from __future__ import annotations

from functools import lru_cache

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Length, Substr

from chumchon.accounts import permissions
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area
from chumchon.organizations.models import Body

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


def body_list(user: Viewer, *, kind: str = "", q: str = "") -> QuerySet[Body]:
    """Bodies the user may see, optionally of one kind and containing every word of ``q``."""
    qs = permissions.scoped_by_scope(_base(), user, Action.ORG_VIEW)
    if kind:
        qs = qs.filter(kind=kind)
    if q.strip():
        for token in search_tokens(q):
            qs = qs.filter(Q(name_th__icontains=token) | Q(name_en__icontains=token))
    return qs.order_by("name_th", "pk")


def bodies_at_area(area: Area, user: Viewer) -> QuerySet[Body]:
    """Bodies serving exactly this area (for its page), within the user's scope."""
    return body_list(user).filter(scope_kind="area", area=area)


def body_get(pk: int) -> Body | None:
    return _base().filter(pk=pk).first()


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
