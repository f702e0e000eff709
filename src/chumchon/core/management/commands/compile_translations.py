"""``chumchon compile-translations``: update every Thai ``.po`` catalogue and compile it, in pure Python.

The ``.po`` files are the source of truth for Thai (edit them in Poedit or Weblate):

- one catalogue per app, ``<app>/locale/th/LC_MESSAGES/django.po``, holding the messages of that app's
  templates and Python code (Django finds an installed app's ``locale`` directory by itself);
- the project-level one, ``locale/th/LC_MESSAGES/django.po`` (``LOCALE_PATHS``), holding the messages of
  the project-level templates (``templates/base.html`` …) and modules (``settings.py``, ``cli.py`` …).

The command:

1. extracts every msgid from our templates (through Django's own ``templatize``, so ``{% translate %}``,
   ``{% blocktranslate %}`` — ``trimmed``, variables, plurals, context — give exactly the msgids Django
   looks up at run time) and from our Python code (``gettext``/``gettext_lazy``/``_``/``pgettext`` …
   calls, which covers model ``verbose_name`` and ``TextChoices`` labels), and files each under the app
   whose sources use it (a message several apps use is in each of their catalogues);
2. updates each catalogue: a new msgid is added, with the Thai any other catalogue already has for it
   (so a message that moves from one app to another keeps its Thai) or an empty ``msgstr``; the Thai a
   catalogue already has is kept; a msgid its app no longer uses is dropped when another catalogue
   still uses it, and kept as obsolete (``#~``, not compiled) otherwise, so no Thai is ever lost;
3. writes ``django.po`` and compiles ``django.mo`` with babel (no GNU gettext).

The output is deterministic (fixed header, sorted entries, no line numbers), so running the command
twice changes nothing and the committed files only change when a message or a translation changes.
Keys: the msgid, ``"context\\x04msgid"`` for a ``pgettext`` message; a plural message is keyed by its
singular (Thai has one plural form).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.core.management.base import BaseCommand, CommandError, CommandParser

import chumchon

SOURCE_ROOT = Path(chumchon.__file__).resolve().parent
PROJECT_OWNER = ""  # the project-level catalogue (locale/ next to settings.py)
CATALOGUE_DIR = Path("locale") / "th" / "LC_MESSAGES"
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
        return _key(self.msgid, self.context)


@dataclass
class Existing:
    """The Thai one catalogue holds for one key today."""

    owner: str
    thai: str
    obsolete: bool
    fuzzy: bool = False  # a translator's draft: kept, but neither compiled nor counted as translated


@dataclass
class BuildResult:
    catalogs: dict[str, Catalog]  # owner → updated catalogue (PROJECT_OWNER for the project-level one)
    extracted: dict[str, Extracted]
    missing: list[tuple[str, Extracted]]  # (owner, message) without Thai in that owner's catalogue
    obsolete: dict[str, list[str]]  # owner → keys kept as obsolete (no source uses them any more)
    conflicts: list[str]
    problems: list[str]  # placeholders that differ between msgid and Thai

    @property
    def translated(self) -> int:
        return len(self.extracted) - len({item.key for _owner, item in self.missing})


def _key(msgid: str, context: str | None) -> str:
    return f"{context}{CONTEXT_SEPARATOR}{msgid}" if context else msgid


def catalogue_path(owner: str, root: Path = SOURCE_ROOT) -> Path:
    """Where ``owner``'s ``django.po`` lives under ``root``."""
    return (root / owner / CATALOGUE_DIR if owner else root / CATALOGUE_DIR) / "django.po"


def owner_label(owner: str) -> str:
    return owner or "project (locale/)"


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
    """Every translatable message in our templates and Python code, keyed by msgid (and context)."""
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


def user_of(location: str) -> str:
    """Which catalogue holds the messages of a source file: its app's, or the project-level one
    (``PROJECT_OWNER``) for project-level files (``templates/base.html``, ``settings.py``)."""
    first, sep, _rest = location.partition("/")
    return first if sep and first != "templates" else PROJECT_OWNER


