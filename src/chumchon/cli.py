"""The ``chumchon`` command: friendly names for the management commands.

``chumchon demo``, ``chumchon serve``, ``chumchon load-areas``, ``chumchon worker``,
``chumchon backup``/``restore`` … Any other word is passed to Django's ``manage.py`` (hyphens become
underscores), so ``chumchon migrate`` and ``chumchon createsuperuser`` work too.
``chumchon --help`` lists our own commands first; an unknown word gets a clear error and suggestions.
"""

from __future__ import annotations

import difflib
import os
import sys
from typing import TextIO

ALIASES = {
    "worker": "db_worker",
}

# Our commands, in the order a newcomer needs them, with one line each (Thai / English).
# Commands that are not installed yet (another app's) are left out of the listing.
COMMANDS: list[tuple[str, str]] = [
    ("demo", "ติดตั้งระบบตัวอย่าง (ภาค 5) แล้วเปิดใช้งาน / set up the demo (one CODI region) and start it"),
    ("serve", "เปิดเว็บเซิร์ฟเวอร์ (gunicorn) พร้อมตัวประมวลผลงาน / run the web server (gunicorn) and a task worker"),
    ("worker", "ตัวประมวลผลงานเบื้องหลัง / run a background-job worker (several may run on any machine)"),
    ("jobs-check", "ปิดงานที่ตัวประมวลผลหยุดไปแล้ว / fail running jobs whose worker on this machine has ended"),
    ("migrate", "สร้างหรือปรับโครงสร้างฐานข้อมูล / create or update the database tables"),
    ("load-areas", "โหลดพื้นที่ทั้งประเทศ (จังหวัด อำเภอ ตำบล ภาค กลุ่มจังหวัด) / load the national area tree"),
    ("createsuperuser", "สร้างผู้ดูแลระบบ / create an administrator account"),
    ("digest", "ส่งอีเมลสรุปงานที่รอแต่ละคน (วันละครั้ง) / e-mail each user the daily digest of what awaits them"),
    ("search-reindex", "สร้างดัชนีการค้นหาใหม่ทั้งหมด / rebuild the Thai full-text search index"),
    (
        "rebuild-project-tallies",
        "คำนวณตารางสรุปจำนวนและเงินโครงการใหม่ / recompute the projects' counts and money per province",
    ),
    (
        "rebuild-area-summaries",
        "คำนวณตัวเลขสรุปของทุกพื้นที่ใหม่ / recompute every area's kept summary (the area pages' counts and money)",
    ),
    ("backup", "สำรองข้อมูล / back up the database, survey store and media"),
    ("restore", "กู้คืนข้อมูลจากไฟล์สำรอง / restore a backup"),
    ("compile-translations", "ปรับปรุงและคอมไพล์คำแปลไทย (.po/.mo) / update and compile the Thai catalogues"),
    ("check", "ตรวจการตั้งค่าระบบ / check the configuration"),
]
_HELP_WORDS = {"-h", "--help", "help"}


def _command_name(word: str) -> str:
    return ALIASES.get(word, word.replace("-", "_"))


def _friendly_name(command: str) -> str:
    for alias, target in ALIASES.items():
        if target == command:
            return alias
    return command.replace("_", "-")


def _installed_commands() -> dict[str, str]:
    """Django's command table (name → app); needs the settings and the app registry."""
    import django
    from django.core.management import get_commands

    django.setup()
    return dict(get_commands())


def _first_line(app: str, name: str) -> str:
    from django.core.management import load_command_class

    try:
        text = str(load_command_class(app, name).help or "")
    except Exception:  # a broken command must not break the listing
        return ""
    return text.strip().splitlines()[0] if text.strip() else ""


def print_help(out: TextIO | None = None) -> None:
    """Our commands first, then a pointer to Django's own."""
    out = out or sys.stdout
    from django.core.exceptions import ImproperlyConfigured

    settings_error: Exception | None = None
    try:
        installed = _installed_commands()
    except ImproperlyConfigured as exc:
        settings_error, installed = exc, {}
    out.write("ชุมชน (Chumchon) — ระบบข้อมูลเพื่อการพัฒนาโดยองค์กรชุมชน พื้นที่เป็นตัวตั้ง\n")
    out.write("Chumchon — community-led, area-based development information system\n\n")
    out.write("ใช้งาน / usage: chumchon <คำสั่ง/command> [options]    (chumchon <command> --help)\n\n")
    out.write("คำสั่งหลัก / main commands:\n")
    rows = [(word, text) for word, text in COMMANDS if not installed or _command_name(word) in installed]
    listed = {_command_name(word) for word, _ in COMMANDS}
    for name, app in sorted(installed.items()):
        if app.startswith("chumchon.") and name not in listed:
            rows.append((_friendly_name(name), _first_line(app, name)))
    width = max(len(word) for word, _ in rows)
    for word, text in rows:
        out.write(f"  {word.ljust(width)}  {text}\n")
    out.write(
        "\nคำสั่งอื่นของ Django ใช้ได้ทั้งหมด / every other Django command works too: chumchon help --commands\n"
        "คู่มือ / docs: README.md, docs/user-guide.md, docs/deploy.md\n"
    )
    if settings_error is not None:
        out.write(f"\n{settings_error}\n")


def unknown_command(word: str, installed: dict[str, str], err: TextIO | None = None) -> None:
    err = err or sys.stderr
    names = sorted({_friendly_name(n) for n in installed} | {w for w, _ in COMMANDS if _command_name(w) in installed})
    close = difflib.get_close_matches(word, names, n=3, cutoff=0.6)
    err.write(f"chumchon: ไม่รู้จักคำสั่ง “{word}” / unknown command “{word}”.\n")
    if close:
        err.write(f"หรือหมายถึง / did you mean: {', '.join(close)}?\n")
    err.write("ดูรายการคำสั่ง / see the commands: chumchon --help\n")


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chumchon.settings")
    args = list(sys.argv if argv is None else argv)
    args[0] = "chumchon"  # how Django's own messages name us
    from django.core.exceptions import ImproperlyConfigured

    try:
        if len(args) == 1 or (args[1] in _HELP_WORDS and len(args) == 2):
            print_help()
            return
        if args[1] == "--version":
            from importlib.metadata import version

            import django

            sys.stdout.write(f"chumchon {version('chumchon')} (Django {django.get_version()})\n")
            return
        if not args[1].startswith("-"):
            word = args[1]
            args[1] = _command_name(word)
            installed = _installed_commands()
            if args[1] not in installed:
                unknown_command(word, installed)
                raise SystemExit(2)
        if args[1] == "help" and len(args) > 2 and not args[2].startswith("-"):
            args[2] = _command_name(args[2])
        from django.core.management import execute_from_command_line

        execute_from_command_line(args)
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"chumchon: {exc}\n")
        raise SystemExit(2) from None


if __name__ == "__main__":
    main()
