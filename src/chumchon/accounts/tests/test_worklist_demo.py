"""The worklist, the menu and the daily digest, tried as every demo user (issue 9, item 1).

The session's one generated demo (seed 2565, region R5: the ``shared_demo`` fixture, conftest.py) is
read by every test here, each per demo role (what a test writes is rolled back after it):

- every worklist count equals the number of rows on the page its link opens;
- the menu shows exactly the entries the role may use, and none of them answers 403/404;
- ``chumchon digest`` mails each user with work waiting and an address, skips those who opted out,
  and its counts are the worklist's.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from chumchon.accounts import permissions
from chumchon.accounts.menu import menu_for
from chumchon.accounts.models import Role, User
from chumchon.accounts.permissions import Action
from chumchon.accounts.worklist import worklist_for
from chumchon.core import jobs

ROLES = [str(r) for r in Role]
ROW = re.compile(rb"<tr data-row")


@pytest.fixture
def demo_users(shared_demo: Any) -> dict[str, str]:
    """role → username of the demo's user for it."""
    return {str(role): user.username for role, user in shared_demo.shared["users"].items()}


def _user(demo_users: dict[str, str], role: str) -> User:
    return User.objects.get(username=demo_users[role])


def _rows_on(client: Client, url: str) -> int:
    """Rows listed at ``url``, over all its pages (list pages show 50 a page; a page past the last
    answers with the last page again, which ends the walk)."""
    total, previous = 0, None
    for number in range(1, 1000):
        joiner = "&" if "?" in url else "?"
        response = client.get(f"{url}{joiner}page={number}")
        assert response.status_code == 200, (url, response.status_code)
        page = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", response.content)  # differs per request
        rows = re.findall(rb"<tr data-row.*?</tr>", page, flags=re.S)
        if rows == previous:
            break
        assert len(rows) == len(ROW.findall(response.content))
        total += len(rows)
        previous = rows
    return total


@pytest.mark.parametrize("role", ROLES)
def test_each_worklist_count_equals_the_rows_on_its_page(
    role: str, demo_users: dict[str, str], db: Any, client: Client
) -> None:
    user = _user(demo_users, role)
    client.force_login(user)
    items = worklist_for(user)
    for item in items:
        assert item.count > 0
        assert _rows_on(client, item.url) == item.count, (role, item.key, item.url)
    # The home page shows each item with its count and link.
    home = client.get("/").content.decode()
    for item in items:
        assert f'href="{item.url.replace("&", "&amp;")}"' in home, (role, item.key)
    print(role, [(i.key, i.count) for i in items])


def test_the_demo_gives_the_deciding_roles_work(demo_users: dict[str, str], db: Any) -> None:
    """The demo is not an empty test: the roles that decide, sign and report have work waiting."""
    keys = {role: {i.key for i in worklist_for(_user(demo_users, role))} for role in ROLES}
    assert "projects.approve" in keys[Role.CLUSTER_WORKING_GROUP_MEMBER]
    assert "projects.screen" in keys[Role.PROVINCIAL_WORKING_GROUP_MEMBER]
    assert keys[Role.CODI_REGIONAL_STAFF] & {"projects.sign", "projects.disburse"}
    assert keys[Role.TAMBON_COUNCIL_SECRETARY] & {"projects.report_overdue", "projects.report_due"}
    # Who does not decide sees no decision: the Baan Mankong subcommittee decides housing only.
    assert "projects.screen" not in keys[Role.CLUSTER_WORKING_GROUP_MEMBER]
    assert not any(k.startswith("projects.") for k in keys[Role.CDD_DISTRICT_OFFICER])


def test_approve_lists_only_what_the_authority_lets_the_user_decide(demo_users: dict[str, str], db: Any) -> None:
    """A regional subcommittee member holds PROJECT_APPROVE but decides only where the rule names them
    (Bangkok, outside every cluster): cluster-province proposals are not on their worklist."""
    from chumchon.projects.models import Project, ProjectStatus
    from chumchon.projects.worklist import todo_filter

    member = _user(demo_users, Role.REGIONAL_SUBCOMMITTEE_MEMBER)
    listed = todo_filter(Project.objects.all(), member, "approve")
    assert not listed.exclude(area__code__startswith="10").exists()
    cluster = _user(demo_users, Role.CLUSTER_WORKING_GROUP_MEMBER)
    screened_in_cluster = permissions.scoped(
        Project.objects.filter(status=ProjectStatus.SCREENED, is_housing=False), cluster, Action.PROJECT_APPROVE
    )
    assert set(todo_filter(Project.objects.all(), cluster, "approve")) == set(screened_in_cluster)