def existing_catalogues(root: Path = SOURCE_ROOT) -> dict[str, Path]:
    """owner → path of every ``django.po`` present under ``root``."""
    found = {owner: catalogue_path(owner, root) for owner in (p.name for p in root.iterdir() if p.is_dir())}
    found[PROJECT_OWNER] = catalogue_path(PROJECT_OWNER, root)
    return {owner: path for owner, path in sorted(found.items()) if path.is_file()}


def shadowed_keys() -> set[str]:
    """Keys that a third-party app listed before ours in ``INSTALLED_APPS`` translates too.

    Django merges the installed apps' catalogues with the first-listed app winning, so Django's own
    ``contrib`` apps (``active``, ``Remove`` …) would beat our apps' Thai; only ``LOCALE_PATHS`` (the
    project-level catalogue) wins over every app. These keys are therefore also written there.
    """
    import gettext

    from django.apps import apps

    keys: set[str] = set()
    for config in apps.get_app_configs():
        if config.name.startswith(f"{chumchon.__name__}."):
            break
        catalogue = gettext.translation("django", str(Path(config.path) / "locale"), ["th"], fallback=True)
        for key, text in getattr(catalogue, "_catalog", {}).items():
            singular = key[0] if isinstance(key, tuple) else key
            if singular and text:
                keys.add(singular)
    return keys


def _thai_of(string: Any) -> str:
    text = string[0] if isinstance(string, tuple | list) and string else string
    return text if isinstance(text, str) else ""


def load_existing(files: dict[str, Path]) -> dict[str, list[Existing]]:
    """Every catalogue's Thai for every key. Empty translations count as absent; fuzzy ones (drafts not
    reviewed yet, which gettext does not compile either) are kept but do not count as translated."""
    existing: dict[str, list[Existing]] = {}
    for owner, path in files.items():
        try:
            with path.open("rb") as handle:
                catalog = read_po(handle, locale="th", abort_invalid=True)
        except Exception as exc:  # babel raises its own PoFileError and ValueErrors on damaged files
            raise CommandError(f"อ่านไฟล์คำแปล {path} ไม่ได้ / cannot read translations file {path}: {exc}") from exc
        entries = [(m, False) for m in catalog if m.id] + [(m, True) for m in catalog.obsolete.values() if m.id]
        for message, obsolete in entries:
            singular = message.id[0] if isinstance(message.id, tuple | list) else message.id
            thai = _thai_of(message.string)
            if thai.strip():
                entry = Existing(owner, thai, obsolete, fuzzy=bool(message.fuzzy))
                existing.setdefault(_key(str(singular), message.context), []).append(entry)
    return existing


def _escape_percent(text: str) -> str:
    """Double every lone ``%`` (keeping ``%%`` and ``%(name)s``), as Django does for template msgids."""
    return re.sub(r"%%|%\(\w+\)[sdif]|%", lambda m: "%%" if m.group(0) == "%" else m.group(0), text)


def _placeholders(text: str) -> list[str]:
    return sorted({m.group(0) for m in _PLACEHOLDER.finditer(text)})


def resolve(owner: str, key: str, existing: dict[str, list[Existing]]) -> tuple[str, bool]:
    """The Thai of ``key`` in ``owner``'s catalogue, and whether it is a fuzzy draft: its own reviewed
    translation, else the one another catalogue already has (the project-level one first, then the
    apps in name order, live entries before obsolete ones), so a message moved between apps keeps its
    Thai; else its own fuzzy draft. Empty when nobody has it."""

    def order(entry: Existing) -> tuple[bool, bool, bool, str]:
        return (entry.fuzzy, entry.owner != owner, entry.obsolete, entry.owner)

    candidates = [e for e in sorted(existing.get(key, []), key=order) if not e.fuzzy or e.owner == owner]
    if candidates:
        return candidates[0].thai, candidates[0].fuzzy
    if "%%" in key:
        # Django doubles a literal % in template msgids ("(%)" is looked up as "(%%)"); a message moved
        # from Python code to a template keeps its Thai.
        natural = [e for e in sorted(existing.get(key.replace("%%", "%"), []), key=order) if not e.fuzzy]
        if natural:
            return _escape_percent(natural[0].thai), False
    return "", False


