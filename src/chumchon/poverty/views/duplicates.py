"""Cross-area duplicates: the provincial officer's list, both records side by side, and the resolution."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from chumchon.accounts.http import acting_user
from chumchon.core.pagination import paginate
from chumchon.poverty import forms
from chumchon.poverty.models import DuplicateStatus, PersonDuplicate
from chumchon.poverty.selectors import duplicates as duplicates_selectors
from chumchon.poverty.services import duplicates as duplicates_services
from chumchon.poverty.views.common import show_errors


@login_required
def duplicates(request: HttpRequest) -> HttpResponse:
    """The pairs with a record in the officer's province(s); ``?status=open`` is the worklist's link."""
    status = request.GET.get("status", "")
    if not duplicates_services.may_resolve_anywhere(request.user):  # type: ignore[arg-type]
        raise Http404("ไม่พบข้อมูล / Not found")
    qs = duplicates_selectors.duplicates_for(request.user, status=status)
    page = paginate(request, qs)
    rows = list(page.object_list)
    names = duplicates_selectors.area_names({c for d in rows for c in d.scope_codes})
    for d in rows:
        show = duplicates_selectors.shows_ids(request.user, d)
        d.shown_id = duplicates_selectors.shown_id(d, show)  # type: ignore[attr-defined]
        d.first_name = names.get(d.first_tambon, d.first_tambon)  # type: ignore[attr-defined]
        d.second_name = names.get(d.second_tambon, d.second_tambon)  # type: ignore[attr-defined]
    duplicates_services.duplicates_list_viewed(actor=acting_user(request), shown=len(rows))
    return render(
        request,
        "poverty/duplicates.html",
        {"rows": rows, "page": page, "status": status, "statuses": DuplicateStatus.choices},
    )


def _visible_or_404(request: HttpRequest, duplicate_id: int) -> PersonDuplicate:
    """Out of scope looks exactly like missing (404), for reads and writes alike."""
    duplicate = PersonDuplicate.objects.select_related("survey_round", "resolved_by").filter(pk=duplicate_id).first()
    if duplicate is None or not duplicates_selectors.may_see(request.user, duplicate):
        raise Http404("ไม่พบข้อมูล / Not found")
    return duplicate


@login_required
def duplicate_detail(request: HttpRequest, duplicate_id: int) -> HttpResponse:
    duplicate = _visible_or_404(request, duplicate_id)
    first, second = duplicates_selectors.duplicate_sides(duplicate)
    names = duplicates_selectors.area_names(set(duplicate.scope_codes))
    labels = {
        "first_label": names.get(duplicate.first_tambon, duplicate.first_tambon),
        "second_label": names.get(duplicate.second_tambon, duplicate.second_tambon),
    }
    form = forms.DuplicateResolveForm(request.POST or None, **labels)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            duplicates_services.duplicate_resolve(
                duplicate=duplicate,
                actor=acting_user(request),
                same_person=decision != "different",
                lives_in={"first": duplicate.first_tambon, "second": duplicate.second_tambon}.get(decision, ""),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            messages.success(request, _("Decision recorded. The two areas' figures have been recomputed."))
            return redirect(reverse("poverty:duplicate", args=[duplicate.pk]))
    show_ids = duplicates_selectors.shows_ids(request.user, duplicate)
    duplicates_services.duplicate_viewed(
        actor=acting_user(request), duplicate=duplicate, detail="ID shown" if show_ids else "ID masked"
    )
    return render(
        request,
        "poverty/duplicate.html",
        {
            "d": duplicate,
            "sides": (first, second),
            "shown_id": duplicates_selectors.shown_id(duplicate, show_ids),
            "show_ids": show_ids,
            "form": form,
            "can_resolve": duplicates_services.may_resolve(request.user, duplicate),  # type: ignore[arg-type]
            **labels,
        },
    )
