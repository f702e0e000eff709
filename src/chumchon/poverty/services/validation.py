"""Checks several poverty services share."""

from __future__ import annotations

from collections.abc import Iterable

from chumchon.areas.models import Area, AreaLevel
from chumchon.core.bilingual import bilingual as bi
from chumchon.poverty.error_codes import PovertyErrorCode
from chumchon.poverty.errors import PovertyError
from chumchon.poverty.models import DimensionCode


def require_tambon(area: Area) -> None:
    if area.level != AreaLevel.SUBDISTRICT:
        raise PovertyError(bi("ต้องเลือกตำบล", "Choose a subdistrict (tambon)"), code=PovertyErrorCode.NOT_TAMBON)


def clean_dimensions(values: Iterable[str]) -> list[str]:
    out = []
    for value in values:
        if value not in DimensionCode.values:
            raise PovertyError(
                bi(f"ไม่รู้จักมิติ {value!r}", f"Unknown dimension {value!r}"), code=PovertyErrorCode.BAD_DIMENSION
            )
        if value not in out:
            out.append(value)
    return [d for d in DimensionCode.values if d in out]
