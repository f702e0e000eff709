"""Excel exports of every assessment table (Thai headers, B.E. years), through audit's ``xlsx_response``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import FileResponse

from chumchon.areas.models import Area
from chumchon.assessment import ranking
from chumchon.assessment.models import Assessment, Certification, PilotEntry, PilotSelection
from chumchon.audit.exports import xlsx_response


def assessments_xlsx(qs: Iterable[Assessment], *, actor: Any) -> FileResponse:
    headers = ["รหัสจังหวัด", "จังหวัด", "ปีงบประมาณ", "แนวทาง", "สถานะ", "ความพร้อม (%)", "ผู้พิจารณา"]
    rows = (
        [
            a.province.code,
            a.province.name_th,
            a.fiscal_year,
            a.get_track_display(),
            a.get_status_display(),
            a.readiness,
            str(a.reviewed_by_body or ""),
        ]
        for a in qs
    )
    return xlsx_response(
        filename="assessments.xlsx", headers=headers, rows=rows, actor=actor, model_label="assessment.assessment"
    )


def scores_xlsx(a: Assessment, *, actor: Any) -> FileResponse:
    headers = [
        "เกณฑ์",
        "ชื่อเกณฑ์",
        "ระดับที่ระบบเสนอ",
        "เหตุผลที่ระบบเสนอ",
        "ระดับที่จังหวัดประเมิน",
        "คำอธิบาย",
        "ระดับที่กลุ่มจังหวัดพิจารณา",
        "หมายเหตุผู้พิจารณา",
    ]
    rows = (
        [
            s.criterion.number,
            s.criterion.title_th,
            s.proposed_level,
            "; ".join(r.get("th", "") for r in s.proposed_reasons),
            s.level,
            s.note,
            s.reviewed_level,
            s.review_note,
        ]
        for s in a.scores.select_related("criterion").order_by("criterion__number")
    )
    return xlsx_response(
        filename=f"assessment-{a.province.code}-{a.fiscal_year}.xlsx",
        headers=headers,
        rows=rows,
        actor=actor,
        model_label="assessment.criterionscore",
        area_code=a.province.code,
    )


def ranking_xlsx(ranked: Sequence[ranking.Candidate], year: int, *, actor: Any) -> FileResponse:
    headers = ["อันดับ", "รหัสจังหวัด", "จังหวัด", "กลุ่ม", "ความพร้อม (%)", "ระดับต่ำสุด", "เกณฑ์ระดับ 3 ขึ้นไป"]
    rows = (
        [i + 1, c.province_code, c.province_name, c.group_name, c.readiness, c.lowest, c.strong]
        for i, c in enumerate(ranked)
    )
    return xlsx_response(
        filename=f"readiness-{year}.xlsx", headers=headers, rows=rows, actor=actor, model_label="assessment.assessment"
    )


def trend_xlsx(years: list[int], rows: list[tuple[Area, list[Decimal | None]]], *, actor: Any) -> FileResponse:
    headers = ["รหัสจังหวัด", "จังหวัด", *[f"ปีงบประมาณ {y}" for y in years]]
    data = ([area.code, area.name_th, *values] for area, values in rows)
    return xlsx_response(
        filename="readiness-trend.xlsx", headers=headers, rows=data, actor=actor, model_label="assessment.assessment"
    )


def selection_xlsx(s: PilotSelection, entries: Sequence[PilotEntry], *, actor: Any) -> FileResponse:
    headers = ["อันดับ", "รหัสจังหวัด", "จังหวัด", "กลุ่ม", "ความพร้อม (%)", "ได้รับเลือก", "เหตุผล"]
    rows = (
        [
            e.rank,
            e.province.code,
            e.province.name_th,
            e.group_code,
            e.readiness,
            "ใช่" if e.selected else "",
            e.reason_th,
        ]
        for e in entries
    )
    return xlsx_response(
        filename=f"pilot-selection-{s.pk}.xlsx",
        headers=headers,
        rows=rows,
        actor=actor,
        model_label="assessment.pilotselection",
    )


def certifications_xlsx(qs: Iterable[Certification], *, actor: Any) -> FileResponse:
    headers = ["รหัสจังหวัด", "จังหวัด", "แนวทาง", "สถานภาพ", "ตั้งแต่ปีงบประมาณ", "มติ", "วันที่รับรอง"]
    rows = (
        [
            c.province.code,
            c.province.name_th,
            c.get_track_display(),
            c.get_status_display(),
            c.fiscal_year,
            str(c.resolution),
            c.certified_on,
        ]
        for c in qs
    )
    return xlsx_response(
        filename="certifications.xlsx", headers=headers, rows=rows, actor=actor, model_label="assessment.certification"
    )
