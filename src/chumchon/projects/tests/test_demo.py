"""The demo (seed 000): FY2565 with exactly 17 Baan Mankong projects totalling exactly 16,855,500 baht
approved by the Baan Mankong subcommittee and many ordinary projects within the allocations; the
years after it up to the current one, the current year's projects in a mix of live states; the
ledger consistent. The demo is made for a pinned "today" (6 December 2026, FY2570): the session's one
generated demo (the ``shared_demo`` fixture, conftest.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Sum

from chumchon.budgets.models import FundBalance
from chumchon.budgets.services import ledger_check
from chumchon.conftest import DEMO_TODAY
from chumchon.organizations.models import BodyKind
from chumchon.projects.models import Project, ProjectStatus
from chumchon.projects.selectors import OVERDUE_STATUSES, overdue_filter

pytestmark = pytest.mark.django_db
S = ProjectStatus
TODAY = DEMO_TODAY  # 6 December 2026, fiscal year 2570


def test_the_shared_demo_is_the_one_these_assertions_describe(shared_demo: Any) -> None:
    assert (shared_demo.seed, shared_demo.region.code, shared_demo.today) == (2565, "R5", dt.date(2026, 12, 6))


def test_demo_projects(shared_demo: Any) -> None:
    ctx = shared_demo
    print(f"{Project.objects.count()} projects")

    housing = ctx.shared["housing_programme"]
    approved_housing = Project.objects.filter(programme=housing, approved_amount__isnull=False)
    assert approved_housing.count() == 17
    assert approved_housing.aggregate(s=Sum("approved_amount"))["s"] == Decimal("16855500.00")
    assert set(approved_housing.values_list("is_housing", flat=True)) == {True}
    kinds = set(approved_housing.values_list("approval_resolution__body__kind", flat=True))
    assert kinds == {BodyKind.BAAN_MANKONG_SUBCOMMITTEE}

    ordinary = Project.objects.filter(is_housing=False, programme__fiscal_year=2565)
    assert ordinary.count() >= 60
    approved = ordinary.filter(approved_amount__isnull=False).exclude(status=S.CANCELLED)
    amounts = list(approved.values_list("approved_amount", flat=True))
    assert min(amounts) >= Decimal(30000) and max(amounts) <= Decimal(5000000)
    total = sum(amounts, Decimal(0))
    assert Decimal(40_000_000) < total < Decimal("139504935")
    # FY2565: the regional subcommittee delegated project approval to the regional project-review
    # working group (its meeting 1/2565), which decides at quorate meetings minuted in the system.
    assert set(approved.values_list("approval_resolution__body__kind", flat=True)) == {
        BodyKind.PROJECT_REVIEW_WORKING_GROUP
    }
    assert not approved.filter(approval_resolution__meeting__isnull=True).exists()
    _assert_committees(ctx)
    # Programme indicators: the 5 key programmes have 1–3 each, and projects report to them.
    from chumchon.budgets.selectors import indicator_progress
    from chumchon.projects.models import ProjectIndicator

    admin = ctx.shared["budget_users"]["admin"]
    for code, programme in ctx.shared["programmes"].items():
        count = programme.indicators.count()
        assert (1 <= count <= 3) if code != "BMK" else count == 0
    assert ProjectIndicator.objects.exclude(code="").exists()
    welfare = indicator_progress(admin, ctx.shared["programmes"]["WELFARE"])
    assert any(p.value for p in welfare)
    statuses = set(Project.objects.values_list("status", flat=True))
    assert {S.CLOSED, S.IN_PROGRESS, S.APPROVED, S.AGREEMENT_SIGNED} <= statuses
    assert statuses & {S.DRAFT, S.SUBMITTED, S.RETURNED}
    for programmes in ctx.shared["programmes_by_year"].values():
        for programme in programmes.values():
            assert ledger_check(programme) == []
    for b in FundBalance.objects.all():
        assert b.committed <= b.allocated
    # Timelines of FY2565 are dated in FY2565.
    first = Project.objects.filter(status=S.CLOSED, programme__fiscal_year=2565).first()
    assert first is not None
    years = {e.at.year for e in first.events.all()}
    assert years <= {2021, 2022}
    _assert_lives_in_the_present(ctx)
    _assert_one_account_per_role_and_scope(ctx)


def _assert_committees(ctx: Any) -> None:
    """The region's committees: members, a term extended by resolution, the FY2565 delegations."""
    from chumchon.meetings.decisions import decisions_of
    from chumchon.meetings.models import Delegation, Meeting, TermExtension
    from chumchon.meetings.services import committee_on

    regional = ctx.shared["regional_subcommittee"]
    assert len(committee_on(regional, dt.date(2022, 1, 1))) == 9
    assert len(committee_on(regional, dt.date(2022, 11, 15))) == 9  # the extended term
    assert len(committee_on(regional, TODAY)) == 7  # the second term, chaired by subcom_r5
    extension = TermExtension.objects.get(body=regional)
    assert (extension.new_start, extension.new_end) == (dt.date(2022, 10, 1), dt.date(2022, 11, 30))
    delegations = Delegation.objects.filter(from_body=regional, fiscal_year=2565)
    assert set(delegations.values_list("to_body__kind", flat=True)) == {
        BodyKind.PROJECT_REVIEW_WORKING_GROUP,
        BodyKind.BAAN_MANKONG_SUBCOMMITTEE,
    }
    review = ctx.shared["project_review_group"]
    meetings = list(Meeting.objects.filter(body=review).order_by("fiscal_year", "sequence"))
    assert meetings and [m.held_on for m in meetings] == sorted(m.held_on for m in meetings)
    staff = ctx.shared["budget_users"]["staff"]
    decided = decisions_of(meetings[0].resolutions.first(), staff)
    assert decided and {d.kind for d in decided} <= {"project_approval", "project_rejection"}


