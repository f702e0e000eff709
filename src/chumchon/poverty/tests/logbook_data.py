"""Small constructed survey data for H6's tests (targets, Logbook, import, closing the loop).

One indicator set with one household-level indicator per dimension (``h_health`` … ``h_access``) and
one person-level health indicator (``p_health``), equal weights, k = 1/3. Households are given as
``(household_id, tambon, failing dimension codes, verified on the welfare register)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import pyarrow as pa
import pytest

from chumchon.core.national_id import check_digit
from chumchon.poverty.models import Dimension, DimensionCode, Indicator, IndicatorSet, RoundStatus, SurveyRound

DIMS = tuple(DimensionCode.values)


def indicator_set() -> IndicatorSet:
    iset, created = IndicatorSet.objects.get_or_create(
        code="h6-test", defaults={"name_th": "ชุดทดสอบ", "year_from_be": 2565, "year_to_be": 2570}
    )
    if created:
        for order, code in enumerate(DIMS):
            dim = Dimension.objects.create(indicator_set=iset, code=code, weight_num=1, weight_den=5, order=order)
            Indicator.objects.create(
                indicator_set=iset,
                number=order + 1,
                code=f"h_{code}",
                name_th=f"ตัวชี้วัด {code}",
                level="household",
                dimension=dim,
            )
        Indicator.objects.create(
            indicator_set=iset,
            number=6,
            code="p_health",
            name_th="ตรวจสุขภาพประจำปี",
            level="person",
            dimension=Dimension.objects.get(indicator_set=iset, code="health"),
        )
    return iset


def survey_round(code: str, year_be: int, previous: SurveyRound | None = None) -> SurveyRound:
    return SurveyRound.objects.create(
        code=code, name=f"จปฐ. {year_be}", year_be=year_be, indicator_set=indicator_set(), previous=previous
    )


def national_id(n: int) -> str:
    first12 = f"1{n:011d}"
    return first12 + str(check_digit(first12))


HouseholdSpec = tuple[str, str, Iterable[str], bool]


def tables(households: Sequence[HouseholdSpec], *, born: dt.date = dt.date(1980, 1, 1)) -> tuple[pa.Table, pa.Table]:
    hh: dict[str, list[Any]] = {c: [] for c in ("household_id", "house_no", "village_code", "tambon_code", "members")}
    for d in DIMS:
        hh[f"h_{d}"] = []
    persons: dict[str, list[Any]] = {
        c: []
        for c in (
            "national_id",
            "household_id",
            "tambon_code",
            "name_th",
            "sex",
            "birth_date",
            "relation_to_head",
            "education",
            "occupation",
            "income_satang",
            "welfare_registered",
            "welfare_verified",
            "disabled",
            "chronically_ill",
            "bedridden",
            "p_health",
        )
    }
    for i, (hid, tambon, failing, verified) in enumerate(households):
        failing = set(failing)
        hh["household_id"].append(hid)
        hh["house_no"].append(f"{i + 1}/1")
        hh["village_code"].append(f"{tambon}01")
        hh["tambon_code"].append(tambon)
        hh["members"].append(1)
        for d in DIMS:
            hh[f"h_{d}"].append(0 if d in failing else 1)
        values = [
            national_id(1000 + i),
            hid,
            tambon,
            f"นาย ทดสอบ {i}",
            "M",
            born,
            "head",
            "primary",
            "farmer",
            3_000_000,
            True,
            verified,
            False,
            i % 3 == 0,
            False,
            1,
        ]
        for key, value in zip(persons, values, strict=True):
            persons[key].append(value)
    return pa.table(hh), pa.table(persons)


def load_round(survey_round_: SurveyRound, households: Sequence[HouseholdSpec], **kw: Any) -> SurveyRound:
    from chumchon.poverty import engine, store

    hh, persons = tables(households, **kw)
    store.write_round(survey_round_, hh, persons)
    engine.recompute_round(survey_round_)
    survey_round_.refresh_from_db()
    assert survey_round_.status == RoundStatus.READY
    return survey_round_


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    """Password hashing dominates these tests on a shared 2-core machine; MD5 is fine for test users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