def _new_catalog(owner: str) -> Catalog:
    where = f"{owner}/locale/th/LC_MESSAGES/django.po" if owner else "locale/th/LC_MESSAGES/django.po"
    return Catalog(
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
        header_comment=f"# Thai catalogue of {owner_label(owner)} for Chumchon ({where}).\n"
        "# The source of truth for Thai: translate msgstr here (Poedit, Weblate), then run\n"
        "# `chumchon compile-translations`, which adds new msgids, drops or obsoletes unused ones,\n"
        "# keeps every translation and compiles django.mo.",
    )


def load_json_translations(paths: list[Path]) -> dict[str, str]:
    """Thai from the retired JSON side files (``{"msgid": "ไทย"}``, ``"context\\x04msgid"`` keys), so a
    branch that still wrote its Thai there can be merged without losing it (``--import-json``)."""
    found: dict[str, str] = {}
    for path in paths:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CommandError(f"อ่านไฟล์คำแปล {path} ไม่ได้ / cannot read translations file {path}: {exc}") from exc
        if not isinstance(document, dict):
            raise CommandError(f"ไฟล์คำแปล {path} ต้องเป็นอ็อบเจ็กต์ JSON / {path} must hold a JSON object")
        for key, value in document.items():
            text = value[0] if isinstance(value, list) and value else value
            if isinstance(text, str) and text.strip():
                found.setdefault(key, text)
    return found


def build_catalogs(root: Path = SOURCE_ROOT, imported: dict[str, str] | None = None) -> BuildResult:
    """Update every catalogue under ``root`` from the sources (nothing is written). ``imported`` Thai
    (from ``load_json_translations``) only fills messages no catalogue translates yet."""
    imported = imported or {}
    extracted = extract_messages(root)
    files = existing_catalogues(root)
    existing = load_existing(files)
    shadowed = shadowed_keys()

    by_owner: dict[str, list[Extracted]] = {}
    for key in sorted(extracted):
        item = extracted[key]
        owners = {user_of(loc) for loc in item.locations} | ({PROJECT_OWNER} if key in shadowed else set())
        for owner in sorted(owners):
            by_owner.setdefault(owner, []).append(item)

    catalogs: dict[str, Catalog] = {}
    missing: list[tuple[str, Extracted]] = []
    problems: list[str] = []
    chosen: dict[str, dict[str, str]] = {}  # key → owner → Thai, to report disagreements
    for owner, items in sorted(by_owner.items()):
        catalog = catalogs[owner] = _new_catalog(owner)
        for item in items:
            thai, fuzzy = resolve(owner, item.key, existing)
            if (not thai or fuzzy) and item.key in imported:
                thai, fuzzy = imported[item.key], False
            elif (not thai or fuzzy) and "%%" in item.key and item.key.replace("%%", "%") in imported:
                thai, fuzzy = _escape_percent(imported[item.key.replace("%%", "%")]), False
            if not thai or fuzzy:
                missing.append((owner, item))
            else:
                chosen.setdefault(item.key, {})[owner] = thai
                if _placeholders(item.msgid) != _placeholders(thai):
                    problems.append(f"{item.key!r} → {thai!r}: placeholders differ / ตัวแทนค่าไม่ตรงกัน")
            msgid: Any = (item.msgid, item.plural) if item.plural else item.msgid
            string: Any = (thai,) if item.plural else thai
            # Locations relative to the package, without line numbers: stable diffs.
            locations: list[Any] = [(loc, None) for loc in sorted(item.locations) if user_of(loc) == owner]
            comments = [] if locations else ["Django's own apps translate this too: kept here, where ours wins"]
            if not locations:
                locations = [(loc, None) for loc in sorted(item.locations)]
            flags = ["fuzzy"] if fuzzy else []
            catalog.add(msgid, string, locations=locations, context=item.context, auto_comments=comments, flags=flags)

    # Keys a catalogue holds that no source of its app uses: dropped when the message lives on in another
    # catalogue, kept as obsolete (not compiled, Thai not lost) when it lives nowhere else.
    obsolete: dict[str, list[str]] = {}
    for key, entries in sorted(existing.items()):
        if key in extracted or _escape_percent(key) in extracted:
            continue  # (a natural-spelling "(%)" key lives on as the template's "(%%)" msgid)
        keeper = sorted(entries, key=lambda e: (e.fuzzy, e.obsolete, e.owner))[0]
        catalog = catalogs.get(keeper.owner) or catalogs.setdefault(keeper.owner, _new_catalog(keeper.owner))
        context, _sep, msgid = key.rpartition(CONTEXT_SEPARATOR)
        catalog.obsolete[(msgid, context) if context else msgid] = Message(
            msgid, keeper.thai, context=context or None, flags=["fuzzy"] if keeper.fuzzy else []
        )
        obsolete.setdefault(keeper.owner, []).append(key)

    conflicts = [
        f"{key!r}: " + ", ".join(f"{owner_label(o)} {t!r}" for o, t in sorted(thai.items()))
        for key, thai in sorted(chosen.items())
        if len(set(thai.values())) > 1
    ]
    return BuildResult(catalogs, extracted, missing, obsolete, conflicts, problems)


