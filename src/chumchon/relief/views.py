"""Thin views over relief.selectors and relief.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area, region_province_codes
from chumchon.core.dopa import prefix_q
from chumchon.core.forms import add_service_error
from chumchon.organizations.models import COMMITTEE_KINDS, REGISTRY_KINDS, Body
from chumchon.organizations.selectors import body_list
from chumchon.relief import selectors, services
from chumchon.relief.forms import CampaignForm, ContributionForm, HouseholdForm
from chumchon.relief.models import Campaign, CampaignStatus


def _campaign_or_404(request: HttpRequest, pk: int) -> Campaign:
    campaign = selectors.campaign_get(pk)
    if campaign is None:
        raise Http404("ไม่พบการระดมความช่วยเหลือ / Campaign not found")
    permissions.require_read(request.user, Action.ORG_VIEW, campaign)
    return campaign


def _bodies(request: HttpRequest) -> QuerySet[Body]:
    """Organisations the user may see (committees excluded): organisers and contributors."""
    return body_list(request.user).exclude(kind__in=COMMITTEE_KINDS)


def _sources(request: HttpRequest, campaign: Campaign) -> QuerySet[Body]:
    """Who may be named as contributing: the organisations the user sees, and the community organisations
    (welfare funds, networks, councils…) of the campaign's CODI region — help comes from across the region."""
    region_codes: tuple[str, ...] = ()
    province = Area.objects.filter(code=campaign.area.code[:2]).first()
    if province is not None and province.codi_region_id is not None:
        region_codes = region_province_codes(province.codi_region_id)
    regional = Body.objects.filter(kind__in=REGISTRY_KINDS, scope_kind="area").filter(
        prefix_q(region_codes or (campaign.area.code[:2],), "area__code")
    )
    return (Body.objects.filter(pk__in=_bodies(request).values("pk")) | regional).distinct().order_by("name_th", "pk")


@login_required
def index(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.campaigns_for(request.user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "relief/index.html",
        {"page": page, "can_create": permissions.can_anywhere(request.user, Action.ORG_EDIT)},
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_anywhere(request.user, Action.ORG_EDIT):
        permissions.require_write(request.user, Action.ORG_EDIT, "")
    form = CampaignForm(request.POST or None, organisers=_bodies(request))
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=acting_user(request), **form.service_kwargs())
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("relief:detail", pk=campaign.pk)
    return render(request, "relief/form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_or_404(request, pk)
    can_edit = campaign.status == CampaignStatus.OPEN and permissions.can(request.user, Action.ORG_EDIT, campaign)
    today = timezone.localdate()
    contribution_form = ContributionForm(prefix="c", sources=_sources(request, campaign), initial={"on": today})
    household_form = HouseholdForm(prefix="h", initial={"given_on": today, "area_code": campaign.area.code})
    status = 200
    if request.method == "POST":
        permissions.require_write(request.user, Action.ORG_EDIT, campaign)
        actor = acting_user(request)
        if "c-amount" in request.POST:
            contribution_form = ContributionForm(request.POST, prefix="c", sources=_sources(request, campaign))
            if contribution_form.is_valid():
                try:
                    services.contribution_record(campaign=campaign, actor=actor, **contribution_form.cleaned_data)
                except ValidationError as exc:
                    add_service_error(contribution_form, exc)
                else:
                    messages.success(request, _("Saved."))
                    return redirect("relief:detail", pk=campaign.pk)
        else:
            household_form = HouseholdForm(request.POST, prefix="h")
            if household_form.is_valid():
                try:
                    services.household_help_record(campaign=campaign, actor=actor, **household_form.service_kwargs())
                except ValidationError as exc:
                    add_service_error(household_form, exc)
                else:
                    messages.success(request, _("Saved."))
                    return redirect("relief:detail", pk=campaign.pk)
        status = 400
    households = Paginator(selectors.households_of(campaign), 30).get_page(request.GET.get("page"))
    # A Logbook case is linked only for who may open it (no link that answers 404).
    viewable_cases = {
        h.case_id
        for h in households
        if h.case is not None and permissions.can(request.user, Action.LOGBOOK_VIEW, h.case)
    }
    return render(
        request,
        "relief/detail.html",
        {
            "campaign": campaign,
            "totals": selectors.campaign_totals(campaign),
            "contributions": selectors.contributions_of(campaign)[:100],
            "households": households,
            "viewable_cases": viewable_cases,
            "can_edit": can_edit,
            "contribution_form": contribution_form if can_edit else None,
            "household_form": household_form if can_edit else None,
        },
        status=status,
    )


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign_or_404(request, pk)
    permissions.require_write(request.user, Action.ORG_EDIT, campaign)
    try:
        services.campaign_close(campaign=campaign, actor=acting_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("relief:detail", pk=campaign.pk)
