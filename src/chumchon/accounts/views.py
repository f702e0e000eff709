"""My account (บัญชีของฉัน): my roles and scopes, and my API keys."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chumchon.accounts import selectors
from chumchon.accounts.models import User


def _me(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # login_required
    return request.user


@login_required
def me(request: HttpRequest) -> HttpResponse:
    from chumchon.api.models import ApiToken

    return render(
        request,
        "accounts/me.html",
        {
            "assignments": selectors.user_role_rows(request.user),
            "tokens": ApiToken.objects.filter(user=_me(request), revoked_at__isnull=True),
            "new_key": request.session.pop("chumchon_new_api_key", None),
        },
    )


@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    from chumchon.api.services import api_token_create

    try:
        _token, key = api_token_create(user=request.user, name=request.POST.get("name", ""), actor=request.user)
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
    from chumchon.api.models import ApiToken
    from chumchon.api.services import api_token_revoke

    token = ApiToken.objects.filter(pk=pk, user=_me(request)).first()
    if token is None:
        raise Http404("ไม่พบข้อมูล / Not found")
    api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("API key revoked."))
    return redirect("accounts:me")
