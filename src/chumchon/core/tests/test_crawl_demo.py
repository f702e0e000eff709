"""No dead ends and no raw codes (issue 9): crawl the demo as each of its named users with Django's
test client, from the home page through the menu and two links further (at most a few pages of each
kind), and require every link a page showed to answer, and no raw code in any page's visible text.

The browser version (phones, screenshots) lives with the phone-layout work; this one is the fast one.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from chumchon.core.tests.crawl import crawl

pytestmark = pytest.mark.django_db


def test_every_demo_user_meets_no_dead_end_and_no_raw_code(shared_demo: Any) -> None:
    ctx = shared_demo  # the session's one generated demo (conftest.py)
    users = get_user_model().objects.filter(username__in=[u["username"] for u in ctx.result()["users"]])
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    assert users.count() >= 10
    reports = []
    public: dict[str, int] = {}  # the portal's pages are the same for everyone: the first user's crawl reads them
    for user in users.order_by("pk"):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        reports.append(crawl(client, user.username, depth=3, per_shape=2, allowed=usernames, shared=public))
    assert len(public) > 20, sorted(public)
    failing = [r for r in reports if r.broken or r.raw]
    assert all(len(r.visited) > 10 for r in reports), [(r.username, len(r.visited)) for r in reports]
    assert not failing, "\n".join(r.summary() for r in failing)
