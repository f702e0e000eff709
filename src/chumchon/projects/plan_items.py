"""What a plan item shows of its projects, and the proposal made from an item (plans stand below).

Plans own the registry (``plans.selectors.ITEM_PROJECT_SOURCES``); projects fill it from
``registrations.py``. The proposal form, opened with ``?plan_item=<pk>``, is prefilled from the
item — title, objective, target group, area, target households (counted from the poverty data, not
typed) and the item's estimated budget as one budget line — and the project keeps the link.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.urls import reverse

from chumchon.accounts import permissions
from chumchon.accounts.permissions import Action
from chumchon.audit.models import AuditAction
from chumchon.audit.services import audit_record
from chumchon.plans import selectors as plan_selectors
from chumchon.plans import services as plan_services
from chumchon.plans.models import PlanItem
from chumchon.plans.selectors import ItemProject, ItemProjectSource
from chumchon.projects.models import Project
from chumchon.projects.selectors import progress_map


def projects_of(user: Any, item_ids: Sequence[int]) -> dict[int, list[ItemProject]]:
    if not item_ids:
        return {}
    qs = permissions.scoped(Project.objects.filter(plan_item_id__in=list(item_ids)), user, Action.PROJECT_VIEW)
    projects = list(qs.order_by("created_at", "id"))
    progress = progress_map(projects)
    out: dict[int, list[ItemProject]] = {}
    for p in projects:
        assert p.plan_item_id is not None
        out.setdefault(p.plan_item_id, []).append(
            ItemProject(
                title=p.title_th,
                status=str(p.get_status_display()),
                progress_pct=progress.get(p.pk, Decimal(0)),
                requested_amount=p.requested_amount,
                approved_amount=p.approved_amount,
                url=reverse("projects:detail", args=[p.pk]),
            )
        )
    return out


def proposal_url(user: Any, item: PlanItem) -> str | None:
    area_code = item.area_code
    if not area_code or not permissions.can(user, Action.PROJECT_PROPOSE, area_code):
        return None
    return reverse("projects:create") + f"?plan_item={item.pk}"


def initial_from_item(item: PlanItem) -> dict[str, Any]:
    """The proposal form's initial values taken from the item."""
    count = plan_selectors.target_households_of(item)
    objectives = item.objective
    if item.problem:
        objectives = f"{objectives}\n\n{item.problem}".strip()
    return {
        "title_th": item.title,
        "objectives": objectives,
        "target_groups": item.target_group,
        "area_code": item.area_code,
        "target_households": count.households if count is not None else 0,
    }


def budget_lines_from_item(item: PlanItem) -> list[tuple[str, Decimal]]:
    """The item's estimated budget, one line per fiscal year (the proposer adjusts it afterwards)."""
    return [
        (f"ตามแผน: {item.title} ปีงบประมาณ {b.fiscal_year_be}", b.amount)
        for b in item.budgets.order_by("fiscal_year_be")
        if b.amount > 0
    ]


SOURCE = ItemProjectSource(projects_of=projects_of, proposal_url=proposal_url)


def demo_link(ctx: Any) -> None:
    """Demo: some projects of each demo One Plan's tambon came from the plan — an item is written in
    the One Plan from the project's proposal and the project linked to it (plans' demo runs first)."""
    one_plans = ctx.shared.get("one_plans") or {}
    writer = ctx.shared.get("plan_writer")
    if not one_plans or writer is None:
        return
    for code, plan in one_plans.items():
        projects = list(
            Project.objects.filter(area__code=code, plan_item__isnull=True, parent__isnull=True)
            .select_related("programme")
            .order_by("created_at", "id")[:2]
        )
        for project in projects:
            year = project.programme.fiscal_year
            budgets = {year: project.requested_amount} if plan.start_year_be <= year <= plan.end_year_be else {}
            item = plan_services.item_create_in_transaction(
                actor=writer,
                plan=plan,
                title=project.title_th,
                objective=project.objectives,
                target_group=project.target_groups,
                area=project.area,
                budget_source="codi",
                budgets=budgets,
            )
            Project.objects.filter(pk=project.pk).update(plan_item=item)
            audit_record(
                actor=writer,
                action=AuditAction.UPDATE,
                obj=project,
                changes={"plan_item": [None, item.pk]},
                note="demo: the project carries out a plan item",
            )
