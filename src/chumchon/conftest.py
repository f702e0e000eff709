"""Fixtures shared by every app's tests.

The test database gets the whole national area tree once per session. Browser tests drive the
system's Chromium through Playwright; PostgreSQL-only tests (real row-lock concurrency) are
deselected on SQLite. With CHUMCHON_REQUIRE_ALL=1 (CI), a missing Chromium fails instead of skipping.

Generating the whole demo takes about a minute, so a session generates it at most twice, and tests share
those two (never generate it yourself in a test; docs/architecture.md, "Tests that need the demo"):

- ``shared_demo`` — the demo (seed 2565, region R5, today pinned to ``DEMO_TODAY``) generated ONCE in the
  test database, for tests that read it through the ORM or Django's test client. Every test that uses it
  runs, one after another, at the end of the ordinary database tests; the demo lives in an outer
  transaction that is rolled back after the last of them, and each test's own writes are rolled back
  after that test (a savepoint), so each one sees the demo exactly as generated.
- ``demo_cli`` — ``chumchon demo --no-serve`` run ONCE in a subprocess into its own data directory and
  SQLite file; ``demo_site`` serves it to the browser tests. Both are read-only for the tests.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

# Playwright's sync API runs an event loop in this thread; Django must still allow ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REQUIRE_ALL = os.environ.get("CHUMCHON_REQUIRE_ALL") == "1"
DEMO_PASSWORD = "chumchon-test-pass"


@pytest.hookimpl(trylast=True)  # after pytest-django has put database tests first, transactional ones next
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from django.conf import settings

    if not str(settings.DATABASES["default"]["ENGINE"]).endswith("postgresql"):
        selected: list[pytest.Item] = []
        deselected: list[pytest.Item] = []
        for item in items:
            (deselected if item.get_closest_marker("postgres_only") else selected).append(item)
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = selected
    _run_shared_demo_tests_together(items)


def _is_transactional(item: pytest.Item) -> bool:
    """pytest-django's test order: ordinary database tests, then transactional ones (which flush), then the rest."""
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    flagged = bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
    return flagged or "transactional_db" in names or "live_server" in names


def _run_shared_demo_tests_together(items: list[pytest.Item]) -> None:
    """Every test using ``shared_demo`` runs in one stretch, after the other ordinary database tests and
    before the transactional ones, so the demo is generated once and no other test sees it."""
    demo = [item for item in items if SHARED_DEMO in getattr(item, "fixturenames", ())]
    if not demo:
        return
    rest = [item for item in items if SHARED_DEMO not in getattr(item, "fixturenames", ())]
    uses_db = [
        i
        for i, item in enumerate(rest)
        if "db" in getattr(item, "fixturenames", ()) or item.get_closest_marker("django_db")
    ]
    ordinary = [i for i in uses_db if not _is_transactional(rest[i])]
    at = ordinary[-1] + 1 if ordinary else 0
    items[:] = rest[:at] + demo + rest[at:]


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
    # The public page cache's per-process copies would outlive a test's rolled-back database (portal.pagecache).
    settings.PUBLIC_CACHE_LOCAL_SECONDS = 0
    # Kept page fragments (core.fragments) likewise: each test starts with none (a test may change a registry).
    # So do the answers kept per data version (core.kept): a rolled-back test's rows (a user id reused by the
    # next test, say) never reach another test under a version that did not move.
    from chumchon.core import fragments, kept

    fragments.forget_local()
    kept.forget_local()


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


SHARED_DEMO = "shared_demo"  # the fixture's name: collection runs the tests that use it together
DEMO_TODAY = dt.date(2026, 12, 6)  # the shared demo's "today" (fiscal year 2570): the same demo on any day


class _SharedDemo:
    """The one demo generated in the test database, inside an outer transaction kept open while the
    tests that use it run (one after another: see ``_run_shared_demo_tests_together``), then rolled back."""

    def __init__(self) -> None:
        self.ctx: Any = None
        self.seconds = 0.0
        self._atomic: Any = None
        self._settings: Any = None
        self._blocker: Any = None

    def open(self, blocker: Any, directory: Path) -> Any:
        if self.ctx is not None:
            return self.ctx
        from django.db import transaction
        from django.test import override_settings

        from chumchon.core.demo import generate_demo

        # The demo's files (survey store, uploads) live in a directory of their own for its lifetime.
        self._settings = override_settings(
            MEDIA_ROOT=directory / "media",
            SURVEY_STORE=directory / "surveys",
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        )
        self._settings.enable()
        self._blocker = blocker
        with blocker.unblock():
            self._atomic = transaction.atomic()
            self._atomic._from_testcase = True  # services' durable blocks nest in it, as in a TestCase
            self._atomic.__enter__()
            try:
                started = time.perf_counter()
                self.ctx = generate_demo(seed=2565, region_code="R5", today=DEMO_TODAY)
                self.seconds = time.perf_counter() - started
                _analyze_for_the_planner()
            except BaseException:
                self.close()
                raise
        print(f"\nshared demo generated in {self.seconds:.1f} s")
        return self.ctx

    def close(self) -> None:
        if self._atomic is None:
            return
        from django.db import transaction

        with self._blocker.unblock():
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)
        self._settings.disable()
        self.ctx = self._atomic = self._settings = None


