"""Governor-proposal pages: thin — parse input, call one service or selector, render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action, require_read
from chumchon.areas.models import Area
from chumchon.audit.exports import xlsx_response
from chumchon.core.forms import add_service_error
from chumchon.core.pagination import paginate
from chumchon.core.thai import format_date_be
from chumchon.plans.governor import forms, selectors, services
from chumchon.plans.governor.models import GovernorProposal, GovernorStatus
from chumchon.plans.governor.rules import may_record_anywhere


def _register_query(request: HttpRequest, today: dt.date) -> dict[str, Any]:
    """The register's rows and what the page shows around them, from the query string."""
    user = request.user
    provinces = list(selectors.provinces_for(user))
    if not provinces:
        require_read(user, Action.PLAN_VIEW, "\x00missing")
    codes = {p.code: p for p in provinces}
    todo = request.GET.get("todo", "")
    if todo in ("overdue", "long_overdue"):
        # Exactly the rows the worklist counts: overdue proposals of the user's bodies.
        qs = selectors.overdue_for(user, today).filter(pk__in=selectors.proposals_visible(user).values("pk"))
        long_q = selectors.long_overdue_q(today)
        qs = qs.filter(long_q) if todo == "long_overdue" else qs.exclude(long_q)
        form = forms.RegisterFilterForm(provinces=provinces, years=[])
        return {"rows": qs.order_by("reply_due_on", "id"), "form": form, "todo": todo, "counts": [], "province": None}
    province = codes.get(request.GET.get("province", "")) or selectors.busiest_province(user, provinces)
    base = selectors.register(user, province=province, today=today)
    data = request.GET.copy()
    data.setdefault("province", province.code)
    form = forms.RegisterFilterForm(data, provinces=provinces, years=selectors.years_of(base))
    status = recipient = ""
    year: int | None = None
    if form.is_valid():
        status = form.cleaned_data["status"]
        recipient = form.cleaned_data["recipient"]
        year = int(form.cleaned_data["year"]) if form.cleaned_data["year"] else None
    unfiltered = selectors.register(user, province=province, recipient=recipient, year_be=year, today=today)
    rows = selectors.register(user, province=province, status=status, recipient=recipient, year_be=year, today=today)
    return {
        "rows": rows,
        "form": form,
        "todo": "",
        "counts": selectors.status_counts(unfiltered, today),
        "province": province,
        "status": status,
    }


