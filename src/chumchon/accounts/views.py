"""My home and my account (หน้าแรกของฉัน, บัญชีของฉัน): my areas, my roles and scopes, my API keys."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.accounts import selectors
from chumchon.accounts.http import acting_user
from chumchon.accounts.models import ApiToken
from chumchon.accounts.services import api_token_create, api_token_revoke, user_digest_set
from chumchon.accounts.worklist import worklist_for
from chumchon.core.fragments import Fragment


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """My work: what awaits this user (the worklist), then the areas they cover (URL name "home", path "/").

    The worklist's providers read nearly every app, so the kept page (core.fragments) depends on all of them."""
    fragment = Fragment(request, "accounts.home", apps=None)
    if fragment.hit:
        return render(request, "accounts/home.html", {"fragment": fragment})
    return render(
        request,
        "accounts/home.html",
        {
            "worklist": worklist_for(request.user),
            "areas": selectors.user_home_areas(request.user),
            "fragment": fragment,
        },
    )


@login_required
def me(request: HttpRequest) -> HttpResponse:
    me = acting_user(request)
    return render(
        request,
        "accounts/me.html",
        {
            "assignments": selectors.user_role_rows(me),
            "tokens": ApiToken.objects.filter(user=me, revoked_at__isnull=True),
            "new_key": request.session.pop("chumchon_new_api_key", None),
        },
    )


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    me = acting_user(request)
    try:
        _token, key = api_token_create(user=me, name=request.POST.get("name", ""), actor=me)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("accounts:me")
    # Shown once on the next page, then gone: only its digest is stored.
    request.session["chumchon_new_api_key"] = key
    messages.success(request, _("API key created. Copy it now: it will not be shown again."))
    return redirect("accounts:me")


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    me = acting_user(request)
    token = ApiToken.objects.filter(pk=pk, user=me).first()
    if token is None:
        raise Http404("ไม่พบข้อมูล / Not found")
    api_token_revoke(token=token, actor=me)
    messages.success(request, _("API key revoked."))
    return redirect("accounts:me")


@login_required
@require_POST
def digest_toggle(request: HttpRequest) -> HttpResponse:
    """Turn my daily e-mail digest on or off."""
    me = acting_user(request)
    enabled = request.POST.get("daily_digest") == "1"
    user_digest_set(user=me, enabled=enabled, actor=me)
    if enabled:
        messages.success(request, _("The daily e-mail digest is on."))
    else:
        messages.success(request, _("The daily e-mail digest is off."))
    return redirect("accounts:me")
