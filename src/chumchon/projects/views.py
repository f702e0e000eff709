"""Thin views: permission check, selector or service, template.

Reads go through ``selectors`` (out of scope → 404); writes go through ``services``, which check
role and scope themselves (→ 403) and refuse wrong states with a bilingual message shown here.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from django.views.decorators.http import require_POST

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action
from chumchon.areas.forms import prefer_areas_of
from chumchon.audit.exports import xlsx_response
from chumchon.core.forms import add_service_error
from chumchon.core.fragments import Fragment
from chumchon.core.links import link_maker
from chumchon.core.pagination import paginate
from chumchon.core.tabular import error_report_bytes
from chumchon.core.uploads import files_removed_on_failure, upload_on_disk
from chumchon.meetings import authority
from chumchon.meetings import selectors as meeting_selectors
from chumchon.meetings import services as meeting_services
from chumchon.meetings.authority import Power
from chumchon.organizations.models import Body
from chumchon.plans import selectors as plan_selectors
from chumchon.plans.models import PlanItem
from chumchon.projects import forms, plan_items, selectors, services, worklist
from chumchon.projects.imports import SPECS, progress_import
from chumchon.projects.models import (
    Activity,
    Attachment,
    BudgetLine,
    CoFunding,
    Project,
    ProjectIndicator,
    ProjectStatus,
    ReportPhoto,
)

# What the project list shows: projects and their tally, programmes, areas and bodies, the user's roles and
# scope, the approval rules behind "awaiting you" (core.fragments keeps the page per their data versions).
LIST_APPS = ("projects", "budgets", "areas", "organizations", "accounts", "meetings", "plans")


@login_required
def index(request: HttpRequest) -> HttpResponseBase:
    if request.GET.get("format") == "xlsx":
        return _index(request, None)
    fragment = Fragment(request, "projects.index", apps=LIST_APPS)
    if fragment.hit:
        return render(request, "projects/index.html", {"fragment": fragment})
    return _index(request, fragment)


def _index(request: HttpRequest, fragment: Fragment | None) -> HttpResponseBase:
    fiscal_years, programme_labels = selectors.filter_choices()
    form = forms.ProjectFilterForm(request.GET or None, fiscal_years=fiscal_years, programmes=programme_labels)
    prefer_areas_of(form, request.user)
    filters: dict[str, Any] = {}
    if form.is_valid():
        d = form.cleaned_data
        filters = {
            "fiscal_year": d.get("fy"),
            "programme_id": d.get("programme"),
            "status": d.get("status") or None,
            "area_code": d["area"].code if d.get("area") else None,
            "overdue": bool(d.get("overdue")),
            "text": (d.get("q") or "").strip(),
        }
    # The worklist links here with ?todo=<kind>: only the projects awaiting this user for it.
    todo = request.GET.get("todo", "")
    narrowed = todo in worklist.TODOS
    few = todo in worklist.FEW

    @functools.cache
    def matching() -> QuerySet[Project]:
        """The projects the page lists, built only when read: the tally usually answers the totals, and a
        broad set's page is read newest first by another statement."""
        qs = selectors.project_list(request.user, **filters, few=few)
        return worklist.todo_filter(qs, request.user, todo) if narrowed else qs

    if request.GET.get("format") == "xlsx":
        return _export(request, matching())
    # The total and the rows per programme (from the materialised tally when it can answer); the
    # total is also the pager's count.
    groups = selectors.list_rollup(
        request.user, matching, filters, narrowed=narrowed, to_disburse=todo == "disburse", few=few
    )
    totals = groups[""]
    if not few and selectors.broad(totals.projects):  # the whole list, or the money to pay out
        qs = selectors.project_list(request.user, **filters, newest_walk=True)
        qs = worklist.todo_filter(qs, request.user, todo, newest_walk=True) if narrowed else qs
    else:
        qs = matching()
    # The page reads only the values its rows show (no model built a row), each row's kept rolled-up progress
    # with it (no read of activities or sub-projects), each row's link from one reversed pattern (the path
    # ``{% url 'projects:detail' pk %}`` gives).
    page = paginate(request, selectors.list_row_values(qs), count=totals.projects)
    page.object_list = listed = selectors.list_rows(page.object_list, link_maker("projects:detail", mark=987654321))
    progress = selectors.page_progress(listed)
    # Each status's label translated once (get_status_display rebuilds the choices for every row, and a lazy
    # label is translated again wherever it is written).
    status_labels = {value: str(label) for value, label in ProjectStatus.choices}
    rows = [(p, progress[p.pk], status_labels.get(p.status, p.status)) for p in listed]
    by_programme = selectors.labelled_programme_rollups(groups, labels=dict(programme_labels))
    context = {
        "form": form,
        "rows": rows,
        "page": page,
        "total_count": totals.projects,
        "totals": totals,
        "by_programme": by_programme,
        "can_propose": permissions.can_anywhere(request.user, Action.PROJECT_PROPOSE),
        "can_import": permissions.can_anywhere(request.user, Action.PROJECT_REPORT),
        "export_query": request.GET.urlencode(),
        "todo_label": worklist.TODOS[todo][0] if todo in worklist.TODOS else "",
        "fragment": fragment,
    }
    return render(request, "projects/index.html", context)


