"""Synthetic survey rounds: realistic households and persons with correlated deprivations.

Each household has a latent poverty factor z (a tambon effect plus a household effect, N(0,1)
overall). z drives income, housing, education, health-care indicators and the chance of being on
the state-welfare-card register, so deprivations cluster in the same households the way real ones
do. Household sizes are 1 + Poisson(1.77) (≈ 2.8 members: 36 M persons / 13 M households), ages
follow a Thai-like pyramid (≈ 20 % aged 60+), and disability, chronic illness and bed-ridden rates
rise with age. National IDs are valid (check digit) and unique within a run; names come from
short Thai lists.

Everything is vectorised with numpy and written one district at a time (bounded memory), so the
national size (13 M households, 36 M persons) is a few minutes' work. Seeded: the same seed and
inputs give the same files.
"""

from __future__ import annotations

import datetime
import re
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from chumchon.core.jobs import Progress, SilentProgress
from chumchon.poverty import store

MALE_FIRST = ["สมชาย", "สมศักดิ์", "วิชัย", "ประเสริฐ", "สุชาติ", "บุญมี", "ทองดี", "สมบัติ", "อนุชา", "ธนากร", "กิตติ", "ณัฐพล"]
FEMALE_FIRST = ["สมหญิง", "มาลี", "สุนีย์", "บุญเรือน", "ทองใบ", "อรุณี", "พรทิพย์", "วันเพ็ญ", "สุภาพร", "กาญจนา", "ปราณี", "ศิริพร"]
SURNAMES = ["ใจดี", "สุขสบาย", "ทองคำ", "ศรีสุข", "บุญมา", "แก้วมณี", "พรหมมา", "สายทอง", "จันทร์เพ็ญ", "มีสุข", "รักไทย", "ดีงาม"]
EDUCATION = ["none", "primary", "lower_secondary", "upper_secondary", "vocational", "bachelor", "higher"]
OCCUPATION = ["farmer", "employee", "trader", "labourer", "civil_servant", "student", "none"]
RELATIONS = ["head", "spouse", "child", "parent", "grandchild", "relative", "other"]


@dataclass(frozen=True)
class GenIndicator:
    code: str
    level: str
    measured: bool
    eligibility: str
    threshold_baht: int | None  # income indicator: pass iff income per person per year ≥ this


def indicators_for(survey_round: Any) -> list[GenIndicator]:
    out = []
    for ind in survey_round.indicator_set.indicators.order_by("number"):
        threshold = None
        if ind.threshold_value is not None and "baht/person/year" in ind.threshold_unit:
            threshold = int(ind.threshold_value)
        out.append(GenIndicator(ind.code, ind.level, ind.dimension_id is not None, ind.eligibility, threshold))
    return out


def _age_range(eligibility: str) -> tuple[int, int] | None:
    """Ages an indicator assesses, from its eligibility text ("ages 15–59", "ages 60+", "newborns")."""
    text = eligibility.lower()
    if m := re.search(r"ages?\s*(\d+)\s*[–-]\s*(\d+)", text):
        return int(m.group(1)), int(m.group(2))
    if m := re.search(r"ages?\s*(\d+)\s*\+", text):
        return int(m.group(1)), 200
    if "newborn" in text or "infant" in text:
        return 0, 0
    if "m.3" in text:
        return 15, 16
    return None


def _check_digits(first12: np.ndarray) -> np.ndarray:
    total = np.zeros(first12.shape, dtype=np.int64)
    rest = first12.copy()
    for pos in range(12, 0, -1):  # last digit has weight 2, first has weight 13
        total += (rest % 10) * (14 - pos)
        rest //= 10
    return (11 - total % 11) % 10


