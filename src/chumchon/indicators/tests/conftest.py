"""Small fixtures for indicators' tests: users along one approval chain (tambon 240104 → province 24 →
its cluster → region R5) and a measure the test controls."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from chumchon.areas.models import Area
from chumchon.indicators import measures
from chumchon.poverty.tests.logbook_data import fast_passwords  # noqa: F401 (autouse fixture)

TAMBON = "240104"
OTHER_TAMBON = "240105"
PROVINCE = "24"
YEAR = 2570


@pytest.fixture
def chain(make_user: Any) -> dict[str, Any]:
    province = Area.objects.select_related("cluster", "codi_region").get(code=PROVINCE)
    return {
        "admin": make_user("national_admin", nation=True),
        "staff": make_user("codi_regional_staff", region=province.codi_region.code),
        "secretary": make_user("tambon_council_secretary", area=TAMBON),
        "other_secretary": make_user("tambon_council_secretary", area=OTHER_TAMBON),
        "pwg": make_user("provincial_working_group", area=PROVINCE),
        "cluster": make_user("cluster_working_group", cluster=province.cluster.code),
        "subcommittee": make_user("regional_subcommittee", region=province.codi_region.code),
        "cluster_unit": f"cluster:{province.cluster.code}",
        "region_unit": f"region:{province.codi_region.code}",
    }


@pytest.fixture
def test_measure() -> Iterator[dict[str, Decimal]]:
    """``test.funds``: a measure whose figures the test sets (per tambon)."""
    data: dict[str, Decimal] = {}
    measures.register_measure("test.funds", "กองทุนทดสอบ", "Test funds", lambda level, year: dict(data))
    measures.register_measure("test.base", "ฐานทดสอบ", "Test base", lambda level, year: {k: Decimal(10) for k in data})
    yield data
    measures.MEASURES.pop("test.funds", None)
    measures.MEASURES.pop("test.base", None)
