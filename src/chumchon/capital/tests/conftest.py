"""Small fixtures for capital's tests: a tambon with two villages, a survey round of a few households."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from chumchon.areas.models import Area, AreaLevel
from chumchon.poverty.models import SurveyRound
from chumchon.poverty.tests import logbook_data
from chumchon.poverty.tests.logbook_data import fast_passwords  # noqa: F401 (autouse fixture)

TAMBON = "240104"  # ต.คลองนา, อ.เมืองฉะเชิงเทรา
OTHER_TAMBON = "240105"
FAR_TAMBON = "500105"  # Chiang Mai: another province, another region
DATE = dt.date(2024, 6, 1)


@pytest.fixture
def villages(db: Any) -> list[Area]:
    tambon = Area.objects.get(code=TAMBON)
    made = []
    for n in (1, 2):
        area, _ = Area.objects.get_or_create(
            code=f"{TAMBON}0{n}",
            defaults={
                "level": AreaLevel.VILLAGE,
                "parent": tambon,
                "name_th": f"บ้านทดสอบ {n}",
                "name_en": f"Ban Test {n}",
            },
        )
        made.append(area)
    return made


def load(
    code: str, year_be: int, households: list[tuple[str, str, list[str], bool]], previous: SurveyRound | None = None
) -> SurveyRound:
    return logbook_data.load_round(logbook_data.survey_round(code, year_be, previous), households)


@pytest.fixture
def round_2565(settings: Any, tmp_path: Any) -> SurveyRound:
    """Three households in ต.คลองนา: two deprived in income (67 %), one in health (33 %); one elsewhere."""
    settings.SURVEY_STORE = tmp_path / "store"
    return load(
        "cap-2565",
        2565,
        [
            ("H1", TAMBON, ["income"], True),
            ("H2", TAMBON, ["income", "health"], False),
            ("H3", TAMBON, [], True),
            ("H4", OTHER_TAMBON, ["education"], True),
        ],
    )
