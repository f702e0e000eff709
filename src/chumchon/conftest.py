"""Fixtures shared by every app's tests.

The test database gets the whole national area tree once per session. Browser tests drive the
system's Chromium through Playwright; PostgreSQL-only tests (real row-lock concurrency) are
deselected on SQLite. With CHUMCHON_REQUIRE_ALL=1 (CI), a missing Chromium fails instead of skipping.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection

# Playwright's sync API runs an event loop in this thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REQUIRE_ALL = os.environ.get("CHUMCHON_REQUIRE_ALL") == "1"
DEMO_PASSWORD = "chumchon-test-pass"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from django.conf import settings

    if str(settings.DATABASES["default"]["ENGINE"]).endswith("postgresql"):
        return
    selected: list[pytest.Item] = []
    deselected: list[pytest.Item] = []
    for item in items:
        (deselected if item.get_closest_marker("postgres_only") else selected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


def missing(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where everything must run."""
    if REQUIRE_ALL:
        pytest.fail(f"{reason} (CHUMCHON_REQUIRE_ALL=1: nothing may be skipped)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings: Any) -> None:
    """Tests make many users; PBKDF2's deliberate slowness would dominate the suite's run time."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # users made outside a test still verify
    ]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    from chumchon.areas.services import areas_load

    with django_db_blocker.unblock():
        areas_load()


@pytest.fixture
def areas_loaded(django_db_blocker: Any) -> None:
    """For transactional tests (live server, concurrency), whose flush empties the area tables."""
    from chumchon.areas.models import Area
    from chumchon.areas.services import areas_load

    with django_db_blocker.unblock():
        if not Area.objects.exists():
            areas_load()


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    """``make_user("tambon_council_secretary", area="240104")`` → a user with that role and scope.

    Scope: ``area="<DOPA code>"``, ``region="R5"``, ``cluster="C08"`` or ``nation=True``.
    """
    from chumchon.accounts.models import RoleAssignment, User
    from chumchon.areas.models import Area, CodiRegion, ProvincialCluster
    from chumchon.organizations.models import BodyRoleAssignment

    counter = {"n": 0}

    def factory(
        role: str | None = None,
        *,
        username: str | None = None,
        area: str | None = None,
        region: str | None = None,
        cluster: str | None = None,
        nation: bool = False,
        body: Any = None,
        **extra: Any,
    ) -> Any:
        counter["n"] += 1
        user = User.objects.create_user(
            username=username or f"user{counter['n']}_{role or 'none'}", password=DEMO_PASSWORD, **extra
        )
        if role:
            assignment = RoleAssignment(user=user, role=role)
            if nation:
                assignment.scope_kind = "nation"
            elif region:
                assignment.scope_kind, assignment.region = "region", CodiRegion.objects.get(code=region)
            elif cluster:
                assignment.scope_kind, assignment.cluster = "cluster", ProvincialCluster.objects.get(code=cluster)
            else:
                assignment.scope_kind, assignment.area = "area", Area.objects.get(code=area)
            assignment.full_clean()
            assignment.save()
            if body is not None:  # the body a role is held in is organizations' link
                BodyRoleAssignment.objects.create(assignment=assignment, body=body)
        return user

    return factory


def _chromium_path() -> str | None:
    explicit = os.environ.get("CHUMCHON_CHROMIUM")
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A headless Chromium from the system (no browser download), driven by Playwright."""
    path = _chromium_path()
    if path is None:
        missing("Chromium is not installed (apt-get install chromium), so browser tests cannot run")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any, live_server: Any, areas_loaded: None) -> Iterator[Any]:
    """A fresh browser page; ``page.base_url`` is the live server."""
    context = chromium.new_context(base_url=live_server.url, locale="th-TH")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


def login(page: Any, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("#login-submit")
    page.wait_for_load_state()


@pytest.fixture
def is_postgres() -> bool:
    return connection.vendor == "postgresql"
