"""The organisation registry in Excel: import (all or nothing per file, row-level errors in Thai and
English, a re-run changes nothing) and export (the same columns, so an exported file imports back).

A row is one organisation, matched to the registry by kind and registration number, or — when it has
no registration number — by kind, Thai name and area: a match is updated (only what differs, audited),
anything else is registered. Councils a row names as its council (by registration number) may be in
the registry already or in the same file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404

from chumchon.accounts.models import User
from chumchon.areas.models import Area
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record
from chumchon.core.bilingual import split_bilingual
from chumchon.core.tabular import (
    CellError,
    ColumnSpec,
    RowErrors,
    file_sha256,
    mapped_rows,
    open_mapped,
    parse_choice,
    parse_date,
    parse_int,
    parse_text,
)
from chumchon.core.thai import arabic_digits, be_year
from chumchon.organizations.models import COUNCIL_KINDS, REGISTRY_KINDS, Body, BodyKind, BodyStatus
from chumchon.organizations.services.bodies import body_create_in_transaction, body_update_in_transaction

SPECS = (
    ColumnSpec("kind", "ประเภทองค์กร", "Kind", required=True, synonyms=("ประเภท", "type")),
    ColumnSpec("name_th", "ชื่อองค์กร", "Name (Thai)", required=True, synonyms=("ชื่อ", "name", "ชื่อภาษาไทย")),
    ColumnSpec("name_en", "ชื่อภาษาอังกฤษ", "Name (English)", synonyms=("english name",)),
    ColumnSpec("area_code", "รหัสพื้นที่", "Area code", required=True, synonyms=("รหัส dopa", "dopa code", "area")),
    ColumnSpec("status", "สถานะ", "Status"),
    ColumnSpec("registration_number", "เลขทะเบียน", "Registration number", synonyms=("เลขที่จดทะเบียน",)),
    ColumnSpec("registered_on", "วันที่จดทะเบียน", "Registered on", synonyms=("วันจดทะเบียน",)),
    ColumnSpec("founded_on", "วันที่ก่อตั้ง", "Founded on", synonyms=("วันก่อตั้ง",)),
    ColumnSpec("member_count", "จำนวนสมาชิก", "Members", synonyms=("สมาชิก",)),
    ColumnSpec("member_of", "เลขทะเบียนสภาองค์กรชุมชนที่สังกัด", "Council's registration number", synonyms=("สังกัดสภา",)),
    ColumnSpec("address", "ที่อยู่", "Address"),
    ColumnSpec("phone", "โทรศัพท์", "Telephone", synonyms=("เบอร์โทร", "phone")),
    ColumnSpec("email", "อีเมล", "E-mail", synonyms=("email",)),
)


def _spellings(choices: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """Every way a choice may be written: its code, its label, and a label's Thai part in brackets."""
    out: dict[str, str] = {}
    for value, label in choices:
        out[value] = value
        text = str(label)
        out[text] = value
        if "(" in text and text.endswith(")"):
            english, thai = text[: text.index("(")].strip(), text[text.index("(") + 1 : -1].strip()
            out[english], out[thai] = value, value
    return out


KIND_SPELLINGS = _spellings((k.value, k.label) for k in BodyKind if k in REGISTRY_KINDS) | {
    "สภาองค์กรชุมชน": BodyKind.TAMBON_COMMUNITY_COUNCIL,
    "สอช.": BodyKind.TAMBON_COMMUNITY_COUNCIL,
    "กองทุนสวัสดิการ": BodyKind.WELFARE_FUND,
    "ศูนย์ประสานงานองค์การชุมชน": BodyKind.CON_CENTRE,
    "เครือข่าย": BodyKind.NETWORK,
    "บ้านมั่นคง": BodyKind.HOUSING_COOPERATIVE,
}
STATUS_SPELLINGS = _spellings((s.value, s.label) for s in BodyStatus) | {
    "ดำเนินการ": BodyStatus.ACTIVE,
    "ดำเนินงานอยู่": BodyStatus.ACTIVE,
    "ไม่ดำเนินการ": BodyStatus.DORMANT,
    "หยุดดำเนินการ": BodyStatus.DORMANT,
    "ยุบเลิก": BodyStatus.DISSOLVED,
    "เลิก": BodyStatus.DISSOLVED,
}
KIND_TH = {
    BodyKind.TAMBON_COMMUNITY_COUNCIL: "สภาองค์กรชุมชนตำบล",
    BodyKind.DISTRICT_COMMUNITY_COUNCIL: "สภาองค์กรชุมชนระดับอำเภอ",
    BodyKind.PROVINCIAL_COMMUNITY_COUNCIL: "สภาองค์กรชุมชนระดับจังหวัด",
    BodyKind.WELFARE_FUND: "กองทุนสวัสดิการชุมชน",
    BodyKind.CON_CENTRE: "ศอช.",
    BodyKind.NETWORK: "เครือข่ายองค์กรชุมชน",
    BodyKind.COOPERATIVE: "สหกรณ์",
    BodyKind.HOUSING_COOPERATIVE: "สหกรณ์เคหสถาน",
    BodyKind.COMMUNITY_ORGANISATION: "องค์กรชุมชน",
}
STATUS_TH = {BodyStatus.ACTIVE: "ดำเนินการ", BodyStatus.DORMANT: "ไม่ดำเนินการ", BodyStatus.DISSOLVED: "ยุบเลิก"}
FIELDS = (
    "name_en",
    "status",
    "registration_number",
    "registered_on",
    "founded_on",
    "member_count",
    "address",
    "phone",
    "email",
)


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: RowErrors = field(default_factory=RowErrors)

    @property
    def ok(self) -> bool:
        return not self.errors