def _serialise(catalog: Catalog) -> tuple[bytes, bytes]:
    po_buffer, mo_buffer = io.BytesIO(), io.BytesIO()
    write_po(po_buffer, catalog, width=0, sort_output=True, include_lineno=False)
    write_mo(mo_buffer, catalog)
    return po_buffer.getvalue(), mo_buffer.getvalue()


def write_catalogs(result: BuildResult, root: Path = SOURCE_ROOT) -> list[Path]:
    """Write every ``django.po``/``django.mo`` under ``root`` (only files whose bytes changed) and remove
    the catalogues of apps that have no message left. Returns the ``.po`` paths written or kept."""
    written: list[Path] = []
    for owner, catalog in sorted(result.catalogs.items()):
        po_path = catalogue_path(owner, root)
        po_path.parent.mkdir(parents=True, exist_ok=True)
        for path, data in zip((po_path, po_path.with_suffix(".mo")), _serialise(catalog), strict=True):
            if not path.exists() or path.read_bytes() != data:
                path.write_bytes(data)
        written.append(po_path)
    for owner, po_path in existing_catalogues(root).items():
        if owner not in result.catalogs:
            po_path.unlink()
            po_path.with_suffix(".mo").unlink(missing_ok=True)
    return written


class Command(BaseCommand):
    help = "Update every app's Thai catalogue (django.po) from the sources and compile django.mo."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--import-json",
            action="append",
            type=Path,
            default=[],
            metavar="FILE",
            help="Also take Thai for untranslated messages from a retired <app>/translations_th.json file",
        )
        parser.add_argument(
            "--strict", action="store_true", help="Fail when a message has no Thai translation or a placeholder differs"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        root = SOURCE_ROOT  # looked up at call time (tests point it at a scratch tree)
        result = build_catalogs(root, load_json_translations(options["import_json"]))
        written = write_catalogs(result, root)
        for conflict in result.conflicts:
            self.stderr.write(f"คำแปลซ้ำกันไม่ตรงกัน / conflicting translations: {conflict}")
        for problem in result.problems:
            self.stderr.write(problem)
        if result.missing:
            self.stderr.write(
                f"ยังไม่มีคำแปลภาษาไทย {len(result.missing)} ข้อความ / {len(result.missing)} messages lack Thai:"
            )
            for owner, item in result.missing:
                path = catalogue_path(owner, root).relative_to(root)
                self.stderr.write(f"  {path}: {item.key!r}  ({', '.join(sorted(item.locations))})")
        kept = sum(len(keys) for keys in result.obsolete.values())
        self.stdout.write(
            f"ข้อความ {len(result.extracted)} แปลแล้ว {result.translated} ขาด {len(result.missing)} "
            f"(เลิกใช้ {kept}) / {len(result.extracted)} messages, {result.translated} translated, "
            f"{len(result.missing)} missing ({kept} kept as obsolete)\n" + "\n".join(f"→ {path}" for path in written)
        )
        if options["strict"] and (result.missing or result.problems):
            raise CommandError("คำแปลไม่ครบหรือไม่ถูกต้อง / translations are incomplete or wrong")
