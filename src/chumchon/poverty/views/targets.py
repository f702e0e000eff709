"""Target lists of a tambon (page and Excel export) and a household's page; each read is audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from chumchon.accounts import permissions
from chumchon.accounts.permissions import Action
from chumchon.audit.exports import xlsx_response
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record
from chumchon.poverty.models import DimensionCode, VulnerableGroup
from chumchon.poverty.selectors import targets as targets_selectors
from chumchon.poverty.views.common import (
    DIM_LABELS,
    GROUP_LABELS,
    breadcrumb,
    indicator_labels,
    round_from_request,
    tambon_for_people,
    village_labels,
)

# Households per target-list page: a phone shows 25 as compact cards in a few screens; the user may
# choose 50 or 100 (``?per=``); the Excel export has them all.
TARGET_PAGE_SIZES = (25, 50, 100)
TARGET_PAGE_SIZE = TARGET_PAGE_SIZES[0]


def _page_size(request: HttpRequest) -> int:
    try:
        size = int(request.GET.get("per", ""))
    except ValueError:
        return TARGET_PAGE_SIZE
    return size if size in TARGET_PAGE_SIZES else TARGET_PAGE_SIZE


def _target_filters(request: HttpRequest) -> dict[str, Any]:
    dimension = request.GET.get("dimension", "")
    group = request.GET.get("group", "")
    return {
        "dimension": dimension if dimension in DIM_LABELS else "",
        "group": group if group in GROUP_LABELS else "",
        "tpmap_only": request.GET.get("tpmap") == "1",
    }


def _filters_note(filters: dict[str, Any]) -> str:
    """The filters in the audit note as people read them (no dictionary of keys)."""
    parts = [
        str(DIM_LABELS[filters["dimension"]]) if filters.get("dimension") else "",
        str(GROUP_LABELS[filters["group"]]) if filters.get("group") else "",
        "TPMAP" if filters.get("tpmap_only") else "",
    ]
    return "(" + (", ".join(p for p in parts if p) or "ทั้งหมด / all") + ")"


def _requested_target_list(request: HttpRequest, code: str) -> tuple[Any, Any, dict[str, Any], Any]:
    """The tambon, round, filters and target list a page or its export asks for."""
    tambon = tambon_for_people(request, code)
    survey_round = round_from_request(request)
    if survey_round is None:
        raise Http404("ยังไม่มีรอบการสำรวจ / No survey round yet")
    filters = _target_filters(request)
    show_ids = permissions.can(request.user, Action.PERSON_VIEW_ID, tambon)
    tl = targets_selectors.target_list(survey_round=survey_round, tambon=tambon, show_ids=show_ids, **filters)
    return tambon, survey_round, filters, tl


@login_required
def target_list(request: HttpRequest, code: str) -> HttpResponse:
    tambon, survey_round, filters, tl = _requested_target_list(request, code)
    # A tambon can have thousands of deprived households: the page shows TARGET_PAGE_SIZE of them at a time
    # (the Excel export still has them all). get_page: a missing or invalid ?page gives page 1, a page
    # past the end gives the last page.
    per_page = _page_size(request)
    page = Paginator(tl.households, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()  # the filters, without the page, for the page and export links
    query.pop("page", None)
    page_query = query.copy()
    page_query["round"] = survey_round.code  # paging stays in the round being viewed

    def page_url(number: int) -> str:
        page_query["page"] = str(number)
        return f"?{page_query.urlencode()}"

    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        model_label="poverty.targetlist",
        object_pk=f"{survey_round.code}:{tambon.code}",
        area_code=tambon.code,
        personal_data=True,
        note=(
            f"target list {survey_round.code} {tambon.code} {_filters_note(filters)} "
            f"page {page.number} of {page.paginator.num_pages} "
            f"(households {page.start_index()}-{page.end_index()} of {page.paginator.count})"
        ),
    )
    return render(
        request,
        "poverty/targets.html",
        {
            "area": tambon,
            "breadcrumb": breadcrumb(tambon),
            "survey_round": survey_round,
            "tl": tl,
            "page": page,
            "previous_url": page_url(page.previous_page_number()) if page.has_previous() else "",
            "next_url": page_url(page.next_page_number()) if page.has_next() else "",
            "filters": filters,
            "dimensions": DimensionCode.choices,
            "groups": VulnerableGroup.choices,
            "dim_labels": DIM_LABELS,
            "group_labels": GROUP_LABELS,
            "can_edit_logbook": permissions.can(request.user, Action.LOGBOOK_EDIT, tambon),
            "can_add": permissions.can(request.user, Action.PERSON_EDIT, tambon),
            "query": query.urlencode(),
            "per_page": per_page,
            "page_sizes": TARGET_PAGE_SIZES,
            "indicator_labels": indicator_labels(survey_round),
            "village_labels": village_labels(tambon),
        },
    )


@login_required
def target_export(request: HttpRequest, code: str) -> FileResponse:
    tambon, survey_round, _filters, tl = _requested_target_list(request, code)
    # Labels, not codes, in the language of the page that asked (the headers are Thai / English).
    indicators = indicator_labels(survey_round)
    villages = village_labels(tambon)
    flags = {"open": gettext("Also surveyed in another area"), "elsewhere": gettext("Counted in another area")}

    def names(codes: Any) -> str:
        return ", ".join(indicators.get(c, c) for c in codes)

    def rows() -> Any:
        for h in tl.households:
            dims = ", ".join(str(DIM_LABELS[d]) for d in h.deprived_dimensions)
            source = "เพิ่มโดยทีมภาคสนาม / field team" if h.addition else "จปฐ. / survey"
            people: list[Any] = list(h.persons) or [None]
            for p in people:
                yield [
                    h.ref,
                    h.house_no,
                    villages.get(h.village_code, ""),
                    h.village_code,
                    source,
                    "✓" if h.is_tpmap_target else "",
                    dims,
                    names(h.failed_indicators),
                    p.national_id if p else "",
                    p.name if p else "",
                    p.age if p else "",
                    ", ".join(str(GROUP_LABELS[g]) for g in p.groups) if p else "",
                    names(p.failed_indicators) if p else "",
                    flags.get(p.duplicate, "") if p else "",
                    ", ".join(f"{DIM_LABELS[d]}: {c.get_status_display()}" for d, c in h.cases.items()),
                ]

    return xlsx_response(
        filename=f"targets-{survey_round.code}-{tambon.code}.xlsx",
        headers=[
            "รหัสครัวเรือน / Household",
            "บ้านเลขที่ / House no.",
            "หมู่บ้าน / Village",
            "รหัสหมู่บ้าน / Village code",
            "ที่มา / Source",
            "คนจนเป้าหมาย TPMAP",
            "มิติที่ขาด / Deprived dimensions",
            "ตัวชี้วัดที่ไม่ผ่าน (ครัวเรือน) / Failed indicators",
            "เลขประจำตัวประชาชน / National ID",
            "ชื่อ-สกุล / Name",
            "อายุ / Age",
            "กลุ่มเปราะบาง / Vulnerable groups",
            "ตัวชี้วัดที่ไม่ผ่าน (บุคคล) / Person indicators",
            "บุคคลซ้ำข้ามพื้นที่ / Cross-area duplicate",
            "สมุดบันทึกการช่วยเหลือ / Logbook",
        ],
        rows=rows(),
        actor=request.user,
        model_label="poverty.targetlist",
        area_code=tambon.code,
        personal_data=True,
        sheet_title=f"targets {tambon.code}",
    )


@login_required
def household(request: HttpRequest, code: str, ref: str) -> HttpResponse:
    tambon = tambon_for_people(request, code)
    survey_round = round_from_request(request)
    if survey_round is None:
        raise Http404("ยังไม่มีรอบการสำรวจ / No survey round yet")
    show_ids = permissions.can(request.user, Action.PERSON_VIEW_ID, tambon)
    h = targets_selectors.target_household(
        survey_round=survey_round, tambon=tambon, household_id=ref, show_ids=show_ids
    )
    if h is None:
        raise Http404("ไม่พบครัวเรือนเป้าหมาย / Target household not found")
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        model_label="poverty.household",
        object_pk=f"{survey_round.code}:{ref}",
        area_code=tambon.code,
        personal_data=True,
        note=f"household {ref}",
    )
    open_dims = [(d, DIM_LABELS[d]) for d in h.deprived_dimensions if d not in h.cases]
    return render(
        request,
        "poverty/household.html",
        {
            "area": tambon,
            "breadcrumb": breadcrumb(tambon),
            "survey_round": survey_round,
            "h": h,
            "dim_labels": DIM_LABELS,
            "group_labels": GROUP_LABELS,
            "open_dims": open_dims,
            "cases": [(DIM_LABELS[d], c) for d, c in h.cases.items()],
            "can_edit_logbook": permissions.can(request.user, Action.LOGBOOK_EDIT, tambon),
            "indicator_labels": indicator_labels(survey_round),
            "village_labels": village_labels(tambon),
        },
    )