def _message_parts(exc: Exception) -> tuple[str, str]:
    text = "; ".join(str(m) for m in exc.messages) if isinstance(exc, ValidationError) else str(exc)
    return split_bilingual(text)


def _parse(result: ImportResult, table: Any, mapping: dict[str, str]) -> list[tuple[int, dict[str, Any]]]:
    converters = {
        "kind": lambda v: parse_choice(v, KIND_SPELLINGS),
        "name_th": lambda v: parse_text(v, max_length=300),
        "name_en": lambda v: parse_text(v, max_length=300),
        "area_code": lambda v: parse_text(v, max_length=8),
        "status": lambda v: parse_choice(v, STATUS_SPELLINGS),
        "registration_number": lambda v: parse_text(v, max_length=64),
        "registered_on": parse_date,
        "founded_on": parse_date,
        "member_count": lambda v: parse_int(v, minimum=0),
        "member_of": lambda v: parse_text(v, max_length=64),
        "address": lambda v: parse_text(v, max_length=500),
        "phone": lambda v: parse_text(v, max_length=64),
        "email": lambda v: parse_text(v, max_length=254),
    }
    parsed: list[tuple[int, dict[str, Any]]] = []
    seen: dict[tuple[str, ...], int] = {}
    for number, row in mapped_rows(table, mapping):
        if all(v is None or str(v).strip() == "" for v in row.values()):
            continue
        result.rows += 1
        clean: dict[str, Any] = {}
        for name, convert in converters.items():
            if name not in row:
                continue
            try:
                clean[name] = convert(row.get(name))
            except CellError as exc:
                result.errors.add_cell(number, name, exc)
        for spec in SPECS:
            already = any(e.row_number == number and e.column == spec.name for e in result.errors)
            if spec.required and clean.get(spec.name) is None and not already:
                result.errors.add(
                    number, spec.name, "required", f"ต้องกรอก {spec.label_th}", f"{spec.label_en} is required"
                )
        if clean.get("area_code"):
            code = arabic_digits(clean["area_code"]).replace("-", "").replace(" ", "")
            if not re.fullmatch(r"[0-9]{2}|[0-9]{4}|[0-9]{6}|[0-9]{8}", code):
                result.errors.add(
                    number, "area_code", "bad_code",
                    f"รหัสพื้นที่ต้องเป็นตัวเลข 2, 4, 6 หรือ 8 หลัก: {clean['area_code']!r}",
                    f"an area code has 2, 4, 6 or 8 digits: {clean['area_code']!r}",
                )  # fmt: skip
            clean["area_code"] = code
        key = _key(clean)
        if key is not None:
            if key in seen:
                result.errors.add(
                    number, "name_th", "duplicate", f"ซ้ำกับแถวที่ {seen[key]}", f"the same organisation as row {seen[key]}"
                )
            seen.setdefault(key, number)
        parsed.append((number, clean))
    return parsed


def _key(clean: dict[str, Any]) -> tuple[str, ...] | None:
    if not clean.get("kind"):
        return None
    if clean.get("registration_number"):
        return ("reg", clean["kind"], clean["registration_number"])
    if clean.get("name_th") and clean.get("area_code"):
        return ("name", clean["kind"], clean["name_th"], clean["area_code"])
    return None


def _existing(clean: dict[str, Any], area: Area) -> Body | None:
    qs = Body.objects.filter(kind=clean["kind"])
    if clean.get("registration_number"):
        found = qs.filter(registration_number=clean["registration_number"]).first()
        if found is not None:
            return found
    return qs.filter(name_th=clean["name_th"], scope_kind="area", area=area).first()


