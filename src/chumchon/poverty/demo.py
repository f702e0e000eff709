"""Demo poverty data: two survey rounds (จปฐ. 2565 and 2566) for ~40 tambons of the demo province,
field additions verified by a second user, and Logbook cases with help from the demo agencies.

Bounded so ``chumchon demo`` stays quick: ~40 tambons × ~200 households per round (H5's generator,
same seed for both rounds, so the same households reappear with correlated deprivations, like a
panel). Help given in 2565 works in most cases: the 2566 data of assisted households is adjusted so
the helped dimension passes with probability 0.6, which the closing-the-loop page then shows beside
the households that were not helped.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from chumchon.accounts.models import Role
from chumchon.areas.models import Area
from chumchon.poverty import engine, generator, store
from chumchon.poverty.indicators_data import indicator_sets_load
from chumchon.poverty.models import (
    AdditionKind,
    AdditionReason,
    CaseStatus,
    HelpKind,
    IndicatorSet,
    SurveyRound,
)
from chumchon.poverty.services import additions as additions_services
from chumchon.poverty.services import duplicates as duplicates_services
from chumchon.poverty.services import logbook as logbook_services

TAMBONS = 40
HOUSEHOLDS_PER_TAMBON = 200
SEED = 2565
HELP_WORKS = 0.6
DESCRIPTIONS = {
    "health": ("พาไปตรวจสุขภาพและลงทะเบียนบัตรทอง", HelpKind.SERVICE),
    "living": ("ซ่อมแซมหลังคาและห้องน้ำ", HelpKind.IN_KIND),
    "education": ("ทุนการศึกษาและอุปกรณ์การเรียน", HelpKind.CASH),
    "income": ("ฝึกอาชีพและมอบพันธุ์ไก่ไข่", HelpKind.IN_KIND),
    "access": ("ช่วยยื่นขอเบี้ยยังชีพและบัตรคนพิการ", HelpKind.SERVICE),
}


def _tambons(ctx: Any) -> list[Area]:
    """The demo province's tambons, the demo district first, up to TAMBONS."""
    province = "24" if any(p.code == "24" for p in ctx.provinces) else ctx.provinces[0].code
    tambons = ctx.tambons(province)
    tambons.sort(key=lambda a: (not a.code.startswith("2401"), a.code))
    return tambons[:TAMBONS]


def _round(code: str, name: str, year_be: int, set_code: str, previous: SurveyRound | None) -> SurveyRound:
    iset = IndicatorSet.objects.get(code=set_code)
    survey_round, _ = SurveyRound.objects.update_or_create(
        code=code, defaults={"name": name, "year_be": year_be, "indicator_set": iset, "previous": previous}
    )
    return survey_round


def _apply_help(survey_round: SurveyRound, helped: dict[str, set[str]]) -> None:
    """Make the helped dimension pass for the chosen households in the round's files."""
    codes_by_dim: dict[str, tuple[list[str], list[str]]] = {}
    for ind in survey_round.indicator_set.indicators.select_related("dimension"):
        if ind.dimension_id and ind.dimension is not None:
            hh, p = codes_by_dim.setdefault(ind.dimension.code, ([], []))
            (hh if ind.level == "household" else p).append(ind.code)
    directory = store.round_dir(survey_round)
    districts = sorted({hid[:4] for hid in helped})
    for district in districts:
        tables = []
        for sub in ("households", "persons"):
            path = directory / sub / f"{district}.parquet"
            table = pq.read_table(path)
            ids = table.column("household_id")
            for dim, (hh_codes, p_codes) in codes_by_dim.items():
                wanted = pa.array(sorted(h for h, dims in helped.items() if dim in dims and h.startswith(district)))
                if len(wanted) == 0:
                    continue
                mask = pc.is_in(ids, value_set=wanted)
                for code in hh_codes if sub == "households" else p_codes:
                    col = table.column(code)
                    fixed = pc.if_else(pc.and_(mask, pc.is_valid(col)), pa.scalar(1, col.type), col)
                    table = table.set_column(table.column_names.index(code), code, fixed)
            tables.append(table)
        store.write_district_files(directory, district, tables[0], tables[1], sort=False)


