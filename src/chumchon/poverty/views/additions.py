"""Field additions: the list, adding a household or person, and the second user's decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action
from chumchon.areas.models import AreaLevel
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record
from chumchon.core.pagination import paginate
from chumchon.poverty import forms, worklist
from chumchon.poverty.models import AdditionStatus, FieldAddition
from chumchon.poverty.selectors import additions as additions_selectors
from chumchon.poverty.services import additions as additions_services
from chumchon.poverty.views.common import area_or_404, breadcrumb, round_from_request, show_errors


@login_required
def additions(request: HttpRequest) -> HttpResponse:
    survey_round = round_from_request(request)
    qs = additions_selectors.additions_for(
        request.user, survey_round=survey_round, area_code=request.GET.get("area", "")
    )
    status = request.GET.get("status", "")
    if status in AdditionStatus.values:
        qs = qs.filter(status=status)
    # The worklist links here with ?awaiting=me: the pending additions this user may verify.
    awaiting = request.GET.get("awaiting") == "me"
    if awaiting:
        qs = worklist.awaiting_verification(qs, request.user)
    page = paginate(request, qs)
    rows = list(page.object_list)
    for a in rows:
        a.can_decide = (  # type: ignore[attr-defined]
            a.status == AdditionStatus.PENDING
            and a.created_by_id != request.user.pk
            and permissions.can(request.user, Action.PERSON_VERIFY, a)
        )
    if rows:
        audit_record(
            actor=acting_user(request),
            action=AuditAction.VIEW,
            model_label="poverty.fieldaddition",
            area_code="",
            personal_data=True,
            note=f"additions list ({len(rows)})",
        )
    return render(
        request,
        "poverty/additions.html",
        {
            "rows": rows,
            "page": page,
            "survey_round": survey_round,
            "status": status,
            "awaiting": awaiting,
            "statuses": AdditionStatus.choices,
            "decision_form": forms.DecisionForm(),
        },
    )


@login_required
def addition_new(request: HttpRequest, code: str) -> HttpResponse:
    tambon = area_or_404(code)
    if tambon.level != AreaLevel.SUBDISTRICT:
        raise Http404("ต้องเลือกตำบล / Choose a subdistrict")
    permissions.require_read(request.user, Action.PERSON_EDIT, tambon)
    survey_round = round_from_request(request)
    if survey_round is None:
        raise Http404("ยังไม่มีรอบการสำรวจ / No survey round yet")
    form = forms.AdditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            additions_services.addition_create(
                actor=acting_user(request), survey_round=survey_round, area=tambon, **form.cleaned_data
            )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("Added. A second person must verify it before it counts."))
            return redirect(reverse("poverty:additions") + f"?area={tambon.code}")
    return render(
        request,
        "poverty/addition_form.html",
        {"form": form, "area": tambon, "breadcrumb": breadcrumb(tambon), "survey_round": survey_round},
    )


@login_required
@require_POST
def addition_decide(request: HttpRequest, addition_id: int) -> HttpResponse:
    addition = get_object_or_404(FieldAddition.objects.select_related("area"), pk=addition_id)
    permissions.require_read(request.user, Action.PERSON_VIEW, addition)
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        try:
            additions_services.addition_decide(
                addition=addition,
                actor=acting_user(request),
                verified=form.cleaned_data["verified"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Decision recorded."))
        except ValidationError as exc:
            show_errors(request, exc)
    return redirect(reverse("poverty:additions") + f"?area={addition.area.code}")
