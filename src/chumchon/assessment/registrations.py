"""What assessment plugs into the registries of the apps below it (called from ``ready()``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from chumchon.accounts.menu import MenuEntry, register_menu_entry
from chumchon.accounts.permissions import Action
from chumchon.accounts.worklist import register_worklist_provider
from chumchon.assessment import selectors, services, worklist
from chumchon.core.demo import register_demo_step
from chumchon.meetings.decisions import DecisionKind, register_decision_kind


def register() -> None:
    register_demo_step("chumchon.assessment.demo", order=70)  # after projects (60) and the governor register (66)
    register_worklist_provider(worklist.worklist_items)
    register_menu_entry(
        MenuEntry(
            "assessment",
            _("Self-managing provinces"),
            "assessment:index",
            any_of=(Action.ASSESSMENT_VIEW,),
            visible=selectors.sees_any_province,
            order=60,
        )
    )
    # A resolution lists the pilot selection it adopted and the provinces it certified (meetings.decisions).
    register_decision_kind(
        DecisionKind(services.PILOT_DECISION, _("Pilot-province selection"), selectors.decided_selections)
    )
    register_decision_kind(
        DecisionKind(
            services.CERTIFICATION_DECISION, _("Certification of a province's status"), selectors.decided_certifications
        )
    )