def _analyze_for_the_planner() -> None:
    """Give PostgreSQL's planner statistics for the demo's rows. The demo stays in a transaction that is
    never committed, so autovacuum never analyses it and the planner would take every table for empty
    (nested loops over thousands of rows). ANALYZE in the same transaction counts its own rows."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


_shared_demo = _SharedDemo()


@pytest.fixture(scope="module")  # above function scope, so it opens before the test's own transaction
def shared_demo(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The demo (a ``core.demo.DemoContext``: ``.users``, ``.shared[...]``) generated once in the test
    database. The test must use the database (``db`` or the ``django_db`` mark, not transactional); what
    it writes is rolled back after it, so it may change the demo for its own purposes."""
    return _shared_demo.open(django_db_blocker, tmp_path_factory.mktemp("shared-demo"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """After the last test of the stretch that uses ``shared_demo``, roll the demo back."""
    try:
        return (yield)
    finally:
        if nextitem is None or SHARED_DEMO not in getattr(nextitem, "fixturenames", ()):
            _shared_demo.close()


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


@dataclass(frozen=True)
class DemoCli:
    """What ``chumchon demo --no-serve`` did in its own data directory: its output and its environment."""

    data_dir: Path
    env: dict[str, str]
    run: subprocess.CompletedProcess[str]

    @property
    def database(self) -> Path:
        return self.data_dir / "chumchon.sqlite3"


_CLI = [sys.executable, "-m", "chumchon.cli"]
DEMO_CLI_ARGS = ["demo", "--no-serve", "--no-progress"]  # seed 2565, region R5


def _demo_env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CHUMCHON_DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["CHUMCHON_DATA_DIR"] = str(data_dir)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def demo_cli_prepare(directory: Path | str) -> int:
    """Run ``chumchon demo --no-serve`` into ``<directory>/data`` and keep what it printed in
    ``<directory>/run.json``; returns its exit code. ``demo_cli`` does this itself, unless
    scripts/test.sh did it once for both database runs (beside lint) and says where: CHUMCHON_TEST_DEMO."""
    data_dir = Path(directory) / "data"
    data_dir.mkdir(parents=True)
    made = subprocess.run(
        [*_CLI, *DEMO_CLI_ARGS], env=_demo_env(data_dir), capture_output=True, text=True, timeout=900, check=False
    )
    run = {"args": made.args, "returncode": made.returncode, "stdout": made.stdout, "stderr": made.stderr}
    (Path(directory) / "run.json").write_text(json.dumps(run))
    return made.returncode


@pytest.fixture(scope="session")
def demo_cli() -> Iterator[DemoCli]:
    """``chumchon demo --no-serve`` (seed 2565, region R5) run ONCE per session in a subprocess, into its
    own data directory and SQLite file apart from the test database. Read-only for the tests: the CLI
    test checks its output and copies its database; ``demo_site`` serves it.

    With CHUMCHON_TEST_DEMO (scripts/test.sh), the run was made before the session: its data directory is
    copied and its output read, so the SQLite and PostgreSQL runs share one generation.
    """
    work = Path(tempfile.mkdtemp(prefix="chumchon-demo-site-"))
    prepared = os.environ.get("CHUMCHON_TEST_DEMO")
    try:
        if prepared:
            shutil.copytree(Path(prepared) / "data", work / "data")
        else:
            demo_cli_prepare(work)
        made = json.loads((Path(prepared or work) / "run.json").read_text())
        run = subprocess.CompletedProcess(made["args"], made["returncode"], made["stdout"], made["stderr"])
        if run.returncode != 0:
            pytest.fail(f"chumchon demo failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}")
        yield DemoCli(data_dir=work / "data", env=_demo_env(work / "data"), run=run)
    finally:
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="session")
def demo_site(chromium: Any, demo_cli: DemoCli) -> Iterator[str]:
    """The ``demo_cli`` demo served for the whole session: its base URL.

    Browser tests that need the demo's data and accounts share it (read-only: they must not change it).
    """
    data_dir, env = demo_cli.data_dir, demo_cli.env
    port = _free_port()
    log = (data_dir / "serve.log").open("w")
    server = subprocess.Popen(
        [*_CLI, "serve", "--no-worker", "--no-migrate", "--port", str(port), "--workers", "2"],
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


def artefacts_dir() -> Path:
    """Where browser tests keep screenshots: $CHUMCHON_ARTEFACTS (CI keeps it), else a temporary directory."""
    configured = os.environ.get("CHUMCHON_ARTEFACTS")
    path = Path(configured) if configured else Path(tempfile.gettempdir()) / "chumchon-artefacts"
    path.mkdir(parents=True, exist_ok=True)
    return path