def _expected_menu(user: User) -> set[str]:
    """The brief's rule for each entry, asked of the permission module directly."""
    can = permissions.can_anywhere
    expected = {"home", "portal"}  # the public portal is open to everyone
    if can(user, Action.FEEDBACK_MODERATE):
        expected.add("feedback")
    if can(user, Action.PERSON_VIEW) or can(user, Action.LOGBOOK_VIEW):
        expected.add("poverty")
    if can(user, Action.PERSON_RESOLVE_DUPLICATE):
        expected.add("poverty_duplicates")
    if can(user, Action.PROJECT_VIEW):
        expected |= {"projects", "budgets"}
    if can(user, Action.CAPITAL_EDIT) or can(user, Action.PERSON_VIEW):
        expected.add("capital")
    if can(user, Action.ORG_VIEW):
        expected |= {"organizations", "relief"}
    if can(user, Action.PLAN_VIEW):
        expected |= {"plans", "plans_governor"}
    if can(user, Action.MEETING_VIEW):
        expected.add("meetings")
    if can(user, Action.AUDIT_VIEW):
        expected.add("audit")
    # The self-managing-province assessment: roles that read at least one whole province.
    if any(len(p) <= 2 for p in permissions.grants_for(user).prefixes(Action.ASSESSMENT_VIEW)):
        expected.add("assessment")
    if can(user, Action.REPORT_GENERATE) or can(user, Action.AREA_VIEW):
        expected.add("reports")
    if can(user, Action.INDICATOR_VIEW):
        expected.add("indicators")
    # Search: whoever may see organisations, plans or projects somewhere.
    if can(user, Action.ORG_VIEW) or can(user, Action.PLAN_VIEW) or can(user, Action.PROJECT_VIEW):
        expected.add("search")
    if can(user, Action.JOB_VIEW) and jobs.jobs_visible_to(user).exists():
        expected.add("jobs")
    if user.is_staff:
        expected.add("admin")
    return expected


@pytest.mark.parametrize("role", ROLES)
def test_menu_shows_exactly_what_the_role_can_use(
    role: str, demo_users: dict[str, str], db: Any, client: Client
) -> None:
    user = _user(demo_users, role)
    client.force_login(user)
    html = client.get("/").content.decode()
    shown = set(re.findall(r'id="nav-([a-z_]+)"', html))
    assert shown == _expected_menu(user), role
    assert 'id="nav-home" class="active" aria-current="page"' in html
    for link in menu_for(user, "/"):
        response = client.get(link.url)
        assert response.status_code in (200, 302), (role, link.url, response.status_code)
        assert response.status_code != 302 or "/login" not in response["Location"]


def test_menu_hides_audit_jobs_and_poverty_from_a_welfare_fund_member(demo_users: dict[str, str], db: Any) -> None:
    keys = {link.key for link in menu_for(_user(demo_users, Role.WELFARE_FUND_COMMITTEE), "/")}
    assert "audit" not in keys and "poverty" not in keys
    assert {"home", "projects", "organizations"} <= keys


def test_digest_mails_each_user_their_worklist_and_skips_who_opted_out(demo_users: dict[str, str], db: Any) -> None:
    users = [_user(demo_users, role) for role in ROLES]
    for u in users:
        u.email = f"{u.username}@example.org"
    opted_out = _user(demo_users, Role.CLUSTER_WORKING_GROUP_MEMBER)
    assert worklist_for(opted_out), "the opted-out user must have work waiting for this test to mean anything"
    for u in users:
        u.daily_digest = u.pk != opted_out.pk
        u.save(update_fields=["email", "daily_digest"])
    mail.outbox.clear()
    call_command("digest", "--site-url", "https://chumchon.example.org")
    by_address = {m.to[0]: m for m in mail.outbox}
    assert len(by_address) == len(mail.outbox)
    assert opted_out.email not in by_address
    for u in users:
        items = worklist_for(User.objects.get(pk=u.pk))
        if u.pk == opted_out.pk or not items:
            assert u.email not in by_address, u.username
            continue
        body = by_address[u.email].body
        total = sum(i.count for i in items)
        assert f"Chumchon: {total} items waiting" in by_address[u.email].subject
        for item in items:
            # Thai, then English: each count with its absolute link.
            assert body.count(f": {item.count}\n    https://chumchon.example.org{item.url}") == 2, (
                u.username,
                item.key,
            )
        assert "เรียน" in body and "Dear" in body
