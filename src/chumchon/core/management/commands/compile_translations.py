"""``chumchon compile-translations``: build the Thai catalogue in pure Python (no GNU gettext).

1. Extract every msgid from our templates (through Django's own ``templatize``, so ``{% translate %}``,
   ``{% blocktranslate %}`` — ``trimmed``, variables, plurals, context — give exactly the msgids Django
   looks up at run time) and from our Python code (``gettext``/``gettext_lazy``/``_``/``pgettext`` …
   calls, which covers model ``verbose_name`` and ``TextChoices`` labels).
2. Take the Thai from ``locale/th/catalogue.json`` (the core catalogue: project-level templates and
   fallbacks) merged with every ``<app>/translations_th.json`` written by the app's engineers. The
   catalogues of the apps whose sources use a message decide its Thai (see ``resolve``). Keys are
   English msgids; a key ``"context\\u0004msgid"`` is a ``pgettext`` message; a plural message is
   keyed by its singular.
3. Write ``locale/th/LC_MESSAGES/django.po`` and compile ``django.mo`` with babel.

The output is deterministic (fixed header dates, sorted entries, no line numbers), so the committed
files only change when a message or a translation changes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import write_po
from django.core.management.base import BaseCommand, CommandError, CommandParser

import chumchon

SOURCE_ROOT = Path(chumchon.__file__).resolve().parent
LOCALE_DIR = SOURCE_ROOT / "locale"
CORE_CATALOGUE = LOCALE_DIR / "th" / "catalogue.json"
APP_CATALOGUE_NAME = "translations_th.json"
OUTPUT_DIR = LOCALE_DIR / "th" / "LC_MESSAGES"
CORE_OWNER = "core catalogue"
CONTEXT_SEPARATOR = "\x04"  # gettext's own separator between msgctxt and msgid

# Directories whose strings users never see.
_SKIP_DIRS = {"tests", "migrations", "__pycache__", "locale", "static"}
_TEMPLATE_SUFFIXES = {".html", ".txt"}
_PYTHON_KEYWORDS: dict[str, Any] = {
    **DEFAULT_KEYWORDS,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext_lazy": (1, 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
# Fixed so that rebuilding an unchanged catalogue gives byte-identical files.
_FIXED_DATE = dt.datetime(2022, 10, 1, tzinfo=dt.UTC)
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|%[sdif]|\{\w*\}")


@dataclass
class Extracted:
    """One message found in the sources, with where it was found."""

    msgid: str
    plural: str | None = None
    context: str | None = None
    locations: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        return f"{self.context}{CONTEXT_SEPARATOR}{self.msgid}" if self.context else self.msgid


@dataclass
class BuildResult:
    catalog: Catalog
    extracted: dict[str, Extracted]
    missing: list[Extracted]
    unused: list[str]  # catalogued keys no source uses (kept: code may translate a variable)
    conflicts: list[str]
    problems: list[str]  # placeholders that differ between msgid and Thai

    @property
    def translated(self) -> int:
        return len(self.extracted) - len(self.missing)


def _source_files(root: Path) -> tuple[list[Path], list[Path]]:
    python: list[Path] = []
    templates: list[Path] = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not path.is_file() or any(part in _SKIP_DIRS for part in rel.parts[:-1]):
            continue
        if path.suffix == ".py" and path.name != "conftest.py":
            python.append(path)
        elif path.suffix in _TEMPLATE_SUFFIXES and "templates" in rel.parts:
            templates.append(path)
    return python, templates


def _add(found: dict[str, Extracted], message: Any, context: str | None, location: str) -> None:
    if isinstance(message, tuple | list):
        msgid, plural = message[0], message[1]
    else:
        msgid, plural = message, None
    if not msgid:
        return
    item = Extracted(msgid=msgid, plural=plural, context=context or None)
    item = found.setdefault(item.key, item)
    item.locations.add(location)


def extract_messages(root: Path = SOURCE_ROOT) -> dict[str, Extracted]:
    """Every translatable message in our templates and Python code, keyed like the JSON catalogues."""
    from django.utils.translation.template import templatize

    python, templates = _source_files(root)
    found: dict[str, Extracted] = {}
    for path in python:
        location = path.relative_to(root).as_posix()
        with path.open("rb") as handle:
            for _lineno, message, _comments, context in extract("python", handle, keywords=_PYTHON_KEYWORDS):
                _add(found, message, context, location)
    for path in templates:
        location = path.relative_to(root).as_posix()
        as_python = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        # templatize keeps the template's indentation, which Python's tokenizer rejects; its messages
        # are single-line repr() literals, so dropping leading whitespace changes no msgid.
        flat = "\n".join(line.lstrip() for line in as_python.splitlines())
        stream = io.BytesIO(flat.encode("utf-8"))
        for _lineno, message, _comments, context in extract("python", stream, keywords=_PYTHON_KEYWORDS):
            _add(found, message, context, location)
    return found


def catalogue_files(root: Path = SOURCE_ROOT) -> list[Path]:
    """The core catalogue, then the app catalogues in a stable order."""
    apps = sorted(p for p in root.glob(f"*/{APP_CATALOGUE_NAME}") if p.is_file())
    core = root / "locale" / "th" / "catalogue.json"
    return [core, *apps] if core.is_file() else apps


def owner_of(path: Path) -> str:
    """Who wrote a catalogue: the app's directory name, or ``CORE_OWNER`` for locale/th/catalogue.json."""
    return path.parent.name if path.name == APP_CATALOGUE_NAME else CORE_OWNER


