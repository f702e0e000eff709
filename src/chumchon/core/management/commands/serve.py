"""``chumchon serve``: the embedded production set-up on one machine.

Starts gunicorn (``chumchon.wsgi``) and one background-job worker (``db_worker``) as child
processes and watches them: Ctrl-C or SIGTERM stops both cleanly (SIGTERM, then SIGKILL after a
grace period), and if either dies the other is stopped too and the exit status says so. Static
files are served by WhiteNoise from the installed packages, so no collectstatic is needed.
On the embedded SQLite database it applies migrations first (nothing else would); with
PostgreSQL, run ``chumchon migrate`` once per release instead.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chumchon.core.jobs import jobs_fail_orphaned

GRACE_SECONDS = 15


def _die_with_parent() -> None:
    """Linux: a child gets SIGTERM if ``chumchon serve`` itself is killed, so nothing is orphaned."""
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def gunicorn_command(*, host: str, port: int, workers: int, timeout: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "chumchon.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--timeout",
        str(timeout),
        "--graceful-timeout",
        str(GRACE_SECONDS - 5),
        "--access-logfile",
        "-",
        "--name",
        "chumchon",
        # One shared default socket path would clash between several instances on a machine.
        "--no-control-socket",
    ]


def worker_command() -> list[str]:
    return [sys.executable, "-m", "chumchon.cli", "db_worker", "--no-reload", "--interval", "1"]


class Command(BaseCommand):
    help = "Run the web server (gunicorn) and a background-job worker; Ctrl-C stops both."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="Port (default 8000)")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes (default 2)")
        parser.add_argument("--timeout", type=int, default=120, help="Seconds before a stuck request is killed")
        parser.add_argument("--no-worker", action="store_true", help="Do not start a background-job worker")
        parser.add_argument(
            "--migrate",
            action="store_true",
            default=None,
            help="Apply migrations first (default: yes on the embedded SQLite, no on PostgreSQL)",
        )
        parser.add_argument("--no-migrate", action="store_false", dest="migrate")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"] < 1:
            raise CommandError("--workers ต้องมีอย่างน้อย 1 / --workers must be at least 1")
        migrate = options["migrate"]
        if migrate is None:
            migrate = str(settings.DATABASES["default"]["ENGINE"]).endswith("sqlite3")
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
        if migrate:
            call_command("migrate", interactive=False, verbosity=0)

        host = options["host"]
        if host not in ("127.0.0.1", "localhost", "::1") and host not in settings.ALLOWED_HOSTS:
            self.stderr.write(
                f"หมายเหตุ: เครื่องอื่นจะเปิดได้เมื่อตั้ง CHUMCHON_ALLOWED_HOSTS เป็นชื่อหรือ IP ของเครื่องนี้ "
                f"(ตอนนี้ {','.join(settings.ALLOWED_HOSTS)}) / note: other machines can open it once "
                f"CHUMCHON_ALLOWED_HOSTS names this machine (now {','.join(settings.ALLOWED_HOSTS)})"
            )
        commands = {
            "web": gunicorn_command(
                host=options["host"], port=options["port"], workers=options["workers"], timeout=options["timeout"]
            )
        }
        if not options["no_worker"]:
            jobs_fail_orphaned()  # jobs left "running" by a worker that died with an earlier server
            commands["worker"] = worker_command()
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "chumchon.settings")}

        stopping = {"signal": 0}

        def on_signal(signum: int, _frame: FrameType | None) -> None:
            stopping["signal"] = signum

        previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
        children: dict[str, subprocess.Popen[bytes]] = {}
        try:
            for name, command in commands.items():
                # Own session: a terminal's Ctrl-C reaches only us, and we stop the children in order.
                children[name] = subprocess.Popen(command, env=env, start_new_session=True, preexec_fn=_die_with_parent)
            self.stdout.write(
                f"ชุมชนเปิดให้บริการที่ http://{options['host']}:{options['port']} (กด Ctrl-C เพื่อหยุด) / "
                f"Chumchon is serving on http://{options['host']}:{options['port']} (Ctrl-C to stop)"
            )
            failed = self._watch(children, stopping)
        finally:
            self._stop(children)
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if failed:
            raise CommandError(
                f"กระบวนการ {failed} หยุดทำงานเอง ระบบจึงหยุดทั้งหมด / the {failed} process exited, so everything stopped"
            )
        self.stdout.write("หยุดแล้ว / stopped")

    def _watch(self, children: dict[str, subprocess.Popen[bytes]], stopping: dict[str, int]) -> str:
        """Wait until a signal arrives (returns "") or a child exits (returns its name)."""
        while not stopping["signal"]:
            for name, child in children.items():
                if child.poll() is not None and not stopping["signal"]:
                    return name
            time.sleep(0.2)
        return ""

    def _stop(self, children: dict[str, subprocess.Popen[bytes]]) -> None:
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
