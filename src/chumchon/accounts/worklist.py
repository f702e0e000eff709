"""What awaits me (งานที่รอฉัน): the worklist on the home page and in the daily digest.

accounts sits below the apps whose work it lists (poverty, budgets, projects), so it owns the
registry and they fill it: each app's ``registrations.py`` appends a provider to
``WORKLIST_PROVIDERS``. A provider is called with the user and yields ``WorklistItem``s — one
count and the link to a page that lists exactly those rows (the page reads the same filter from a
query parameter, so the count and the page agree). Items with a zero count are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chumchon.accounts import permissions
from chumchon.core import jobs, prepared
from chumchon.core.models import Job, JobStatus

SEVERITY_ORDER = {"danger": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class WorklistItem:
    """One thing awaiting a user: how many, and where they are listed."""

    key: str  # stable, e.g. "projects.approve" (tests and the digest name items by it)
    label: str  # translated, for the page and the e-mail
    count: int
    url: str  # a path ("/projects/?todo=approve"); the digest makes it absolute
    severity: str = "info"  # "danger" (overdue, failed), "warning" (due soon), "info"
    order: int = 100  # where it stands on the page (lower first)


WorklistProvider = Callable[[Any], Iterable[WorklistItem]]

# Filled by the apps above accounts from their registrations.py (core's jobs by accounts itself).
WORKLIST_PROVIDERS: list[WorklistProvider] = []


def register_worklist_provider(provider: WorklistProvider) -> None:
    if provider not in WORKLIST_PROVIDERS:
        WORKLIST_PROVIDERS.append(provider)


def worklist_for(user: Any) -> list[WorklistItem]:
    """Every non-empty item awaiting ``user``, most urgent first."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    items = [item for provider in WORKLIST_PROVIDERS for item in provider(user) if item.count > 0]
    return sorted(items, key=lambda i: (i.order, SEVERITY_ORDER.get(i.severity, 9), i.key))


# --- core's jobs: accounts lies above core, so it lists the failed jobs itself -----------------


def failed_jobs_items(user: Any) -> Iterable[WorklistItem]:
    """Jobs that failed: the user's own; every failed job the user may see for national administrators."""
    national = "" in permissions.grants_for(user).prefixes(permissions.Action.JOB_VIEW)
    # Asked on every home page, made of nothing but the scope or the user: built once (``core.prepared``).
    if national:
        count = prepared.count(
            ("core.jobs_failed",), lambda: jobs.jobs_visible_to(user).filter(status=JobStatus.FAILED)
        )
        query = "?status=failed"
    else:
        # A user's own jobs are always among those visible to them (``jobs_visible_to``): the scope's condition,
        # ORed with "their own", adds nothing to "their own".
        count = prepared.count(
            ("core.jobs_failed_mine", user.pk), lambda: Job.objects.filter(status=JobStatus.FAILED, created_by=user)
        )
        query = "?status=failed&mine=1"
    if count:
        yield WorklistItem(
            key="core.jobs_failed",
            label=str(_("Background jobs that failed")),
            count=count,
            url=reverse("core:job_list") + query,
            severity="danger",
            order=90,
        )