def _cross_area_duplicates(survey_round: SurveyRound, tambons: list[Area], provincial: Any) -> None:
    """Three people of the first tambon surveyed again in a tambon of another district (they moved):
    flagged as cross-area duplicates; the provincial officer has resolved one ("lives in the new
    tambon"), two wait on the worklist. Written before the round is computed, so it counts them once."""
    first = tambons[0]
    second = next((t for t in reversed(tambons) if t.code[:4] != first.code[:4]), None)
    if second is None:
        return
    _, movers = store.read_tambon(survey_round, first.code)
    households, persons = store.read_tambon(survey_round, second.code)
    if movers.num_rows < 3 or households.num_rows < 3:
        return
    movers = movers.slice(0, 3)
    new_homes = households.column("household_id").to_pylist()[:3]
    moved = movers.set_column(
        movers.column_names.index("household_id"), "household_id", pa.array(new_homes, pa.string())
    ).set_column(movers.column_names.index("tambon_code"), "tambon_code", pa.array([second.code] * 3, pa.string()))
    store.replace_tambon(survey_round, second.code, households, pa.concat_tables([persons, moved]))
    pairs = [
        duplicates_services.duplicate_flag_in_transaction(
            survey_round=survey_round,
            national_id=m["national_id"],
            first=(first.code, m["household_id"]),
            second=(second.code, home),
            actor=None,
            note="demo: surveyed again after moving",
        )
        for m, home in zip(movers.to_pylist(), new_homes, strict=True)
    ]
    if provincial is not None:
        duplicates_services.duplicate_resolve_in_transaction(
            duplicate=pairs[0], actor=provincial, same_person=True, lives_in=second.code, note="ย้ายบ้านแล้ว"
        )