def _assert_one_account_per_role_and_scope(ctx: Any) -> None:
    """The printed credential table names each account's real role; no two accounts differ only in name."""
    from chumchon.accounts.demo import credentials_report
    from chumchon.accounts.models import RoleAssignment

    listed = [u.username for u in ctx.users]
    assert len(listed) == len(set(listed))
    held = [
        (a.role, a.scope_kind, a.area_id, a.region_id, a.cluster_id)
        for a in RoleAssignment.objects.filter(user__username__in=listed)
    ]
    assert len(held) == len(set(held))  # e.g. not subcom_r5 and subcommittee_r5 both regional subcommittee
    for user in ctx.users:
        roles = RoleAssignment.objects.filter(user__username=user.username)
        assert roles.exists()
        for assignment in roles:
            assert str(assignment.get_role_display()) in user.description
    assert len({u.description for u in ctx.users}) == len(ctx.users)
    table = credentials_report(ctx.result())
    assert "subcommittee_r5" not in table and "budget_officer_r5" not in table and "subcom_r5" in table


def _assert_lives_in_the_present(ctx: Any) -> None:
    """Fiscal years up to the current one; the current year's work in live states; few overdue."""
    from chumchon.budgets.models import ApprovalRule, Programme
    from chumchon.projects.models import ProjectEvent

    assert sorted(ctx.shared["programmes_by_year"]) == [2565, 2566, 2567, 2568, 2569, 2570]
    assert set(Programme.objects.values_list("fiscal_year", flat=True)) == {2565, 2566, 2567, 2568, 2569, 2570}
    # From FY2566 on, every approval rule is the one the regional subcommittee adopted by resolution.
    adopted = ctx.shared["approval_rule_resolution"]
    assert adopted.body.kind == BodyKind.CODI_REGIONAL_SUBCOMMITTEE and adopted.meeting_date < dt.date(2022, 10, 1)
    later = ApprovalRule.objects.filter(programme__fiscal_year__gte=2566)
    assert later.count() == 5 * 6  # six programmes in each of FY2566–2570
    assert set(later.values_list("resolution", flat=True)) == {adopted.pk}
    assert set(later.values_list("valid_from", flat=True)) == {dt.date(2022, 10, 1)}
    assert set(later.filter(programme__kind="housing").values_list("approver_body_kind", flat=True)) == {
        BodyKind.BAAN_MANKONG_SUBCOMMITTEE
    }
    assert set(later.exclude(programme__kind="housing").values_list("approver_body_kind", flat=True)) == {
        BodyKind.CLUSTER_WORKING_GROUP
    }
    assert not ApprovalRule.objects.filter(programme__fiscal_year=2565, resolution__isnull=False).exists()
    later_approved = Project.objects.filter(
        programme__fiscal_year__gte=2566, is_housing=False, approval_resolution__isnull=False
    )
    assert later_approved.exists()
    assert set(
        later_approved.exclude(area__code__startswith="10").values_list("approval_resolution__body__kind", flat=True)
    ) == {BodyKind.CLUSTER_WORKING_GROUP}
    # Every year from FY2565 to FY2570 has projects; nothing is dated after today.
    assert set(Project.objects.values_list("programme__fiscal_year", flat=True)) == set(range(2565, 2571))
    assert not ProjectEvent.objects.filter(at__date__gte=TODAY).exists()
    assert not Project.objects.filter(next_report_due__isnull=False, programme__fiscal_year__lte=2568).exists()
    # Four years on, FY2565's projects are finished: nothing running, waiting or overdue from then.
    assert set(Project.objects.filter(programme__fiscal_year=2565).values_list("status", flat=True)) <= {
        S.CLOSED,
        S.CANCELLED,
        S.REJECTED,
    }
    # The current year: proposals under screening and awaiting decision, approvals, agreements, tranches.
    current = Project.objects.filter(programme__fiscal_year=2570)
    states = set(current.values_list("status", flat=True))
    assert {S.DRAFT, S.SUBMITTED, S.SCREENED, S.APPROVED, S.AGREEMENT_SIGNED, S.IN_PROGRESS} <= states
    assert current.filter(disbursed_amount__gt=0).count() >= 10
    # Reports: many due in the coming weeks, a few overdue (not 93 of 195).
    running = Project.objects.filter(status__in=OVERDUE_STATUSES)
    overdue = overdue_filter(running, TODAY)
    due_soon = running.filter(next_report_due__gte=TODAY, next_report_due__lte=TODAY + dt.timedelta(days=90))
    assert 1 <= overdue.count() <= max(3, running.count() // 10)
    assert due_soon.count() >= 10
    assert set(overdue.values_list("programme__fiscal_year", flat=True)) <= {2569}


MARK = "แก้ในการทดสอบเดียว / changed by one test"


def test_a_test_may_change_the_shared_demo_for_itself(shared_demo: Any) -> None:
    assert Project.objects.update(title_th=MARK) == Project.objects.count() > 0


def test_the_next_test_sees_the_shared_demo_as_generated(shared_demo: Any) -> None:
    """The previous test's change was rolled back with it (it runs first: tests keep their file order)."""
    assert Project.objects.exists() and not Project.objects.filter(title_th=MARK).exists()
