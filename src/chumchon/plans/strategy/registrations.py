"""What the strategy work plugs into the registries below plans (called from plans.registrations)."""

from __future__ import annotations

from chumchon.accounts.worklist import register_worklist_provider
from chumchon.core.demo import register_demo_step
from chumchon.plans.strategy import worklist


def register() -> None:
    register_demo_step("chumchon.plans.strategy.demo", order=56)  # after the plans' own step (55)
    register_worklist_provider(worklist.worklist_items)
