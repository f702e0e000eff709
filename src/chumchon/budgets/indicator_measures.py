"""The measures budgets gives indicator formulas (``indicators.measures``): money per province."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from chumchon.budgets.models import FundBalance
from chumchon.indicators.measures import register_measure


def _balance(field: str):  # type: ignore[no-untyped-def]
    def measure(level: str, fiscal_year: int) -> dict[str, Decimal]:
        out: dict[str, Decimal] = defaultdict(Decimal)
        for code, amount in FundBalance.objects.filter(programme__fiscal_year=fiscal_year).values_list(
            "province_code", field
        ):
            out[code] += amount
        return dict(out)

    return measure


def register() -> None:
    register_measure(
        "budgets.allocated",
        "งบประมาณที่จัดสรรให้จังหวัด (บาท)",
        "Money allocated to the province (baht)",
        _balance("allocated"),
        levels=("province",),
        source="budgets",
    )
    register_measure(
        "budgets.committed",
        "งบประมาณที่ผูกพันแล้ว (บาท)",
        "Money committed (baht)",
        _balance("committed"),
        levels=("province",),
        source="budgets",
    )
