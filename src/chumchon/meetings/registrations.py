"""What meetings plugs into the registries of the apps below it and of itself (called from ``ready()``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chumchon.accounts import permissions
from chumchon.accounts.menu import MenuEntry, register_menu_entry
from chumchon.accounts.permissions import Action
from chumchon.areas.models import Area
from chumchon.core.demo import register_demo_step
from chumchon.core.thai import format_date_be
from chumchon.meetings import authority
from chumchon.meetings.decisions import DecisionKind, register_decision_kind
from chumchon.meetings.models import Delegation, TermExtension
from chumchon.meetings.services.delegations import delegation_rules, delegation_rules_many
from chumchon.organizations.links import Link, register_body_page_link
from chumchon.organizations.models import COMMITTEE_KINDS, Body


def _term_extensions(viewer: Any, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    out: dict[int, tuple[str, str]] = {}
    for ext in TermExtension.objects.filter(pk__in=ids).select_related("body"):
        if permissions.can(viewer, Action.MEETING_VIEW, ext.body):
            label = f"{ext.body}: {format_date_be(ext.new_start)} – {format_date_be(ext.new_end)}"
            out[ext.pk] = (label, reverse("meetings:body", args=[ext.body_id]))
    return out


def _delegations(viewer: Any, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    out: dict[int, tuple[str, str]] = {}
    for d in Delegation.objects.filter(pk__in=ids).select_related("from_body", "to_body"):
        if permissions.can(viewer, Action.MEETING_VIEW, d.from_body):
            out[d.pk] = (f"{d.get_power_display()} → {d.to_body}", reverse("meetings:body", args=[d.to_body_id]))
    return out


def _committee_page(viewer: Any, body: Body) -> Link | None:
    """The organisation page links a committee to its committee page (members, meetings, terms)."""
    if body.kind not in COMMITTEE_KINDS or not permissions.can(viewer, Action.MEETING_VIEW, body):
        return None
    return Link("committee", str(_("Committee page")), reverse("meetings:body", args=[body.pk]))


def register() -> None:
    register_body_page_link(_committee_page)
    # Dated delegations are one more source of approval rules.
    if delegation_rules not in authority.RULE_SOURCES:
        authority.RULE_SOURCES.append(delegation_rules)
    authority.RULE_BATCH_SOURCES[delegation_rules] = delegation_rules_many
    # The authority keeps the rules it read on the deciding actor: a changed delegation, body (its
    # scope) or area (its cluster) makes that stale.
    for model in (Delegation, Body, Area):
        for signal in (post_save, post_delete):
            signal.connect(
                authority.rules_changed,
                sender=model,
                dispatch_uid=f"meetings.rules.{model._meta.label_lower}.{signal is post_save}",
            )
    register_decision_kind(DecisionKind("term_extension", _("Term extension"), _term_extensions))
    register_decision_kind(DecisionKind("delegation", _("Delegation of authority"), _delegations))
    # After budgets (50: programmes and their standing rules), before projects (60: decisions).
    register_demo_step("chumchon.meetings.demo", order=55)
    register_menu_entry(
        MenuEntry("meetings", _("Committees and meetings"), "meetings:index", any_of=(Action.MEETING_VIEW,), order=45)
    )
