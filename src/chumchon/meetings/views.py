"""Committee and meeting pages (thin: selectors read, services write)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.models import User
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area, CodiRegion, ProvincialCluster
from chumchon.core.forms import add_service_error
from chumchon.core.pagination import paginate
from chumchon.meetings import forms, selectors, services
from chumchon.meetings.decisions import decisions_of
from chumchon.meetings.models import MeetingKind


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "meetings/index.html",
        {
            "page": paginate(request, selectors.committees(request.user)),
            "to_minute": list(selectors.meetings_to_minute(request.user)[:20]),
        },
    )


@login_required
def body(request: HttpRequest, pk: int) -> HttpResponse:
    committee = selectors.committee_get(request.user, pk)
    date_form = forms.OnDateForm(request.GET or None)
    day = timezone.localdate()
    if date_form.is_valid() and date_form.cleaned_data["on"]:
        day = date_form.cleaned_data["on"]
    can_edit = permissions.can(request.user, Action.ORG_EDIT, committee)
    can_minute = services.can_minute(request.user, committee)
    member_form = forms.MembershipForm(prefix="m") if can_edit else None
    meeting_form = forms.MeetingForm(prefix="g") if can_minute else None
    term_form = (
        forms.TermExtensionForm(prefix="t", resolutions=selectors.resolutions_for_body(committee))
        if can_edit and committee.term_ends_on
        else None
    )
    if request.method == "POST":
        actor = acting_user(request)
        which = request.POST.get("form")
        try:
            if which == "member" and member_form is not None:
                member_form = forms.MembershipForm(request.POST, prefix="m")
                if member_form.is_valid():
                    d = member_form.cleaned_data
                    user = None
                    if d["username"]:
                        user = User.objects.filter(username=d["username"].strip()).first()
                        if user is None:
                            raise ValidationError(_("No user account with that username."))
                    services.membership_add(
                        actor=actor,
                        body=committee,
                        user=user,
                        person_name=d["person_name"],
                        position=d["position"],
                        represents=d["represents"],
                        represents_text=d["represents_text"],
                        starts_on=d["starts_on"],
                        ends_on=d["ends_on"],
                    )
                    messages.success(request, _("Saved."))
                    return redirect("meetings:body", pk=committee.pk)
            elif which == "meeting" and meeting_form is not None:
                meeting_form = forms.MeetingForm(request.POST, prefix="g")
                if meeting_form.is_valid():
                    d = meeting_form.cleaned_data
                    meeting = services.meeting_create(
                        actor=actor,
                        body=committee,
                        held_on=d["held_on"],
                        kind=d["kind"] or MeetingKind.ORDINARY,
                        place=d["place"],
                        online_link=d["online_link"],
                        agenda=d["agenda"].splitlines(),
                    )
                    messages.success(request, _("Saved."))
                    return redirect("meetings:meeting", pk=meeting.pk)
            elif which == "term" and term_form is not None:
                term_form = forms.TermExtensionForm(
                    request.POST, prefix="t", resolutions=selectors.resolutions_for_body(committee)
                )
                if term_form.is_valid():
                    services.term_extend(
                        actor=actor,
                        body=committee,
                        resolution=term_form.cleaned_data["resolution"],
                        new_end=term_form.cleaned_data["new_end"],
                    )
                    messages.success(request, _("The term was extended."))
                    return redirect("meetings:body", pk=committee.pk)
            else:
                raise PermissionDenied(_("This action is not open to you."))
        except ValidationError as exc:
            target = {"member": member_form, "meeting": meeting_form, "term": term_form}.get(which or "")
            if target is not None:
                add_service_error(target, exc)
    extensions = list(selectors.term_extensions_of(committee))
    delegations = list(selectors.delegations_of(committee))
    return render(
        request,
        "meetings/body.html",
        {
            "body": committee,
            "day": day,
            "is_today": day == timezone.localdate(),
            "date_form": date_form,
            "members": services.committee_on(committee, day),
            "meetings": paginate(request, selectors.meetings_of(committee)),
            "resolutions": list(selectors.resolutions_for_body(committee)[:30]),
            "extensions": extensions,
            "delegations": delegations,
            "seen_bodies": {
                b.pk
                for b in {e.resolution.body for e in extensions} | {d.resolution.body for d in delegations}
                if permissions.can(request.user, Action.MEETING_VIEW, b)
            },
            "member_form": member_form,
            "meeting_form": meeting_form,
            "term_form": term_form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    m = selectors.meeting_get(request.user, pk)
    members = services.committee_on(m.body, m.held_on)
    can_minute = services.can_minute(request.user, m.body, m.held_on)
    present = {a.membership_id for a in m.attendance.filter(present=True)}
    attendance_form = (
        forms.AttendanceForm(members=members, initial={"present": [str(i) for i in present]}) if can_minute else None
    )
    resolution_form = forms.ResolutionForm() if can_minute else None
    minutes_form = forms.MinutesForm() if can_minute else None
    if request.method == "POST":
        if not can_minute:
            raise PermissionDenied(_("Only the committee's secretary or the secretariat may minute its meetings."))
        actor = acting_user(request)
        which = request.POST.get("form")
        try:
            if which == "attendance":
                attendance_form = forms.AttendanceForm(request.POST, members=members)
                if attendance_form.is_valid():
                    services.attendance_record(
                        actor=actor, meeting=m, present=[int(x) for x in attendance_form.cleaned_data["present"]]
                    )
                    messages.success(request, _("Attendance recorded."))
                    return redirect("meetings:meeting", pk=m.pk)
            elif which == "resolution":
                resolution_form = forms.ResolutionForm(request.POST)
                if resolution_form.is_valid():
                    services.resolution_at_meeting(actor=actor, meeting=m, text=resolution_form.cleaned_data["text"])
                    messages.success(request, _("Resolution recorded."))
                    return redirect("meetings:meeting", pk=m.pk)
            elif which == "minutes":
                minutes_form = forms.MinutesForm(request.POST, request.FILES)
                if minutes_form.is_valid():
                    services.meeting_minutes_attach(
                        actor=actor, meeting=m, minutes=minutes_form.cleaned_data["minutes"]
                    )
                    messages.success(request, _("Minutes attached."))
                    return redirect("meetings:meeting", pk=m.pk)
        except ValidationError as exc:
            target = {"attendance": attendance_form, "resolution": resolution_form, "minutes": minutes_form}.get(
                which or ""
            )
            if target is not None:
                add_service_error(target, exc)
    resolutions = [(r, decisions_of(r, request.user)) for r in m.resolutions.order_by("pk")]
    return render(
        request,
        "meetings/meeting.html",
        {
            "meeting": m,
            "members": members,
            "present": present,
            "quorum": services.quorum_of(m),
            "resolutions": resolutions,
            "attendance_form": attendance_form,
            "resolution_form": resolution_form,
            "minutes_form": minutes_form,
        },
        status=400 if request.method == "POST" else 200,
    )


def _scope(code: str) -> dict[str, Any]:
    """The delegation's scope from one code: a CODI region (R5), a cluster (C08) or an area (24)."""
    code = code.strip().upper()
    if code.startswith("R") and (region := CodiRegion.objects.filter(code=code).first()):
        return {"scope_kind": "region", "region": region}
    if code.startswith("C") and (cluster := ProvincialCluster.objects.filter(code=code).first()):
        return {"scope_kind": "cluster", "cluster": cluster}
    if area := Area.objects.filter(code=code).first():
        return {"scope_kind": "area", "area": area}
    raise ValidationError(_("No CODI region, cluster or area has this code."))