def user_of(location: str) -> str:
    """Which catalogue speaks for a source file: its app, or the core one for project-level files
    (``templates/base.html``, ``settings.py``)."""
    first, sep, _rest = location.partition("/")
    return first if sep and first != "templates" else CORE_OWNER


Candidates = dict[str, list[tuple[str, str]]]  # key → [(owner, Thai)] in catalogue order


def load_catalogues(files: list[Path]) -> Candidates:
    """Every catalogue's Thai for every key (empty strings count as absent)."""
    candidates: Candidates = {}
    for path in files:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise CommandError(f"อ่านไฟล์คำแปล {path} ไม่ได้ / cannot read translations file {path}: {exc}") from exc
        if not isinstance(document, dict):
            raise CommandError(f"ไฟล์คำแปล {path} ต้องเป็นอ็อบเจ็กต์ JSON / {path} must hold a JSON object")
        for key, value in document.items():
            text = value[0] if isinstance(value, list) and value else value
            if not isinstance(text, str):
                raise CommandError(
                    f"คำแปลของ {key!r} ใน {path} ไม่ใช่ข้อความ / translation of {key!r} in {path} is not text"
                )
            if text.strip():
                candidates.setdefault(key, []).append((owner_of(path), text))
    return candidates


def resolve(key: str, candidates: list[tuple[str, str]], users: set[str]) -> tuple[str, str | None]:
    """Pick the Thai for ``key``: the catalogues of the apps that use the message decide.

    One msgid has one translation everywhere, so when the apps using it disagree that is reported
    (agree on one wording, or give the messages a ``pgettext`` context). Catalogues of apps that do
    not use the message are fallbacks: the core catalogue first, then the apps in name order.
    Returns (Thai, conflict description or None).
    """
    deciding = [(owner, text) for owner, text in candidates if owner in users]
    if deciding:
        wordings = sorted({text for _, text in deciding})
        chosen = sorted(deciding, key=lambda c: (c[0] == CORE_OWNER, c[0]))[0][1]
        if len(wordings) > 1:
            opinions = ", ".join(f"{owner} {text!r}" for owner, text in sorted(deciding))
            return chosen, f"{key!r}: {opinions} → {chosen!r}"
        return chosen, None
    core = [text for owner, text in candidates if owner == CORE_OWNER]
    return (core or [text for _, text in sorted(candidates)])[0], None


def load_translations(files: list[Path], users: dict[str, set[str]] | None = None) -> tuple[dict[str, str], list[str]]:
    """Merge the JSON catalogues (see ``resolve``). Returns (translations, conflict descriptions)."""
    users = users or {}
    merged: dict[str, str] = {}
    conflicts: list[str] = []
    for key, candidates in load_catalogues(files).items():
        merged[key], conflict = resolve(key, candidates, users.get(key, set()))
        if conflict:
            conflicts.append(conflict)
    return merged, conflicts


def _escape_percent(text: str) -> str:
    """Double every lone ``%`` (keeping ``%%`` and ``%(name)s``), as Django does for template msgids."""
    return re.sub(r"%%|%\(\w+\)[sdif]|%", lambda m: "%%" if m.group(0) == "%" else m.group(0), text)


def _placeholders(text: str) -> list[str]:
    return sorted({m.group(0) for m in _PLACEHOLDER.finditer(text)})


