"""Which provinces a budget scope ("nation", "region" R5, "cluster" C08, "province" 24) stands for."""

from __future__ import annotations

from chumchon.areas.models import Area


def scope_province_codes(scope_kind: str, scope_code: str) -> tuple[str, ...]:
    qs = Area.objects.filter(level="province")
    if scope_kind == "nation":
        pass
    elif scope_kind == "region":
        qs = qs.filter(codi_region__code=scope_code)
    elif scope_kind == "cluster":
        qs = qs.filter(cluster__code=scope_code)
    elif scope_kind == "province":
        qs = qs.filter(code=scope_code)
    else:
        return ()
    return tuple(qs.order_by("code").values_list("code", flat=True))
