"""Thin views over organizations.selectors and organizations.services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from chumchon.accounts import permissions
from chumchon.accounts.http import acting_user
from chumchon.accounts.permissions import Action
from chumchon.organizations import selectors, services
from chumchon.organizations.forms import BodyForm, TermExtensionForm
from chumchon.organizations.models import COMMITTEE_KINDS, Body, BodyKind


def _body_or_404(request: HttpRequest, pk: int) -> Body:
    body = selectors.body_get(pk)
    if body is None:
        raise Http404("ไม่พบองค์กร / Body not found")
    permissions.require_read(request.user, Action.ORG_VIEW, body)
    return body


def _body_for_write(request: HttpRequest, pk: int) -> Body:
    """A body to change: one the user cannot even see looks missing (404, GET or POST alike: a write
    out of scope answers as for a body that does not exist); one seen but not editable is refused (403)."""
    body = selectors.body_get(pk)
    if body is None:
        raise Http404("ไม่พบองค์กร / Body not found")
    permissions.require_read(request.user, Action.ORG_VIEW, body)
    permissions.require_write(request.user, Action.ORG_EDIT, body)
    return body


def _form_errors(form: BodyForm | TermExtensionForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = "area_code" if field == "area" else field
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    q = request.GET.get("q", "").strip()
    qs = selectors.body_list(request.user, kind=kind if kind in BodyKind.values else "", q=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "organizations/index.html",
        {
            "page": page,
            "kind": kind,
            "q": q,
            "kinds": BodyKind.choices,
            "can_create": permissions.can_anywhere(request.user, Action.ORG_EDIT),
        },
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = _body_or_404(request, pk)
    can_edit = permissions.can(request.user, Action.ORG_EDIT, body)
    return render(
        request,
        "organizations/detail.html",
        {
            "body": body,
            "can_edit": can_edit,
            "is_committee": body.kind in COMMITTEE_KINDS,
            "term_form": TermExtensionForm() if can_edit and body.kind in COMMITTEE_KINDS else None,
        },
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_anywhere(request.user, Action.ORG_EDIT):
        permissions.require_write(request.user, Action.ORG_EDIT, "")  # 403 with the reason
    form = BodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.body_create(actor=acting_user(request), **form.service_kwargs())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("organizations:detail", pk=body.pk)
    return render(request, "organizations/form.html", {"form": form, "body": None})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = _body_for_write(request, pk)
    form = BodyForm(request.POST or None, initial=BodyForm.initial_for(body))
    if request.method == "POST" and form.is_valid():
        try:
            services.body_update(body=body, actor=acting_user(request), **form.service_kwargs())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("organizations:detail", pk=body.pk)
    return render(request, "organizations/form.html", {"form": form, "body": body})


@login_required
def extend_term(request: HttpRequest, pk: int) -> HttpResponse:
    body = _body_for_write(request, pk)
    form = TermExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.body_extend_term(body=body, actor=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The term was extended."))
            return redirect("organizations:detail", pk=body.pk)
    return render(
        request,
        "organizations/detail.html",
        {"body": body, "can_edit": True, "is_committee": body.kind in COMMITTEE_KINDS, "term_form": form},
        status=400 if request.method == "POST" else 200,
    )