def build_catalog(root: Path = SOURCE_ROOT) -> BuildResult:
    extracted = extract_messages(root)
    users = {key: {user_of(loc) for loc in item.locations} for key, item in extracted.items()}
    translations, conflicts = load_translations(catalogue_files(root), users)
    catalog = Catalog(
        locale="th",
        domain="django",
        project="Chumchon",
        version="1",
        copyright_holder="Chumchon contributors",
        msgid_bugs_address="Chumchon translators",
        creation_date=_FIXED_DATE,
        revision_date=_FIXED_DATE,
        last_translator="Chumchon translators",
        language_team="Thai",
        fuzzy=False,
        header_comment="# Thai catalogue for Chumchon. GENERATED by `chumchon compile-translations`:\n"
        "# edit locale/th/catalogue.json or <app>/translations_th.json, not this file.",
    )
    missing: list[Extracted] = []
    problems: list[str] = []
    aliases: set[str] = set()
    for key in sorted(extracted):
        item = extracted[key]
        thai = translations.get(key, "")
        if not thai and "%%" in key and key.replace("%%", "%") in translations:
            # Django doubles a literal % in template msgids ("(%)" is looked up as "(%%)"); accept the
            # natural spelling in the catalogues.
            aliases.add(key.replace("%%", "%"))
            thai = _escape_percent(translations[key.replace("%%", "%")])
        if not thai:
            missing.append(item)
        elif _placeholders(item.msgid) != _placeholders(thai):
            problems.append(f"{key!r} → {thai!r}: placeholders differ / ตัวแทนค่าไม่ตรงกัน")
        msgid: Any = (item.msgid, item.plural) if item.plural else item.msgid
        string: Any = (thai,) if item.plural else thai
        locations: list[Any] = [(loc, None) for loc in sorted(item.locations)]  # no line numbers: stable diffs
        catalog.add(msgid, string, locations=locations, context=item.context)
    # Translations no source line names (code may gettext() a variable): kept, so they still work.
    unused = sorted(set(translations) - set(extracted) - aliases)
    for key in unused:
        context, _sep, msgid = key.rpartition(CONTEXT_SEPARATOR)
        catalog.add(msgid, translations[key], context=context or None, auto_comments=["not found in the sources"])
    return BuildResult(catalog, extracted, missing, unused, conflicts, problems)


def write_catalog(catalog: Catalog, output_dir: Path = OUTPUT_DIR) -> tuple[Path, Path]:
    """Write ``django.po`` and ``django.mo`` into ``output_dir``; only rewrite files whose bytes changed."""
    output_dir.mkdir(parents=True, exist_ok=True)
    po_buffer, mo_buffer = io.BytesIO(), io.BytesIO()
    write_po(po_buffer, catalog, width=0, sort_output=True, include_lineno=False)
    write_mo(mo_buffer, catalog)
    po_path, mo_path = output_dir / "django.po", output_dir / "django.mo"
    for path, data in ((po_path, po_buffer.getvalue()), (mo_path, mo_buffer.getvalue())):
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
    return po_path, mo_path


class Command(BaseCommand):
    help = "Build the Thai translation catalogue (django.po and django.mo) from the sources and the JSON catalogues."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output-dir", type=Path, default=OUTPUT_DIR, help="Where to write django.po/.mo")
        parser.add_argument(
            "--strict", action="store_true", help="Fail when a message has no Thai translation or a placeholder differs"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = build_catalog()
        po_path, mo_path = write_catalog(result.catalog, options["output_dir"])
        for conflict in result.conflicts:
            self.stderr.write(f"คำแปลซ้ำกันไม่ตรงกัน / conflicting translations: {conflict}")
        for problem in result.problems:
            self.stderr.write(problem)
        if result.missing:
            self.stderr.write(
                f"ยังไม่มีคำแปลภาษาไทย {len(result.missing)} ข้อความ / {len(result.missing)} messages lack Thai:"
            )
            for item in result.missing:
                self.stderr.write(f"  {item.key!r}  ({', '.join(sorted(item.locations))})")
        self.stdout.write(
            f"ข้อความ {len(result.extracted)} แปลแล้ว {result.translated} ขาด {len(result.missing)} "
            f"(คำแปลที่ไม่พบในโค้ด {len(result.unused)}) / {len(result.extracted)} messages, "
            f"{result.translated} translated, {len(result.missing)} missing "
            f"({len(result.unused)} catalogued but not found in the sources)\n→ {po_path}\n→ {mo_path}"
        )
        if options["strict"] and (result.missing or result.problems):
            raise CommandError("คำแปลไม่ครบหรือไม่ถูกต้อง / translations are incomplete or wrong")
