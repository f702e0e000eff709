"""Fixtures shared by every app's tests.

The test database gets the whole national area tree once per session. Browser tests drive the
system's Chromium through Playwright; PostgreSQL-only tests (real row-lock concurrency) are
deselected on SQLite. With CHUMCHON_REQUIRE_ALL=1 (CI), a missing Chromium fails instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
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


DEMO_SITE_PASSWORD = "chumchon2565"  # what ``chumchon demo`` gives every account


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def demo_site(chromium: Any) -> Iterator[str]:
    """ONE generated demo (``chumchon demo``, region R5) served for the whole session: its base URL.

    Browser tests that need the demo's data and accounts share it (read-only: they must not change
    it). It lives in its own data directory and SQLite file, apart from the test database.
    """
    data_dir = Path(tempfile.mkdtemp(prefix="chumchon-demo-site-"))
    env = {k: v for k, v in os.environ.items() if k not in ("CHUMCHON_DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["CHUMCHON_DATA_DIR"] = str(data_dir)
    cli = [sys.executable, "-m", "chumchon.cli"]
    made = subprocess.run(
        [*cli, "demo", "--no-serve", "--no-progress"], env=env, capture_output=True, text=True, timeout=900
    )
    if made.returncode != 0:
        pytest.fail(f"chumchon demo failed:\n{made.stdout[-3000:]}\n{made.stderr[-3000:]}")
    port = _free_port()
    log = (data_dir / "serve.log").open("w")
    server = subprocess.Popen(
        [*cli, "serve", "--no-worker", "--no-migrate", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base}/accounts/login/", timeout=5):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail(f"the demo server did not start:\n{(data_dir / 'serve.log').read_text()[-3000:]}")
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
        shutil.rmtree(data_dir, ignore_errors=True)


def artefacts_dir() -> Path:
    """Where browser tests keep screenshots: $CHUMCHON_ARTEFACTS (CI keeps it), else a temporary directory."""
    configured = os.environ.get("CHUMCHON_ARTEFACTS")
    path = Path(configured) if configured else Path(tempfile.gettempdir()) / "chumchon-artefacts"
    path.mkdir(parents=True, exist_ok=True)
    return path
