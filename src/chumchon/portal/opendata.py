"""Open data: every public section as CSV (UTF-8 with BOM) and JSON per area and fiscal year, the DCAT
catalogue (JSON-LD, DCAT-AP 2.1.1) a CKAN can harvest, and the projects as IATI 2.03 activities.

Everything here is built from the same ``PublicTable`` the pages show, so it has been through the
disclosure module; the views pass each body through ``disclosure.guard_text`` as well.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree as ET

from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.areas.models import Area, AreaLevel
from chumchon.budgets.models import LedgerEntry, LedgerKind
from chumchon.core.thai import fiscal_year_range
from chumchon.portal import figures, places
from chumchon.portal.places import Place
from chumchon.portal.sections import PUBLIC_SECTIONS, PublicTable, Section, sections
from chumchon.portal.selectors import PUBLIC_STATUSES, projects_queryset
from chumchon.projects.models import Project, ProjectStatus

LICENCE = "https://creativecommons.org/licenses/by/4.0/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
MEDIA = "https://www.iana.org/assignments/media-types/"


def licence() -> str:
    return str(getattr(settings, "OPEN_DATA_LICENCE", LICENCE))


def last_updated() -> dt.datetime:
    """When the published figures last changed: the latest computed round or project change."""
    stamps = [
        figures.ready_rounds()[-1].computed_at if figures.ready_rounds() else None,
        Project.objects.filter(status__in=PUBLIC_STATUSES).aggregate(m=Max("updated_at"))["m"],
    ]
    known = [s for s in stamps if s is not None]
    return max(known) if known else timezone.now()


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value


def table_json(place: Place, section: Section, table: PublicTable, fiscal_year: int | None) -> dict[str, Any]:
    return {
        "title": str(section.title),
        "description": str(section.description),
        "area": {"code": place.key, "name": place.name, "kind": place.kind},
        "fiscal_year_be": fiscal_year,
        "licence": licence(),
        "last_updated": last_updated().isoformat(),
        "frequency": section.frequency,
        "disclosure": {**table.note.as_dict(), "note": table.note.text()},
        "columns": [{"key": c.key, "label": str(c.label)} for c in table.columns],
        "rows": [{c.key: _plain(row.get(c.key)) for c in table.columns} for row in table.rows],
    }


def table_csv(table: PublicTable) -> str:
    out = io.StringIO()
    out.write("\ufeff")  # BOM: Excel opens the Thai as UTF-8
    writer = csv.writer(out)
    writer.writerow([str(c.label) for c in table.columns])
    for row in table.rows:
        writer.writerow(["" if row.get(c.key) is None else row.get(c.key) for c in table.columns])
    return out.getvalue()


def download(place: Place, section_key: str, fmt: str, fiscal_year: int | None) -> HttpResponse | None:
    section = PUBLIC_SECTIONS.get(section_key)
    if section is None:
        return None
    table = section.build(place, fiscal_year)
    name = f"chumchon-{place.key}-{section.key}{'-' + str(fiscal_year) if fiscal_year else ''}"
    if fmt == "csv":
        response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    else:
        body = json.dumps(table_json(place, section, table, fiscal_year), ensure_ascii=False, indent=1)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{name}.{fmt}"'
    return response


# --- DCAT (JSON-LD) -------------------------------------------------------------------------------------

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}


def _lit(text: str, lang: str) -> dict[str, str]:
    return {"@value": text, "@language": lang}


def _dated(value: dt.datetime) -> dict[str, str]:
    return {"@value": value.replace(microsecond=0).isoformat(), "@type": "xsd:dateTime"}


def catalogue(base: str, keys: list[str] | None = None) -> dict[str, Any]:
    """The DCAT-AP catalogue: one dataset per public section and place (the nation and each province)."""
    updated = last_updated()
    publisher = {
        "@id": base + reverse("portal:home") + "#publisher",
        "@type": "foaf:Agent",
        "foaf:name": [
            _lit("สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)", "th"),
            _lit("Community Organizations Development Institute", "en"),
        ],
    }
    lic = {"@id": licence(), "@type": "dct:LicenseDocument"}
    if keys is None:
        keys = [
            places.NATION,
            *Area.objects.filter(level=AreaLevel.PROVINCE).order_by("code").values_list("code", flat=True),
        ]
    datasets = []
    for key in keys:
        place = places.place_get(key)
        if place is None:
            continue
        page = base + reverse("portal:place", args=[key]) if key != places.NATION else base + reverse("portal:home")
        for section in sections():
            distributions = []
            for fmt, file_type, media in (("csv", "CSV", "text/csv"), ("json", "JSON", "application/json")):
                url = base + reverse("portal:download", args=[key, section.key, fmt])
                distributions.append(
                    {
                        "@id": url,
                        "@type": "dcat:Distribution",
                        "dcat:accessURL": {"@id": url},
                        "dcat:downloadURL": {"@id": url},
                        "dct:title": [_lit(f"{section.title} — {place.name} ({fmt.upper()})", "th")],
                        "dct:format": {"@id": FILE_TYPE + file_type, "@type": "dct:MediaTypeOrExtent"},
                        "dcat:mediaType": {"@id": MEDIA + media, "@type": "dct:MediaType"},
                        "dct:license": lic,
                        "dct:modified": _dated(updated),
                    }
                )
            datasets.append(
                {
                    "@id": f"{page}#dataset-{section.key}",
                    "@type": "dcat:Dataset",
                    "dct:identifier": f"chumchon-{key}-{section.key}",
                    "dct:title": [_lit(f"{section.title} — {place.name}", "th")],
                    "dct:description": [
                        _lit(
                            f"{section.description} {_('Add ?fy=<fiscal year B.E.> to a download for one fiscal year.')}",
                            "th",
                        )
                    ],
                    "dct:publisher": publisher,
                    "dct:modified": _dated(updated),
                    "dct:accrualPeriodicity": {"@id": section.frequency, "@type": "dct:Frequency"},
                    "dcat:keyword": [_lit(str(section.title), "th"), _lit(place.name, "th")],
                    "dcat:landingPage": {"@id": page, "@type": "foaf:Document"},
                    "dcat:distribution": distributions,
                }
            )
    return {
        "@context": CONTEXT,
        "@id": base + reverse("portal:dcat"),
        "@type": "dcat:Catalog",
        "dct:title": [_lit("ข้อมูลเปิดชุมชน", "th"), _lit("Chumchon open data", "en")],
        "dct:description": [
            _lit(
                "ตัวเลขรวมรายพื้นที่ด้านความยากจน งบประมาณ โครงการ และองค์กรชุมชน ตัวเลขที่น้อยกว่าเกณฑ์ถูกปิดไว้",
                "th",
            ),
            _lit(
                "Area totals on poverty, budgets, projects and community organisations; small counts suppressed.",
                "en",
            ),
        ],
        "dct:publisher": publisher,
        "dct:license": lic,
        "dct:modified": _dated(updated),
        "foaf:homepage": {"@id": base + reverse("portal:opendata"), "@type": "foaf:Document"},
        "dcat:dataset": datasets,
    }


def dcat_response(request: HttpRequest) -> HttpResponse:
    base = f"{request.scheme}://{request.get_host()}"
    body = json.dumps(catalogue(base), ensure_ascii=False, indent=1)
    return HttpResponse(body, content_type="application/ld+json; charset=utf-8")


# --- IATI 2.03 ----------------------------------------------------------------------------------------

ACTIVITY_STATUS = {
    ProjectStatus.APPROVED: "1",  # Pipeline/identification: approved, agreement not yet signed
    ProjectStatus.AGREEMENT_SIGNED: "2",  # Implementation
    ProjectStatus.IN_PROGRESS: "2",
    ProjectStatus.CLOSED: "4",  # Closed
}
TRANSACTION_TYPE = {LedgerKind.COMMIT: "2", LedgerKind.DISBURSE: "3"}  # Outgoing Commitment, Disbursement
EXPENDITURE = "4"


def org_ref() -> str:
    return str(getattr(settings, "IATI_ORG_REF", "TH-CODI"))


def _narratives(parent: ET.Element, th: str, en: str = "") -> None:
    n = ET.SubElement(parent, "narrative")
    n.text = th
    if en:
        e = ET.SubElement(parent, "narrative", {"{http://www.w3.org/XML/1998/namespace}lang": "en"})
        e.text = en


def _value(parent: ET.Element, amount: Decimal, on: dt.date) -> None:
    v = ET.SubElement(parent, "value", {"currency": "THB", "value-date": on.isoformat()})
    v.text = f"{amount:.2f}"


def iati_activity(project: Project) -> ET.Element:
    approved_on = (project.approved_at or project.created_at).date()
    act = ET.Element(
        "iati-activity",
        {
            "{http://www.w3.org/XML/1998/namespace}lang": "th",
            "default-currency": "THB",
            "last-updated-datetime": project.updated_at.replace(microsecond=0).isoformat(),
        },
    )
    ET.SubElement(act, "iati-identifier").text = f"{org_ref()}-P{project.pk}"
    rep = ET.SubElement(act, "reporting-org", {"ref": org_ref(), "type": "10"})
    _narratives(rep, "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)", "Community Organizations Development Institute")
    _narratives(ET.SubElement(act, "title"), project.title_th, project.title_en)
    desc = ET.SubElement(act, "description", {"type": "1"})
    _narratives(desc, project.objectives or project.title_th)
    funding = ET.SubElement(act, "participating-org", {"ref": org_ref(), "role": "1", "type": "10"})
    _narratives(funding, "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)", "Community Organizations Development Institute")
    implementing = ET.SubElement(act, "participating-org", {"role": "4", "type": "22"})
    _narratives(implementing, project.proposer.name_th, project.proposer.name_en)
    ET.SubElement(act, "activity-status", {"code": ACTIVITY_STATUS.get(ProjectStatus(project.status), "2")})
    ET.SubElement(act, "activity-date", {"type": "1", "iso-date": (project.starts_on or approved_on).isoformat()})
    if project.ends_on:
        ET.SubElement(act, "activity-date", {"type": "3", "iso-date": project.ends_on.isoformat()})
    if project.closed_at:
        ET.SubElement(act, "activity-date", {"type": "4", "iso-date": project.closed_at.date().isoformat()})
    ET.SubElement(act, "activity-scope", {"code": "7" if len(project.area.code) >= 6 else "6"})
    ET.SubElement(act, "recipient-country", {"code": "TH"})
    # Location by DOPA administrative code: the code names the location (ref) and its
    # administrative entry; IATI has no vocabulary for DOPA codes, so the administrative element
    # carries the country (A4 = ISO 3166-1) and the DOPA code travels in the ref and the name.
    loc = ET.SubElement(act, "location", {"ref": f"TH-DOPA-{project.area.code}"})
    ET.SubElement(loc, "location-reach", {"code": "1"})
    _narratives(ET.SubElement(loc, "name"), f"{project.area.name_th} (DOPA {project.area.code})", project.area.name_en)
    ET.SubElement(loc, "administrative", {"vocabulary": "A4", "code": "TH", "level": "0"})
    ET.SubElement(loc, "exactness", {"code": "2"})
    start, end = fiscal_year_range(project.programme.fiscal_year)
    if project.approved_amount is not None:
        budget = ET.SubElement(act, "budget", {"type": "1", "status": "2"})
        ET.SubElement(budget, "period-start", {"iso-date": start.isoformat()})
        ET.SubElement(budget, "period-end", {"iso-date": end.isoformat()})
        _value(budget, project.approved_amount, approved_on)
    for entry in LedgerEntry.objects.filter(project=project, kind__in=TRANSACTION_TYPE).order_by("at", "id"):
        tx = ET.SubElement(act, "transaction")
        ET.SubElement(tx, "transaction-type", {"code": TRANSACTION_TYPE[LedgerKind(entry.kind)]})
        on = timezone.localtime(entry.at).date()
        ET.SubElement(tx, "transaction-date", {"iso-date": on.isoformat()})
        _value(tx, entry.amount, on)
    last_report = project.progress_reports.order_by("-reported_on", "-id").first()
    if project.spent_amount and last_report is not None:
        tx = ET.SubElement(act, "transaction")
        ET.SubElement(tx, "transaction-type", {"code": EXPENDITURE})
        ET.SubElement(tx, "transaction-date", {"iso-date": last_report.reported_on.isoformat()})
        _value(tx, project.spent_amount, last_report.reported_on)
        _narratives(ET.SubElement(tx, "description"), "ค่าใช้จ่ายที่รายงานสะสม", "Reported spending to date")
    indicators = list(project.indicators.all())
    if indicators:
        result = ET.SubElement(act, "result", {"type": "1"})
        _narratives(ET.SubElement(result, "title"), "ผลผลิตของโครงการ", "Project outputs")
        for ind in indicators:
            el = ET.SubElement(result, "indicator", {"measure": "1", "ascending": "1"})
            _narratives(ET.SubElement(el, "title"), f"{ind.name}{' (' + ind.unit + ')' if ind.unit else ''}")
            if ind.baseline is not None:
                ET.SubElement(
                    el, "baseline", {"year": str(start.year), "iso-date": start.isoformat(), "value": str(ind.baseline)}
                )
            period = ET.SubElement(el, "period")
            ET.SubElement(period, "period-start", {"iso-date": start.isoformat()})
            ET.SubElement(period, "period-end", {"iso-date": end.isoformat()})
            ET.SubElement(period, "target", {"value": str(ind.target)})
            if ind.latest_value is not None:
                ET.SubElement(period, "actual", {"value": str(ind.latest_value)})
    return act


def iati_xml(place: Place, fiscal_year: int | None) -> bytes:
    root = ET.Element(
        "iati-activities",
        {"version": "2.03", "generated-datetime": timezone.now().replace(microsecond=0).isoformat()},
    )
    for project in projects_queryset(place, fiscal_year).prefetch_related("indicators"):
        root.append(iati_activity(project))
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def iati_response(place: Place, fiscal_year: int | None, request: HttpRequest) -> HttpResponse:
    response = HttpResponse(iati_xml(place, fiscal_year), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="chumchon-{place.key}-iati.xml"'
    return response


def approved_by_province() -> dict[str, Decimal]:
    """Approved money of public projects per province (for the cartogram's budget-per-household)."""
    out: dict[str, Decimal] = {}
    rows = (
        Project.objects.filter(status__in=PUBLIC_STATUSES, parent__isnull=True)
        .values("area__code", "approved_amount")
        .order_by()
    )
    for row in rows:
        code = row["area__code"][:2]
        out[code] = out.get(code, Decimal(0)) + (row["approved_amount"] or Decimal(0))
    return out