@login_required
def register(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = _register_query(request, today)
    page = paginate(request, context.pop("rows"))
    for p in page.object_list:
        p.status_now = p.status_on(today)
        p.overdue_days = p.days_overdue(today)
    context.update(
        {
            "page": page,
            "today": today,
            "can_record": may_record_anywhere(request.user),
            "query": request.GET.urlencode(),
        }
    )
    return render(request, "plans/governor/register.html", context)


def _date(value: dt.date | None) -> str:
    return format_date_be(value) if value else ""


@login_required
def register_export(request: HttpRequest) -> HttpResponseBase:
    today = timezone.localdate()
    context = _register_query(request, today)
    rows: QuerySet[GovernorProposal] = context["rows"]
    province = context["province"]
    headers = [
        "เลขที่",
        "ชื่อข้อเสนอ",
        "องค์กรที่เสนอ",
        "ผู้รับ",
        "วันที่ส่ง",
        "เลขาการติดตามงาน",
        "ครบกำหนดตอบ",
        "สถานะ",
        "วันที่ตอบ",
        "คำตอบ",
        "บรรจุในแผน",
        "วันที่บรรจุ",
    ]
    labels = dict(GovernorStatus.choices)

    def out() -> Any:
        for p in rows.select_related("included_item__plan"):
            included = f"{p.included_item.plan.title} · {p.included_item}" if p.included_item else p.included_text
            yield [
                p.label,
                p.title,
                p.proposing_body.name_th,
                p.recipient_name,
                _date(p.sent_on),
                p.secretariat.name_th if p.secretariat else "",
                _date(p.reply_due_on),
                str(labels[p.status_on(today)]),
                _date(p.replied_on),
                " ".join(x for x in (p.get_reply_outcome_display(), p.reply_text) if x),
                included,
                _date(p.included_on),
            ]

    return xlsx_response(
        filename=f"governor-proposals-{province.code if province else 'overdue'}.xlsx",
        headers=headers,
        rows=out(),
        actor=request.user,  # type: ignore[arg-type]
        model_label="plans.governorproposal",
        area_code=province.code if province else "",
        sheet_title="ข้อเสนอ",
    )


@login_required
def proposal_create(request: HttpRequest) -> HttpResponse:
    bodies = selectors.proposing_bodies(request.user)
    if not bodies:
        raise PermissionDenied("คุณไม่มีสิทธิ์บันทึกข้อเสนอ / You may not record proposals to the governor or agencies.")
    chosen = request.POST.get("proposing_body") or request.GET.get("body") or ""
    body = next((b for b in bodies if str(b.pk) == chosen), bodies[0])
    assert body.area is not None
    province = Area.objects.get(code=body.area.code[:2])
    chooser = forms.BodyChoiceForm(initial={"proposing_body": body.pk}, bodies=bodies)
    form = forms.ProposalForm(
        request.POST or None,
        initial={
            "proposing_body": body.pk,
            "recipient_kind": "governor",
            "recipient_name": f"ผู้ว่าราชการจังหวัด{province.name_th}",
        },
        body=body,
        items=selectors.items_for(body),
        secretariats=selectors.secretariat_bodies(province),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            proposal = services.proposal_create(
                actor=acting_user(request),
                proposing_body=d["proposing_body"],
                title=d["title"],
                summary=d["summary"],
                items=list(d["items"]),
                recipient_kind=d["recipient_kind"],
                recipient_name=d["recipient_name"],
                secretariat=d["secretariat"],
                recorded_on=d["recorded_on"],
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Proposal recorded as a draft. Record its sending when it goes out."))
            return redirect("plans:governor_detail", pk=proposal.pk)
    return render(
        request,
        "plans/governor/create.html",
        {"form": form, "chooser": chooser if len(bodies) > 1 else None, "body": body, "title": _("New proposal")},
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(request.user, pk)
    today = timezone.localdate()
    status = proposal.status_on(today)
    return render(
        request,
        "plans/governor/detail.html",
        {
            "p": proposal,
            "status": status,
            "status_label": dict(GovernorStatus.choices)[status],
            "overdue_days": proposal.days_overdue(today),
            "items": selectors.carried_items(proposal),
            "timeline": selectors.timeline(proposal, today),
            "can_write": selectors.can_write(request.user, proposal),
        },
    )


def _writable(request: HttpRequest, pk: int) -> GovernorProposal:
    proposal = selectors.proposal_get(request.user, pk)
    if not selectors.can_write(request.user, proposal):
        raise PermissionDenied(
            "คุณไม่มีสิทธิ์บันทึกข้อเสนอนี้ / You may not write this proposal "
            "(the proposing side or the follow-up secretariat writes it)."
        )
    return proposal


def _form_page(request: HttpRequest, proposal: GovernorProposal, form: Any, title: str) -> HttpResponse:
    return render(request, "plans/governor/form.html", {"form": form, "p": proposal, "title": title})


@login_required
def send(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _writable(request, pk)
    form = forms.SendForm(
        request.POST or None,
        initial={"secretariat": proposal.secretariat_id, "sent_on": timezone.localdate()},
        secretariats=selectors.secretariat_bodies(proposal.province),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.proposal_send(
                actor=acting_user(request),
                proposal=proposal,
                sent_on=d["sent_on"],
                secretariat=d["secretariat"],
                reply_due_on=d["reply_due_on"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Sending recorded."))
            return redirect("plans:governor_detail", pk=proposal.pk)
    return _form_page(request, proposal, form, _("Record the sending"))


@login_required
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _writable(request, pk)
    form = forms.ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.proposal_reply(
                actor=acting_user(request),
                proposal=proposal,
                replied_on=d["replied_on"],
                outcome=d["outcome"],
                text=d["text"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Reply recorded."))
            return redirect("plans:governor_detail", pk=proposal.pk)
    return _form_page(request, proposal, form, _("Record the reply"))


@login_required
def include(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _writable(request, pk)
    form = forms.IncludeForm(request.POST or None, items=selectors.including_items(request.user, proposal))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.proposal_include(
                actor=acting_user(request),
                proposal=proposal,
                included_on=d["included_on"],
                item=d["item"],
                text=d["text"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Inclusion recorded."))
            return redirect("plans:governor_detail", pk=proposal.pk)
    return _form_page(request, proposal, form, _("Record the inclusion in a plan"))