def generate(ctx: Any) -> None:
    # The demo runs every step in one transaction (core.demo): it calls the services' *_in_transaction
    # forms, since their durable entry points cannot nest.

    indicator_sets_load()
    tambons = _tambons(ctx)
    codes = [t.code for t in tambons]
    r1 = _round("jpt-2565", "จปฐ. 2565", 2565, "jpt-2560", None)
    r2 = _round("jpt-2566", "จปฐ. 2566", 2566, "jpt-2566", r1)
    generator.generate_round(r1, codes, households_per_tambon=HOUSEHOLDS_PER_TAMBON, seed=SEED)
    users = ctx.shared.get("users") or {}
    officer = users.get(Role.CDD_DISTRICT_OFFICER)
    secretary = users.get(Role.TAMBON_COUNCIL_SECRETARY)
    provincial = users.get(Role.CDD_PROVINCIAL_OFFICER)
    _cross_area_duplicates(r1, tambons, provincial)
    engine.recompute_round(r1)
    rng = ctx.rng
    helped: dict[str, set[str]] = {}
    if officer is not None:
        agencies = [b for b in (ctx.shared.get("partners") or []) if b is not None]
        agencies += list((ctx.shared.get("cdd_offices") or {}).values())[:1]
        agencies += list((ctx.shared.get("welfare_funds") or {}).values())[:2]
        district = officer.roles.first().area.code if officer.roles.exists() else "2401"
        work_tambons = [t for t in tambons if t.code.startswith(district)][:6] or tambons[:3]
        for tambon in work_tambons:
            rows = [r for r in engine.household_deprivations(r1, tambon.code).to_pylist() if r["deprived_dimensions"]]
            rng.shuffle(rows)
            for row in rows[:8]:
                dim = rng.choice(sorted(row["deprived_dimensions"]))
                case = logbook_services.case_open_in_transaction(
                    actor=officer,
                    survey_round=r1,
                    area=tambon,
                    dimension=dim,
                    household_id=row["household_id"],
                    village_code=row["village_code"],
                    label=f"{row['house_no']} ({row['village_code'][-2:]})",
                    indicators=[],
                )
                outcome = rng.random()
                if outcome < 0.15:
                    continue  # still a target: nobody has visited yet
                if outcome < 0.22:
                    logbook_services.case_transition_in_transaction(
                        case=case, to_status=CaseStatus.SOLVED_BY_HOUSEHOLD, actor=officer
                    )
                    continue
                text, help_kind = DESCRIPTIONS[dim]
                agency = rng.choice(agencies) if agencies else None
                # Relative to the demo's today: help given in the last four months, a follow-up two
                # weeks to three months later, so some follow-ups are due now and some are still ahead.
                given_on = ctx.today - dt.timedelta(days=rng.randint(20, 120))
                follow_up_on = given_on + dt.timedelta(days=rng.randint(14, 90))
                logbook_services.assistance_add_in_transaction(
                    case=case,
                    actor=officer,
                    description=text,
                    help_kind=help_kind,
                    amount=Decimal(rng.choice([500, 1000, 1500, 3000])) if help_kind == HelpKind.CASH else Decimal(0),
                    agency=agency,
                    agency_name="" if agency else "อบต.",
                    given_on=given_on,
                    follow_up_on=follow_up_on,
                )
                helped.setdefault(row["household_id"], set())
                if outcome < 0.85:
                    logbook_services.case_transition_in_transaction(
                        case=case, to_status=CaseStatus.HELPED, actor=officer
                    )
                    if rng.random() < HELP_WORKS:
                        helped[row["household_id"]].add(dim)
                elif outcome < 0.92:
                    logbook_services.case_transition_in_transaction(
                        case=case,
                        to_status=CaseStatus.CANNOT_BE_SOLVED,
                        actor=officer,
                        comment="ต้องใช้งบประมาณเกินอำนาจตำบล ส่งต่อแผนพัฒนาอำเภอ",
                    )
        if secretary is not None:
            tambon = next((t for t in tambons if secretary.roles.filter(area=t).exists()), tambons[0])
            plan: list[tuple[str, str, str, list[str], dict[str, Any]]] = [
                (
                    AdditionKind.HOUSEHOLD,
                    AdditionReason.NOT_SURVEYED,
                    "นางบุญมี ตกสำรวจ",
                    ["income", "living"],
                    {"elderly": True},
                ),
                (AdditionKind.HOUSEHOLD, AdditionReason.MOVED_IN, "นายสมปอง ย้ายมาใหม่", ["income"], {}),
                (
                    AdditionKind.PERSON,
                    AdditionReason.NEWLY_VULNERABLE,
                    "นายเสถียร ป่วยติดเตียง",
                    ["health"],
                    {"bedridden": True},
                ),
            ]
            for i, (kind, reason, name, dims, flags) in enumerate(plan):
                addition = additions_services.addition_create_in_transaction(
                    actor=secretary,
                    survey_round=r1,
                    area=tambon,
                    kind=kind,
                    reason=reason,
                    full_name=name,
                    house_no=f"{90 + i}/1",
                    village_code=f"{tambon.code}01",
                    member_count=3 if kind == AdditionKind.HOUSEHOLD else 1,
                    dimensions=dims,
                    elderly=bool(flags.get("elderly")),
                    bedridden=bool(flags.get("bedridden")),
                )
                if i < 2:
                    additions_services.addition_decide_in_transaction(
                        addition=addition, actor=officer, verified=True, note="ลงพื้นที่ตรวจแล้ว"
                    )
    generator.generate_round(r2, codes, households_per_tambon=HOUSEHOLDS_PER_TAMBON, seed=SEED)
    if helped:
        _apply_help(r2, {h: d for h, d in helped.items() if d})
    engine.recompute_round(r2)
    r1.refresh_from_db()
    r2.refresh_from_db()
    ctx.shared["poverty_rounds"] = [r1, r2]
    if provincial is not None:
        ctx.shared["poverty_viewer"] = provincial