def registry_import(*, path: Path | str, actor: User, filename: str = "") -> ImportResult:
    """Register or update one organisation per row — every row, or none if any row is wrong."""
    result = ImportResult()
    opened = open_mapped(path, SPECS, result.errors, filename=filename)
    if opened is None or result.errors:
        return result
    table, mapping = opened
    parsed = _parse(result, table, mapping)
    if result.errors:
        return result
    if not parsed:
        result.errors.add(2, "", "empty", "ไม่มีแถวข้อมูลในไฟล์", "The file has no data rows")
        return result
    areas = Area.objects.in_bulk([c["area_code"] for _, c in parsed], field_name="code")
    with transaction.atomic(durable=True):
        bodies: dict[int, Body] = {}
        untouched: set[int] = set()  # rows whose organisation the first pass left as it was
        for number, clean in parsed:
            area = areas.get(clean["area_code"])
            if area is None:
                result.errors.add(number, "area_code", "not_found", "ไม่พบรหัสพื้นที่นี้", "No area has this code")
                continue
            values: dict[str, Any] = {f: clean.get(f) for f in FIELDS if f in clean}
            values = {
                f: ("" if v is None and f not in ("registered_on", "founded_on") else v) for f, v in values.items()
            }
            if values.get("member_count") == "":
                values["member_count"] = 0
            if values.get("status") == "":
                values["status"] = BodyStatus.ACTIVE
            try:
                body = _existing(clean, area)
                if body is None:
                    body = body_create_in_transaction(
                        actor=actor,
                        kind=clean["kind"],
                        name_th=clean["name_th"],
                        scope_kind="area",
                        area=area,
                        **values,
                    )
                    result.created += 1
                else:
                    changes = {f: v for f, v in values.items() if getattr(body, f) != v}
                    if body.name_th != clean["name_th"]:
                        changes["name_th"] = clean["name_th"]
                    if body.area_id != area.pk or body.scope_kind != "area":
                        changes.update(scope_kind="area", area=area)
                    if changes:
                        body_update_in_transaction(body=body, actor=actor, **changes)
                        result.updated += 1
                    else:
                        untouched.add(number)
                bodies[number] = body
            except (ValidationError, PermissionDenied, Http404) as exc:
                th, en = _message_parts(exc)
                code = "not_allowed" if isinstance(exc, PermissionDenied | Http404) else "refused"
                result.errors.add(number, "area_code" if code == "not_allowed" else "", code, th, en)
        # Second pass: membership of a council (the council may be a row of this very file).
        for number, clean in parsed:
            body = bodies.get(number)
            if body is None or "member_of" not in clean:
                continue
            council = None
            if clean["member_of"]:
                council = Body.objects.filter(kind__in=COUNCIL_KINDS, registration_number=clean["member_of"]).first()
                if council is None:
                    result.errors.add(
                        number, "member_of", "not_found",
                        "ไม่พบสภาองค์กรชุมชนที่มีเลขทะเบียนนี้", "No community council has this registration number",
                    )  # fmt: skip
                    continue
            if body.member_of_id != (council.pk if council else None):
                try:
                    body_update_in_transaction(body=body, actor=actor, member_of=council)
                except (ValidationError, PermissionDenied, Http404) as exc:
                    th, en = _message_parts(exc)
                    result.errors.add(number, "member_of", "refused", th, en)
                    continue
                if number in untouched:
                    untouched.discard(number)
                    result.updated += 1
        result.unchanged = len(untouched)
        if result.errors:
            result.created = result.updated = result.unchanged = 0
            transaction.set_rollback(True)  # all or nothing
        else:
            audit_record(
                actor=actor,
                action=AuditAction.IMPORT,
                model_label="organizations.body",
                note=(
                    f"{filename or Path(path).name}: registry import, {result.created} new, {result.updated} updated, "
                    f"{result.unchanged} unchanged (sha256 {file_sha256(path)[:16]})"
                ),
            )
    return result


# --- Export: the same columns, Thai headers (the importer reads them back).

EXPORT_HEADERS: Sequence[str] = [s.label_th for s in SPECS]


def export_rows(bodies: Iterable[Body]) -> Iterator[list[Any]]:
    for b in bodies:
        yield [
            KIND_TH.get(BodyKind(b.kind), b.kind) if b.kind in BodyKind.values else b.kind,
            b.name_th,
            b.name_en,
            b.area.code if b.area is not None else "",
            STATUS_TH.get(BodyStatus(b.status), b.status),
            b.registration_number,
            _date(b.registered_on),
            _date(b.founded_on),
            b.member_count,
            b.member_of.registration_number if b.member_of is not None else "",
            b.address,
            b.phone,
            b.email,
        ]


def _date(value: dt.date | None) -> str:
    """dd/mm/B.E. — how the field writes dates, and what the importer reads back."""
    return f"{value.day:02d}/{value.month:02d}/{be_year(value.year)}" if value else ""
