"""The survey files' columns: fixed ones and one optional column per indicator of the round's set."""

from __future__ import annotations

from chumchon.core.tabular import ColumnSpec
from chumchon.poverty.models import IndicatorLevel, SurveyRound

HOUSEHOLD_SPECS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "household_id",
        "รหัสครัวเรือน",
        "household id",
        required=True,
        synonyms=("hh_id", "hhid", "รหัสบ้าน", "เลขที่ครัวเรือน", "household"),
    ),
    ColumnSpec("house_no", "บ้านเลขที่", "house number", synonyms=("houseno", "เลขที่บ้าน", "address")),
    ColumnSpec(
        "village_code",
        "รหัสหมู่บ้าน",
        "village code",
        required=True,
        synonyms=("moo_code", "vill_code", "villcode", "รหัสหมู่", "รหัสชุมชน"),
    ),
    ColumnSpec(
        "tambon_code",
        "รหัสตำบล",
        "tambon code",
        required=True,
        synonyms=("subdistrict_code", "subdistrict", "tambon", "tam_code", "รหัสแขวง"),
    ),
    ColumnSpec(
        "members", "จำนวนสมาชิก", "members", synonyms=("สมาชิก", "member_count", "จำนวนคน", "จำนวนสมาชิกในครัวเรือน")
    ),
)
PERSON_SPECS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        "national_id",
        "เลขประจำตัวประชาชน",
        "national ID",
        required=True,
        synonyms=("เลขบัตรประชาชน", "เลขบัตรประจำตัวประชาชน", "pid", "cid", "citizen_id", "id_card"),
    ),
    ColumnSpec("household_id", "รหัสครัวเรือน", "household id", required=True, synonyms=("hh_id", "hhid", "รหัสบ้าน")),
    ColumnSpec("tambon_code", "รหัสตำบล", "tambon code", synonyms=("subdistrict_code", "tambon", "รหัสแขวง")),
    ColumnSpec(
        "name_th", "ชื่อ-สกุล", "name", required=True, synonyms=("ชื่อ", "ชื่อสกุล", "ชื่อ นามสกุล", "full_name", "fullname")
    ),
    ColumnSpec("sex", "เพศ", "sex", required=True, synonyms=("gender",)),
    ColumnSpec("birth_date", "วันเกิด", "date of birth", required=True, synonyms=("วันเดือนปีเกิด", "dob", "birthdate")),
    ColumnSpec("relation_to_head", "ความสัมพันธ์กับหัวหน้าครัวเรือน", "relation to head", synonyms=("ความสัมพันธ์", "relation")),
    ColumnSpec("education", "การศึกษา", "education", synonyms=("ระดับการศึกษา",)),
    ColumnSpec("occupation", "อาชีพ", "occupation", synonyms=("อาชีพหลัก",)),
    ColumnSpec(
        "income_baht",
        "รายได้ (บาท/ปี)",
        "income (baht per year)",
        synonyms=("รายได้", "income", "รายได้ต่อปี", "รายได้บาทต่อปี"),
    ),
    ColumnSpec("income_satang", "รายได้ (สตางค์/ปี)", "income (satang per year)"),
    ColumnSpec(
        "welfare_registered",
        "ลงทะเบียนบัตรสวัสดิการแห่งรัฐ",
        "welfare card registered",
        synonyms=("บัตรสวัสดิการแห่งรัฐ", "บัตรสวัสดิการ", "welfare_card"),
    ),
    ColumnSpec("welfare_verified", "ผ่านการตรวจสอบสิทธิ์บัตรสวัสดิการ", "welfare card verified", synonyms=("ผ่านการตรวจสอบ",)),
    ColumnSpec("disabled", "คนพิการ", "disabled", synonyms=("พิการ", "ผู้พิการ")),
    ColumnSpec("chronically_ill", "ผู้ป่วยเรื้อรัง", "chronically ill", synonyms=("ป่วยเรื้อรัง", "โรคเรื้อรัง")),
    ColumnSpec("bedridden", "ผู้ป่วยติดเตียง", "bedridden", synonyms=("ติดเตียง",)),
)


def indicator_specs(survey_round: SurveyRound) -> tuple[list[ColumnSpec], list[ColumnSpec]]:
    """One optional column per indicator of the round's set: (household-level, person-level)."""
    household: list[ColumnSpec] = []
    person: list[ColumnSpec] = []
    for ind in survey_round.indicator_set.indicators.order_by("number"):
        n = ind.number
        spec = ColumnSpec(
            ind.code,
            f"ตัวชี้วัดที่ {n} {ind.name_th}",
            f"indicator {n} {ind.name_en}".strip(),
            synonyms=(f"ตัวชี้วัดที่ {n}", f"ตัวชี้วัด {n}", f"ข้อ {n}", f"จปฐ {n}", f"indicator {n}", f"i{n}", f"i{n:02d}"),
        )
        (household if ind.level == IndicatorLevel.HOUSEHOLD else person).append(spec)
    return household, person


def specs_for(survey_round: SurveyRound) -> dict[str, list[ColumnSpec]]:
    hh_ind, p_ind = indicator_specs(survey_round)
    return {"households": [*HOUSEHOLD_SPECS, *hh_ind], "persons": [*PERSON_SPECS, *p_ind]}
