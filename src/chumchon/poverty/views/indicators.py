"""The indicator sets and their texts; a national administrator corrects an indicator's texts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action
from chumchon.poverty import forms
from chumchon.poverty.models import Indicator, IndicatorSet
from chumchon.poverty.services import indicators as indicator_services
from chumchon.poverty.views.common import show_errors


@login_required
def indicator_sets(request: HttpRequest) -> HttpResponse:
    """Every indicator set with its indicators (definitions, no personal data: any signed-in user)."""
    sets = list(IndicatorSet.objects.prefetch_related("indicators__dimension").order_by("-year_from_be"))
    return render(
        request,
        "poverty/indicators.html",
        {
            "sets": sets,
            "can_edit": permissions.can(request.user, Action.INDICATOR_SET_EDIT, ""),
            "unverified": sum(1 for s in sets for i in s.indicators.all() if i.verify),
        },
    )


@login_required
def indicator_edit(request: HttpRequest, indicator_id: int) -> HttpResponse:
    """Correct one indicator's texts (national administrators only: 403 for everyone else)."""
    permissions.require_write(request.user, Action.INDICATOR_SET_EDIT, "")
    indicator = get_object_or_404(Indicator.objects.select_related("indicator_set"), pk=indicator_id)
    if request.method == "POST":
        form = forms.IndicatorTextsForm(request.POST)
        if form.is_valid():
            try:
                indicator_services.indicator_texts_correct(
                    actor=acting_user(request), indicator=indicator, **form.cleaned_data
                )
            except ValidationError as exc:
                show_errors(request, exc)
            else:
                messages.success(request, _("The indicator's texts are saved and marked verified."))
                return redirect(reverse("poverty:indicators") + f"#indicator-{indicator.pk}")
    else:
        form = forms.IndicatorTextsForm(
            initial={
                "name_th": indicator.name_th,
                "name_en": indicator.name_en,
                "source_note": "" if indicator.verify else indicator.source,
            }
        )
    return render(request, "poverty/indicator_form.html", {"form": form, "indicator": indicator})