def national_ids(start: int, count: int) -> pa.Array:
    """``count`` valid, distinct 13-digit IDs for person numbers ``start ... start+count-1``.

    A bijection i ↦ (a·i + b) mod 10^11 (a coprime to 10) spreads the numbers; the first digit is 1
    (Thai nationals born after 1984) and the last is the check digit.
    """
    i = np.arange(start, start + count, dtype=np.int64)
    body = (i * 7_919_993 + 12_345_678) % 10**11
    first12 = 10**11 + body
    full = first12 * 10 + _check_digits(first12)
    return pc.cast(pa.array(full), pa.string())


def _lpad(values: np.ndarray, width: int) -> pa.Array:
    return pc.utf8_lpad(pc.cast(pa.array(values), pa.string()), width=width, padding="0")


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def generate_district(
    *,
    rng: np.random.Generator,
    tambons: Sequence[str],
    households_per_tambon: Mapping[str, int],
    indicators: Sequence[GenIndicator],
    reference_date: datetime.date,
    person_start: int,
    villages_per_tambon: int = 10,
    params: Mapping[str, tuple[float, float]] | None = None,
) -> tuple[pa.Table, pa.Table]:
    """Households and persons of some tambons (one district), conformed to the store schema."""
    counts = np.array([households_per_tambon[t] for t in tambons], dtype=np.int64)
    n_h = int(counts.sum())
    t_idx = np.repeat(np.arange(len(tambons)), counts)
    tambon_arr = pa.array(np.asarray(tambons, dtype=object)[t_idx], pa.string())
    # Household sequence within tambon → village (1..V) and number within village.
    # Villages are contiguous blocks of each tambon's households, so rows come out in store order.
    seq = np.arange(n_h) - np.repeat(np.cumsum(counts) - counts, counts)
    cnt = counts[t_idx]
    v = villages_per_tambon
    village_no = 1 + (seq * v) // cnt
    number = seq - ((village_no - 1) * cnt + v - 1) // v + 1
    village_code = pc.binary_join_element_wise(tambon_arr, _lpad(village_no, 2), "")
    household_id = pc.binary_join_element_wise(village_code, _lpad(number, 5), "")
    house_no = pc.binary_join_element_wise(
        pc.cast(pa.array(number), pa.string()),
        pc.cast(pa.array(rng.integers(1, 30, n_h)), pa.string()),
        "/",
    )
    # Latent poverty: tambon effect (sd 0.5) + household effect (sd ≈ 0.87) → sd 1.
    z = rng.normal(0, 0.5, len(tambons))[t_idx] + rng.normal(0, 0.866, n_h)
    members = np.minimum(1 + rng.poisson(1.77, n_h), 12).astype(np.int16)
    n_p = int(members.sum())
    hh_of = np.repeat(np.arange(n_h), members)
    rank = np.arange(n_p) - np.repeat(np.cumsum(members) - members, members)  # 0 = head
    zp = z[hh_of]
    # Ages: heads 25–85; others from a pyramid (children 0–14 17 %, 15–59 62 %, 60+ 21 %).
    u = rng.random(n_p)
    other_age = np.select(
        [u < 0.17, u < 0.79], [rng.integers(0, 15, n_p), rng.integers(15, 60, n_p)], rng.integers(60, 95, n_p)
    )
    age = np.where(rank == 0, rng.integers(25, 86, n_p), other_age)
    days_extra = rng.integers(0, 365, n_p)
    ref_ord = reference_date.toordinal()
    birth_ord = ref_ord - np.round(age * 365.2425).astype(np.int64) - days_extra
    epoch = datetime.date(1970, 1, 1).toordinal()
    birth_date = pa.array((birth_ord - epoch).astype(np.int32), pa.date32())
    # Ages at the reference date, exactly as the engine counts them (birth date on or before cutoff).
    sex_male = rng.random(n_p) < 0.49
    elderly = age >= 60
    disabled = rng.random(n_p) < np.where(elderly, 0.07, 0.015) * np.exp(0.25 * zp)
    chronic = rng.random(n_p) < np.where(elderly, 0.35, 0.06) * np.exp(0.2 * zp)
    bedridden = rng.random(n_p) < np.where(elderly, 0.02, 0.001)
    working = (age >= 15) & (age < 60)
    # Median ≈ 150,000 baht a year per earner; the poorest households fall under the จปฐ. threshold.
    log_income = rng.normal(11.9 - 0.6 * zp, 0.5)
    income_baht = np.where(working, np.exp(log_income), np.where(elderly, np.exp(log_income - 1.0), 0.0))
    income_baht = np.where(rng.random(n_p) < np.where(working, 0.05 + 0.05 * (zp > 1), 0.4), 0.0, income_baht)
    income_satang = np.round(income_baht * 100).astype(np.int64)
    hh_income_satang = np.bincount(hh_of, weights=income_satang, minlength=n_h)
    per_person_baht = hh_income_satang / 100.0 / members
    registered = (age >= 18) & (rng.random(n_p) < _sigmoid(-1.3 + 1.4 * zp))
    verified = registered & (rng.random(n_p) < 0.9)
    edu_level = np.clip(np.round(rng.normal(3.0 - 0.9 * zp, 1.1)), 0, 6).astype(np.int64)
    edu_level = np.where(age < 7, 0, np.minimum(edu_level, np.maximum(0, (age - 6) // 3)))
    occ = np.where(
        (age >= 6) & (age < 22) & (rng.random(n_p) < 0.8),
        5,
        np.where(age < 15, 6, rng.choice(7, n_p, p=[0.3, 0.25, 0.12, 0.12, 0.05, 0.01, 0.15])),
    )
    rel = np.where(rank == 0, 0, np.where(rank == 1, 1, rng.choice(np.arange(2, 7), n_p)))
    first = np.where(
        sex_male, rng.integers(0, len(MALE_FIRST), n_p), len(MALE_FIRST) + rng.integers(0, len(FEMALE_FIRST), n_p)
    )
    names = pa.array(np.asarray(MALE_FIRST + FEMALE_FIRST, dtype=object)[first], pa.string())
    title = np.where(
        age < 15, np.where(sex_male, "ด.ช.", "ด.ญ."), np.where(sex_male, "นาย", np.where(rank == 1, "นาง", "นางสาว"))
    )
    surname = np.asarray(SURNAMES, dtype=object)[rng.integers(0, len(SURNAMES), n_h)][hh_of]
    name_th = pc.binary_join_element_wise(pa.array(title), names, pa.array(surname, pa.string()), " ")
    # Indicators: P(fail) = sigmoid(a + b·z); a, b drawn per indicator from the seeded generator.
    params = params or {}
    hh_cols: dict[str, pa.Array] = {}
    p_cols: dict[str, pa.Array] = {}
    for ind in indicators:
        a, b = params.get(
            ind.code, (float(rng.uniform(-4.8, -2.8)), float(rng.uniform(0.7, 1.3) if ind.measured else 0.3))
        )
        if ind.level == "household":
            if ind.threshold_baht is not None:
                values = (per_person_baht >= ind.threshold_baht).astype(np.int8)
                na = np.zeros(n_h, dtype=bool)
            else:
                values = (rng.random(n_h) >= _sigmoid(a + b * z)).astype(np.int8)
                na = rng.random(n_h) < 0.01
            hh_cols[ind.code] = pa.array(values, pa.int8(), mask=na)
        else:
            rng_ages = _age_range(ind.eligibility)
            text = ind.eligibility.lower()
            if rng_ages is not None:
                eligible = (age >= rng_ages[0]) & (age <= rng_ages[1])
            elif "disabled" in text:
                eligible = disabled
            elif "chronic" in text:
                eligible = chronic
            else:
                eligible = np.ones(n_p, dtype=bool)
            values = (rng.random(n_p) >= _sigmoid(a - 0.7 + b * zp)).astype(np.int8)
            p_cols[ind.code] = pa.array(values, pa.int8(), mask=~eligible)
    tambon_p = pc.take(tambon_arr, pa.array(hh_of))
    households = pa.table(
        {
            "household_id": household_id,
            "house_no": house_no,
            "village_code": village_code,
            "tambon_code": tambon_arr,
            "members": pa.array(members, pa.int16()),
            **hh_cols,
        }
    )
    persons = pa.table(
        {
            "national_id": national_ids(person_start, n_p),
            "household_id": pc.take(household_id, pa.array(hh_of)),
            "tambon_code": tambon_p,
            "name_th": name_th,
            "sex": pa.array(np.where(sex_male, "M", "F"), pa.string()),
            "birth_date": birth_date,
            "relation_to_head": pa.array(np.asarray(RELATIONS, dtype=object)[rel], pa.string()),
            "education": pa.array(np.asarray(EDUCATION, dtype=object)[edu_level], pa.string()),
            "occupation": pa.array(np.asarray(OCCUPATION, dtype=object)[occ], pa.string()),
            "income_satang": pa.array(income_satang, pa.int64()),
            "welfare_registered": pa.array(registered),
            "welfare_verified": pa.array(verified),
            "disabled": pa.array(disabled),
            "chronically_ill": pa.array(chronic),
            "bedridden": pa.array(bedridden),
            **p_cols,
        }
    )
    return households, persons


def generate_round(
    survey_round: Any,
    tambon_codes: Sequence[str],
    *,
    households_per_tambon: int | Mapping[str, int] = 1750,
    villages_per_tambon: int = 10,
    seed: int = 0,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write a synthetic round into the store (replacing its files), one district at a time.

    ``households_per_tambon``: a number, or a mapping per tambon; with a number each tambon gets
    between 50 % and 150 % of it (seeded), so tambons differ in size as real ones do.
    """
    progress = progress or SilentProgress()
    rng = np.random.default_rng(seed)
    indicators = indicators_for(survey_round)
    tambons = sorted(set(tambon_codes))
    if isinstance(households_per_tambon, int):
        sizes = rng.integers(
            max(1, households_per_tambon // 2), max(2, households_per_tambon * 3 // 2 + 1), len(tambons)
        )
        per_tambon = dict(zip(tambons, (int(s) for s in sizes), strict=True))
    else:
        per_tambon = {t: int(households_per_tambon[t]) for t in tambons}
    # The same (a, b) per indicator for every district of the round.
    params = {
        i.code: (float(rng.uniform(-4.8, -2.8)), float(rng.uniform(0.7, 1.3) if i.measured else 0.3))
        for i in indicators
    }
    by_district: dict[str, list[str]] = {}
    for t in tambons:
        by_district.setdefault(t[:4], []).append(t)
    directory = store.round_dir(survey_round)
    for sub in ("households", "persons"):
        if (directory / sub).exists():
            shutil.rmtree(directory / sub)
    hh_codes, p_codes = store.indicator_codes(survey_round.indicator_set)
    hh_schema, p_schema = store.household_schema(hh_codes), store.person_schema(p_codes)
    progress.set_total(len(by_district))
    n_h = n_p = 0
    for district, ts in sorted(by_district.items()):
        households, persons = generate_district(
            rng=np.random.default_rng([seed, int(district)]),
            tambons=ts,
            households_per_tambon=per_tambon,
            indicators=indicators,
            reference_date=survey_round.effective_reference_date,
            person_start=n_p,
            villages_per_tambon=villages_per_tambon,
            params=params,
        )
        # Generated in store order already (tambon, then household id), so no sort is needed.
        store.write_district_files(
            directory,
            district,
            store.conform(households, hh_schema, what="households"),
            store.conform(persons, p_schema, what="persons"),
            sort=False,
        )
        n_h += households.num_rows
        n_p += persons.num_rows
        progress.advance(1, district)
    return {"households": n_h, "persons": n_p, "districts": len(by_district)}