def _export(request: HttpRequest, qs: Any) -> HttpResponseBase:
    projects = list(qs)
    progress = selectors.progress_map(projects)
    headers = [
        "ID",
        "ชื่อโครงการ / Title",
        "ปีงบประมาณ / FY",
        "แผนงาน / Programme",
        "รหัสพื้นที่ / Area code",
        "พื้นที่ / Area",
        "ผู้เสนอ / Proposer",
        "สถานะ / Status",
        "ขอ (บาท) / Requested",
        "อนุมัติ (บาท) / Approved",
        "เบิกจ่าย (บาท) / Disbursed",
        "ใช้จ่าย (บาท) / Spent",
        "ความก้าวหน้า % / Progress",
        "กำหนดรายงาน / Report due",
        "ค้างรายงาน / Overdue",
    ]
    rows = (
        [
            p.pk,
            p.title_th,
            p.programme.fiscal_year if p.programme else "",
            p.programme.name_th if p.programme else "",
            p.area.code,
            p.area.name_th,
            p.proposer.name_th,
            p.get_status_display(),
            p.requested_amount,
            p.approved_amount,
            p.disbursed_amount,
            p.spent_amount,
            progress[p.pk],
            p.next_report_due,
            "1" if p.is_report_overdue else "",
        ]
        for p in projects
    )
    return xlsx_response(
        filename="projects.xlsx",
        headers=headers,
        rows=rows,
        actor=acting_user(request),
        model_label="projects.project",
        sheet_title="projects",
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(request.user, pk, parts_present=True)
    present = selectors.page_parts(project)  # lists without rows are not read

    def part(name: str, rows: Any) -> Any:
        return rows if name in present else []

    editable = selectors.can_edit(request.user, project)
    timeline = list(selectors.project_timeline(project))
    # A resolution's page is linked for who may see its committee; others read its number and text.
    bodies = {e.resolution.body for e in timeline if e.resolution is not None}
    if project.approval_resolution is not None:
        bodies.add(project.approval_resolution.body)
    activities = list(part("activities", project.activities.all()))
    progress, has_children = selectors.project_progress_and_children(project, activities)
    context = {
        "project": project,
        "progress": progress,
        "timeline": timeline,
        "seen_bodies": {b.pk for b in bodies if permissions.can(request.user, Action.MEETING_VIEW, b)},
        "budget_lines": part("budget_lines", project.budget_lines.all()),
        "co_funding": part("co_funding", project.co_funding.all()),
        "indicators": part("indicators", project.indicators.all()),
        "activities": activities,
        "sub_projects": _sub_projects(request.user, project) if has_children else [],
        "can_propose_sub": permissions.can(request.user, Action.PROJECT_PROPOSE, project.area),
        "attachments": part("attachments", project.attachments.all()),
        "reports": part(
            "progress_reports", project.progress_reports.prefetch_related("photos").order_by("-reported_on", "-id")
        ),
        "tranches": part("tranches", project.tranches.all()),
        "transitions": selectors.available_transitions(request.user, project),
        "editable": editable,
        "can_attach": editable
        or (
            permissions.can(request.user, Action.PROJECT_REPORT, project)
            and project.status in ("agreement_signed", "in_progress")
        ),
        "line_form": forms.BudgetLineForm(),
        "co_form": forms.CoFundingForm(),
        "ind_form": forms.IndicatorForm(),
        "act_form": forms.ActivityForm(),
        "att_form": forms.AttachmentForm(),
    }
    return render(request, "projects/detail.html", context)


def _sub_projects(user: User | AnonymousUser, project: Project) -> list[tuple[Project, Any]]:
    """The sub-projects the user may see, oldest first, each with its rolled-up % progress."""
    children = list(
        permissions.scoped(project.children.all(), user, Action.PROJECT_VIEW)
        .select_related("area")
        .order_by("created_at", "id")
    )
    progress = selectors.progress_map(children)
    return [(child, progress[child.pk]) for child in children]


def _parent_from(request: HttpRequest) -> Project | None:
    """The parent named by ``?parent=<pk>`` (a sub-project proposal); unreadable or missing → 404."""
    raw = request.GET.get("parent", "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404("ไม่พบโครงการ / Project not found")
    return selectors.project_get(request.user, int(raw))


def _plan_item_from(request: HttpRequest) -> PlanItem | None:
    """The plan item named by ``?plan_item=<pk>`` (a proposal made from a plan item); unreadable → 404."""
    raw = request.GET.get("plan_item", "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404("ไม่พบรายการในแผน / Plan item not found")
    return plan_selectors.item_get(request.user, int(raw))


def _proposer_bodies(user: User | AnonymousUser, programmes: Any) -> Any:
    kinds: set[str] = set()
    for programme in programmes:
        kinds.update(str(k) for k in (programme.eligible_body_kinds or []))
    qs = Body.objects.filter(is_active=True)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return permissions.scoped_by_scope(qs, user, Action.PROJECT_PROPOSE).select_related("area")


@login_required
def create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_anywhere(request.user, Action.PROJECT_PROPOSE):
        raise PermissionDenied("คุณไม่มีสิทธิ์เสนอโครงการ / You are not allowed to propose projects.")
    parent = _parent_from(request)
    item = _plan_item_from(request)
    form: forms.ProjectForm
    if parent is None:
        programme_list = list(selectors.programmes())
        bodies = _proposer_bodies(request.user, programme_list)
        form = forms.ProjectForm(request.POST or None, programmes=programme_list, bodies=bodies)
    else:
        programme_list = [parent.programme]
        bodies = _proposer_bodies(request.user, programme_list)
        form = forms.SubProjectForm(request.POST or None, parent=parent, bodies=bodies)
    prefer_areas_of(form, request.user)
    if request.method == "GET" and parent is None:
        first = bodies.first()
        if first is not None and first.area is not None:
            form.initial["area_code"] = first.area.code
    if request.method == "GET" and item is not None:
        form.initial.update(plan_items.initial_from_item(item))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        programme = next(p for p in programme_list if p.pk == d["programme"])
        sub: dict[str, Any] = {"parent": parent, "weight": d["weight"]} if parent is not None else {}
        if item is not None:
            sub.update(plan_item=item, budget_lines=plan_items.budget_lines_from_item(item))
        try:
            project = services.project_create(
                actor=acting_user(request),
                programme=programme,
                area=d["area_code"],
                proposer=d["proposer"],
                title_th=d["title_th"],
                title_en=d["title_en"],
                objectives=d["objectives"],
                target_groups=d["target_groups"],
                target_households=d["target_households"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                **sub,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Draft project created. Add its budget lines, then submit it."))
            return redirect("projects:detail", pk=project.pk)
    title = _("New project proposal") if parent is None else _("New sub-project")
    # ``project`` is the parent: the form's breadcrumb leads back to it.
    return render(
        request,
        "projects/form.html",
        {"form": form, "title": title, "multipart": False, "project": parent, "parent": parent, "plan_item": item},
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(request.user, pk)  # out of scope or missing: the same 404, GET or POST
    fields = ("title_th", "title_en", "objectives", "target_groups", "target_households", "starts_on", "ends_on")
    form = forms.ProjectEditForm(request.POST or None, initial={f: getattr(project, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(project=project, actor=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Proposal saved."))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form, "title": _("Edit proposal"), "project": project})


def _back(project_pk: int) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("projects:detail", args=[project_pk]))


def _run(request: HttpRequest, fn: Any, ok: str, **kwargs: Any) -> bool:
    try:
        fn(actor=acting_user(request), **kwargs)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
        return False
    messages.success(request, ok)
    return True


@dataclass(frozen=True)
class ProposalPart:
    """One kind of part of a proposal that the project page adds and removes (lines, co-funding, …)."""

    form: type[django_forms.Form]
    add: Callable[..., Any]
    added: str
    invalid: str
    model: type[Model]
    delete: Callable[..., Any]
    delete_kwarg: str
    removed: str


PROPOSAL_PARTS: dict[str, ProposalPart] = {
    "line": ProposalPart(
        forms.BudgetLineForm,
        services.budget_line_add,
        N_("Budget line added."),
        N_("Please give an item and an amount."),
        BudgetLine,
        services.budget_line_delete,
        "line",
        N_("Budget line removed."),
    ),
    "co_funding": ProposalPart(
        forms.CoFundingForm,
        services.co_funding_add,
        N_("Co-funding added."),
        N_("Please give a source and an amount."),
        CoFunding,
        services.co_funding_delete,
        "co_funding",
        N_("Co-funding removed."),
    ),
    "indicator": ProposalPart(
        forms.IndicatorForm,
        services.indicator_add,
        N_("Indicator added."),
        N_("Please give the indicator's name and target."),
        ProjectIndicator,
        services.indicator_delete,
        "indicator",
        N_("Indicator removed."),
    ),
    "activity": ProposalPart(
        forms.ActivityForm,
        services.activity_add,
        N_("Activity added."),
        N_("Please give the activity's name and weight."),
        Activity,
        services.activity_delete,
        "activity",
        N_("Activity removed."),
    ),
}


def _part_add_view(kind: str) -> Callable[..., HttpResponse]:
    part = PROPOSAL_PARTS[kind]

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        project = selectors.project_get(request.user, pk)
        form = part.form(request.POST)
        if form.is_valid():
            _run(request, part.add, _(part.added), project=project, **form.cleaned_data)
        else:
            messages.error(request, _(part.invalid))
        return _back(pk)

    view.__name__ = f"{kind}_add"
    return view


def _part_delete_view(kind: str) -> Callable[..., HttpResponse]:
    part = PROPOSAL_PARTS[kind]

    @login_required
    @require_POST
    def view(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
        selectors.project_get(request.user, pk)  # out of scope or missing: the same 404
        item = get_object_or_404(part.model, pk=item_pk, project_id=pk)
        _run(request, part.delete, _(part.removed), **{part.delete_kwarg: item})
        return _back(pk)

    view.__name__ = f"{kind}_delete"
    return view


line_add = _part_add_view("line")
line_delete = _part_delete_view("line")
co_funding_add = _part_add_view("co_funding")
co_funding_delete = _part_delete_view("co_funding")
indicator_add = _part_add_view("indicator")
indicator_delete = _part_delete_view("indicator")
activity_add = _part_add_view("activity")
activity_delete = _part_delete_view("activity")


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(request.user, pk)
    form = forms.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        _run(request, services.attachment_add, _("File attached."), project=project, **form.cleaned_data)
    else:
        messages.error(request, _("Please choose a file."))
    return _back(pk)


def _serve(file: Any) -> FileResponse:
    if not file:
        raise Http404("ไม่พบไฟล์ / File not found")
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404("ไม่พบไฟล์ / File not found") from None
    return FileResponse(handle, as_attachment=False, filename=file.name.rsplit("/", 1)[-1])


@login_required
def attachment_file(request: HttpRequest, pk: int, item_pk: int) -> FileResponse:
    """An attachment, to who may read its project (404 otherwise): uploads are never under a public /media/."""
    project = selectors.project_get(request.user, pk)
    return _serve(get_object_or_404(Attachment, pk=item_pk, project=project).file)


@login_required
def photo_file(request: HttpRequest, pk: int, item_pk: int) -> FileResponse:
    """A progress report's photo, to who may read its project (404 otherwise)."""
    project = selectors.project_get(request.user, pk)
    return _serve(get_object_or_404(ReportPhoto, pk=item_pk, report__project=project).image)


# ---------------------------------------------------------------------------------------------
# Transitions

SIMPLE_TRANSITIONS: dict[str, tuple[Callable[..., Any], type[django_forms.Form], str]] = {
    "submit": (services.project_submit, forms.CommentForm, "comment"),
    "screen": (services.project_screen, forms.CommentForm, "comment"),
    "return": (services.project_return, forms.ReasonsForm, "reasons"),
    "cancel": (services.project_cancel, forms.ReasonsForm, "reasons"),
}
TRANSITION_TITLES = {
    "submit": N_("Submit the proposal"),
    "screen": N_("Screen the proposal (provincial working group)"),
    "return": N_("Return for revision"),
    "approve": N_("Approve (resolution of the body with authority)"),
    "reject": N_("Reject (resolution of the body with authority)"),
    "sign": N_("Sign the agreement"),
    "disburse": N_("Disburse a tranche"),
    "close": N_("Close the project"),
    "cancel": N_("Cancel the project"),
}


def _decision_bodies(project: Project, power: Power) -> QuerySet[Body]:
    """The bodies with authority over this decision that cover the project's area (asks meetings.authority)."""
    return authority.deciding_bodies(services.approval_subject(project, power), project)


@login_required
def transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in TRANSITION_TITLES:
        raise PermissionDenied("ไม่รู้จักการดำเนินการนี้ / Unknown action.")
    project = selectors.project_get(request.user, pk)  # out of scope or missing: the same 404, GET or POST
    # A form is shown only to who may submit it (the project page offers the same list).
    if request.method == "GET" and action not in selectors.available_transitions(request.user, project):
        raise PermissionDenied("การดำเนินการนี้ไม่เปิดให้คุณในสถานะนี้ / This action is not open to you at this stage.")
    form: Any
    call: Callable[[dict[str, Any]], Any]
    if action in SIMPLE_TRANSITIONS:
        fn, form_class, arg = SIMPLE_TRANSITIONS[action]
        form = form_class(request.POST or None)
        call = lambda d: fn(project=project, actor=acting_user(request), **{arg: d["comment"]})  # noqa: E731
    elif action in ("approve", "reject"):
        approve = action == "approve"
        power = Power.APPROVE if approve else Power.REJECT
        if not authority.may_decide(request.user, services.approval_subject(project, power), project):
            permissions.require_write(request.user, services.approval_action(project), project)  # 403, the reason
            raise PermissionDenied("เรื่องนี้ต้องพิจารณาโดยคณะที่มีอำนาจ / This must be decided by the body with authority.")
        bodies = _decision_bodies(project, Power.APPROVE if approve else Power.REJECT)
        form = forms.DecisionForm(
            request.POST or None,
            request.FILES or None,
            bodies=bodies,
            resolutions=meeting_selectors.resolutions_to_decide(bodies),
            approve=approve,
            initial={"approved_amount": project.requested_amount},
        )
        choices = list(form.fields["body"].queryset[:2])
        if len(choices) == 1:  # usually exactly one body has authority: preselect it
            form.fields["body"].initial = choices[0].pk

        def call(d: dict[str, Any]) -> Any:
            actor = acting_user(request)
            # One durable block: an external resolution is recorded (with its minutes) and acted on together.
            with transaction.atomic(durable=True), files_removed_on_failure():
                resolution = d["resolution"] or meeting_services.resolution_external_in_transaction(
                    actor=actor,
                    body=d["body"],
                    meeting_date=d["meeting_date"],
                    number=d["number"],
                    text=d["text"],
                    minutes=d["minutes"],
                )
                if approve:
                    return services.project_approve_in_transaction(
                        project=project,
                        actor=actor,
                        resolution=resolution,
                        approved_amount=d.get("approved_amount"),
                        comment=d["comment"],
                    )
                return services.project_reject_in_transaction(
                    project=project, actor=actor, resolution=resolution, reasons=d["comment"]
                )

    elif action == "close":
        form = forms.CloseForm(request.POST or None)
        call = lambda d: services.project_close(project=project, actor=acting_user(request), **d)  # noqa: E731
    elif action == "sign":
        form = forms.SignForm(request.POST or None)
        call = lambda d: services.project_sign_agreement(project=project, actor=acting_user(request), **d)  # noqa: E731
    else:  # disburse
        form = forms.DisburseForm(request.POST or None)
        call = lambda d: services.project_disburse(project=project, actor=acting_user(request), **d)  # noqa: E731
    if request.method == "POST" and form.is_valid():
        try:
            call(form.cleaned_data)
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Done."))
            return redirect("projects:detail", pk=project.pk)
    return render(
        request,
        "projects/transition.html",
        {"form": form, "project": project, "action": action, "title": _(TRANSITION_TITLES[action])},
    )


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(request.user, pk)  # out of scope or missing: the same 404, GET or POST
    indicators = list(project.indicators.all())
    activities = list(project.activities.all())
    form = forms.ProgressReportForm(
        request.POST or None,
        request.FILES or None,
        indicators=indicators,
        activities=activities,
        initial={"progress_pct": project.progress_pct, "spent_amount": project.spent_amount},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.project_report_progress(
                project=project,
                actor=acting_user(request),
                progress_pct=d["progress_pct"],
                spent_amount=d["spent_amount"],
                reported_on=d["reported_on"],
                period=d["period"],
                narrative=d["narrative"],
                indicator_values=form.indicator_values(),
                activity_progress=form.activity_progress(),
                photos=d["photos"] or [],
                is_final=d["is_final"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Progress report saved."))
            return redirect("projects:detail", pk=project.pk)
    return render(
        request,
        "projects/form.html",
        {"form": form, "project": project, "title": _("Progress report"), "multipart": True},
    )


@login_required
def import_progress(request: HttpRequest) -> HttpResponse:
    if not permissions.can_anywhere(request.user, Action.PROJECT_REPORT):
        raise PermissionDenied("คุณไม่มีสิทธิ์รายงานความก้าวหน้า / You are not allowed to report progress.")
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with upload_on_disk(upload) as path:
            result = progress_import(path=path, actor=acting_user(request), filename=upload.name)
        if result.ok:
            messages.success(request, _("%(n)d progress reports imported.") % {"n": result.created})
            return redirect("projects:index")
    # The error report travels inside the page (a data: link), so nothing is stored on the server.
    error_csv = base64.b64encode(error_report_bytes(result.errors)).decode() if result and result.errors else ""
    return render(
        request, "projects/import.html", {"form": form, "result": result, "specs": SPECS, "error_csv": error_csv}
    )