@login_required
def resolution(request: HttpRequest, pk: int) -> HttpResponse:
    r = selectors.resolution_get(request.user, pk)
    form = None
    if services.can_minute(request.user, r.body, r.meeting_date) and (r.meeting_id or r.is_external):
        form = forms.DelegationForm(
            request.POST or None, bodies=selectors.committees(request.user).exclude(pk=r.body_id)
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_("Only the committee's secretary or the secretariat may minute its meetings."))
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.delegation_create(
                    actor=acting_user(request),
                    resolution=r,
                    power=d["power"],
                    to_body=d["to_body"],
                    max_amount=d["max_amount"],
                    fiscal_year=d["fiscal_year"],
                    valid_from=d["valid_from"],
                    valid_until=d["valid_until"],
                    **_scope(d["scope"]),
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("meetings:resolution", pk=r.pk)
    return render(
        request,
        "meetings/resolution.html",
        {"resolution": r, "decisions": decisions_of(r, request.user), "delegation_form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def minutes_file(request: HttpRequest, kind: str, pk: int) -> FileResponse:
    """The minutes of a meeting or of an external resolution, to who may see the committee (404 otherwise)."""
    if kind == "meeting":
        field = selectors.meeting_get(request.user, pk).minutes
    elif kind == "resolution":
        field = selectors.resolution_get(request.user, pk).minutes
    else:
        raise Http404
    if not field:
        raise Http404
    return FileResponse(field.open("rb"), as_attachment=True, filename=field.name.rsplit("/", 1)[-1])
