"""Writes to the area tree: loading the national registry and the province groupings.

``areas_load`` is idempotent: it inserts what is missing, updates what changed and leaves the
rest, so a second run reports zero changes. A broken data file stops the load with a clear
bilingual error before anything is written (one transaction).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from chumchon.areas import summaries
from chumchon.areas.models import Area, AreaLevel, CodiRegion, LocalGovernment, ProvincialCluster
from chumchon.areas.names import normalize_name
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record, audited_create, audited_update
from chumchon.core import access
from chumchon.core.access import Action
from chumchon.core.jobs import Progress, SilentProgress, register_job, start_job
from chumchon.core.models import Job


class AreaDataError(ValueError):
    """A data file for areas is broken (ไฟล์ข้อมูลพื้นที่ไม่ถูกต้อง)."""


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> int:
        return sum(self.created.values()) + sum(self.updated.values())

    def as_dict(self) -> dict[str, Any]:
        return {"created": self.created, "updated": self.updated, "changed": self.changed}


def _data_file(name: str) -> str:
    return files("chumchon.areas").joinpath(f"data/{name}").read_text(encoding="utf-8")


def _parse_groupings(text: str, key: str, label: str, province_codes: set[str]) -> list[dict[str, Any]]:
    try:
        document = json.loads(text)
        groups = document[key]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise AreaDataError(f"ไฟล์{label}อ่านไม่ได้ / cannot read the {key} file: {exc}") from exc
    seen: dict[str, str] = {}
    for i, group in enumerate(groups, start=1):
        for name in ("code", "name_th", "name_en", "provinces"):
            if name not in group:
                raise AreaDataError(f"{label}รายการที่ {i} ขาดช่อง {name} / {key} entry {i} lacks {name!r}")
        for code in group["provinces"]:
            if code not in province_codes:
                raise AreaDataError(f"{label} {group['code']}: ไม่รู้จักรหัสจังหวัด {code!r} / unknown province code {code!r}")
            if code in seen:
                raise AreaDataError(
                    f"จังหวัด {code} อยู่ในทั้ง {seen[code]} และ {group['code']} / "
                    f"province {code} is in both {seen[code]} and {group['code']}"
                )
            seen[code] = group["code"]
        group["source"] = document.get("source", "") + (
            "\n" + document["verification"] if "verification" in document else ""
        )
    return groups


def _registry_rows() -> list[tuple[str, str, str, str, str | None]]:
    """(code, level, name_th, name_en, parent_code) for every province, district and subdistrict."""
    import geothai  # delays geothai (the national registry data) until areas are loaded

    rows: list[tuple[str, str, str, str, str | None]] = []
    for p in geothai.provinces():
        rows.append((p.code, AreaLevel.PROVINCE, p.name_th, p.name_en, None))
        for d in geothai.districts(p.code):
            rows.append((d.code, AreaLevel.DISTRICT, d.name_th, d.name_en, p.code))
            for s in geothai.subdistricts(d.code):
                rows.append((s.code, AreaLevel.SUBDISTRICT, s.name_th, s.name_en, d.code))
    return rows


def _upsert_groupings(
    model: type[CodiRegion] | type[ProvincialCluster], groups: list[dict[str, Any]], report: LoadReport, label: str
) -> dict[str, Any]:
    existing = {obj.code: obj for obj in model.objects.all()}
    by_code = {}
    for group in groups:
        values = {"name_th": group["name_th"], "name_en": group["name_en"], "source": group["source"]}
        obj = existing.get(group["code"])
        if obj is None:
            obj = model.objects.create(code=group["code"], **values)
            report.created[label] = report.created.get(label, 0) + 1
        elif any(getattr(obj, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(obj, k, v)
            obj.save()
            report.updated[label] = report.updated.get(label, 0) + 1
        by_code[group["code"]] = obj
    return by_code


def areas_load(
    *,
    progress: Progress | None = None,
    clusters_file: Path | None = None,
    regions_file: Path | None = None,
) -> LoadReport:
    """Load every province, district and subdistrict (geothai) and the province groupings."""
    progress = progress or SilentProgress()
    rows = _registry_rows()
    province_codes = {code for code, level, *_ in rows if level == AreaLevel.PROVINCE}
    clusters = _parse_groupings(
        clusters_file.read_text(encoding="utf-8") if clusters_file else _data_file("provincial_clusters.json"),
        "clusters",
        "กลุ่มจังหวัด",
        province_codes,
    )
    regions = _parse_groupings(
        regions_file.read_text(encoding="utf-8") if regions_file else _data_file("codi_regions.json"),
        "regions",
        "ภาค",
        province_codes,
    )
    progress.set_total(len(rows))
    report = LoadReport()
    with transaction.atomic():
        region_by_code = _upsert_groupings(CodiRegion, regions, report, "regions")
        cluster_by_code = _upsert_groupings(ProvincialCluster, clusters, report, "clusters")
        region_of = {p: region_by_code[g["code"]].pk for g in regions for p in g["provinces"]}
        cluster_of = {p: cluster_by_code[g["code"]].pk for g in clusters for p in g["provinces"]}
        existing = {
            a.code: a
            for a in Area.objects.filter(level__in=[AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT])
        }
        fields = [
            "level",
            "name_th",
            "name_en",
            "search_name",
            "search_name_en",
            "codi_region_id",
            "cluster_id",
            "parent_id",
        ]
        # Parents first: rows are in tree order, so a parent's id is known before its children.
        for level in (AreaLevel.PROVINCE, AreaLevel.DISTRICT, AreaLevel.SUBDISTRICT):
            to_create: list[Area] = []
            to_update: list[Area] = []
            for code, row_level, name_th, name_en, parent_code in rows:
                if row_level != level:
                    continue
                values = {
                    "level": level,
                    "name_th": name_th,
                    "name_en": name_en,
                    "search_name": normalize_name(name_th),
                    "search_name_en": normalize_name(name_en),
                    "codi_region_id": region_of.get(code) if level == AreaLevel.PROVINCE else None,
                    "cluster_id": cluster_of.get(code) if level == AreaLevel.PROVINCE else None,
                    "parent_id": existing[parent_code].pk if parent_code else None,
                }
                area = existing.get(code)
                if area is None:
                    to_create.append(Area(code=code, **values))
                elif any(getattr(area, k) != v for k, v in values.items()):
                    for k, v in values.items():
                        setattr(area, k, v)
                    to_update.append(area)
            Area.objects.bulk_create(to_create, batch_size=2000)
            Area.objects.bulk_update(to_update, fields, batch_size=2000)
            if to_create:
                existing.update({a.code: a for a in Area.objects.filter(level=level)})
            report.created[level] = len(to_create)
            report.updated[level] = len(to_update)
            progress.advance(sum(1 for r in rows if r[1] == level), message=str(level))
            # Bulk writes send no signals: the tree's kept counts of the touched areas (areas.summaries).
            summaries.touch("tree", [a.code for a in (*to_create, *to_update)])
    return report


@register_job("areas.load", _("Load the area registry"))
def areas_load_job(*, progress: Progress) -> dict[str, Any]:
    return areas_load(progress=progress).as_dict()


def _actor_label(actor: AbstractUser | None) -> str:
    return getattr(actor, "username", "") or "system"


@transaction.atomic(durable=True)
def areas_reload_start(*, actor: AbstractUser) -> Job:
    """Queue a reload of the national area registry. National administrators only (403 otherwise)."""
    access.require_write(actor, Action.AREA_EDIT, "")  # "" is the whole nation
    job = start_job("areas.load", actor=actor)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=job, note="areas.load")
    return job


@transaction.atomic(durable=True)
def area_update(*, area: Area, actor: AbstractUser, name_th: str | None = None, name_en: str | None = None) -> Area:
    """Rename an area (ชื่อพื้นที่); the search columns follow the new names."""
    access.require_write(actor, Action.AREA_EDIT, area)
    changes: dict[str, Any] = {}
    if name_th is not None:
        changes["name_th"] = name_th.strip()
    if name_en is not None:
        changes["name_en"] = name_en.strip()
    new_th = changes.get("name_th", area.name_th)
    new_en = changes.get("name_en", area.name_en)
    changes["search_name"] = normalize_name(new_th)
    changes["search_name_en"] = normalize_name(new_en)
    return audited_update(area, actor=actor, **changes)


@transaction.atomic(durable=True)
def village_create(*, actor: AbstractUser, tambon: Area, number: int, name_th: str, name_en: str = "") -> Area:
    """Add a village (หมู่บ้าน, หมู่ที่ ``number``) or Bangkok community (ชุมชน) under a tambon/แขวง."""
    access.require_write(actor, Action.AREA_EDIT, tambon)
    if tambon.level != AreaLevel.SUBDISTRICT:
        raise ValidationError("หมู่บ้านต้องอยู่ในตำบล / A village must lie in a subdistrict.")
    if not 1 <= number <= 99:
        raise ValidationError("หมู่ที่ต้องอยู่ระหว่าง 1 ถึง 99 / The village number must be 1 to 99.")
    return audited_create(
        Area,
        actor=actor,
        code=f"{tambon.code}{number:02d}",
        level=AreaLevel.VILLAGE,
        parent=tambon,
        name_th=name_th.strip(),
        name_en=name_en.strip(),
        search_name=normalize_name(name_th),
        search_name_en=normalize_name(name_en),
    )


@transaction.atomic(durable=True)
def local_government_create(
    *,
    actor: AbstractUser,
    code: str,
    kind: str,
    name_th: str,
    province: Area,
    name_en: str = "",
    tambons: list[Area] | tuple[Area, ...] = (),
) -> LocalGovernment:
    """Register a local government (อปท.) and the tambons it covers (all in ``province``)."""
    access.require_write(actor, Action.AREA_EDIT, province)
    if province.level != AreaLevel.PROVINCE:
        raise ValidationError("ต้องระบุจังหวัด / The province must be a province.")
    outside = [t.code for t in tambons if t.level != AreaLevel.SUBDISTRICT or not t.code.startswith(province.code)]
    if outside:
        raise ValidationError(
            f"ตำบลไม่อยู่ในจังหวัดนี้: {', '.join(outside)} / Subdistricts outside this province: {', '.join(outside)}"
        )
    lg = audited_create(
        LocalGovernment,
        actor=actor,
        note="tambons: " + ",".join(t.code for t in tambons),
        code=code.strip(),
        kind=kind,
        name_th=name_th.strip(),
        name_en=name_en.strip(),
        province=province,
    )
    lg.tambons.set(tambons)
    return lg
