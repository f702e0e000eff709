"""Thai first, English on the switch: the per-app .po catalogues and what a user sees."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po, write_po
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from chumchon.core.management.commands.compile_translations import (
    PROJECT_OWNER,
    SOURCE_ROOT,
    build_catalogs,
    catalogue_path,
    existing_catalogues,
    extract_messages,
    write_catalogs,
)

REBUILD = "run `chumchon compile-translations` and commit the */locale/th/LC_MESSAGES/ files"


def _messages(mo_path: Path) -> dict[tuple[str, str | None], object]:
    with mo_path.open("rb") as handle:
        catalog = read_mo(handle)
    return {(str(m.id), m.context): m.string for m in catalog if m.id}


def _write_po(path: Path, entries: dict[str, str], *, fuzzy: set[str] | None = None) -> None:
    """A catalogue as a translator's tool would save it."""
    catalog = Catalog(locale="th")
    for msgid, thai in entries.items():
        catalog.add(msgid, thai, flags=["fuzzy"] if msgid in (fuzzy or set()) else [])
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    path.write_bytes(buffer.getvalue())


def _read_po(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale="th")


def _source(root: Path, relative: str, text: str) -> None:
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    (root / relative).write_text(text, encoding="utf-8")


def test_committed_catalogues_are_up_to_date(tmp_path: Path) -> None:
    result = build_catalogs()
    write_catalogs(result, tmp_path)
    committed = existing_catalogues(SOURCE_ROOT)
    assert set(committed) == set(result.catalogs), f"catalogues added or removed ({REBUILD})"
    for owner, po_path in committed.items():
        fresh_po = catalogue_path(owner, tmp_path)
        fresh = _messages(fresh_po.with_suffix(".mo"))
        current = _messages(po_path.with_suffix(".mo"))
        stale = sorted(k[0] for k in fresh.keys() ^ current.keys())
        changed = sorted(k[0] for k in fresh.keys() & current.keys() if fresh[k] != current[k])
        assert not stale and not changed, (
            f"{po_path} django.mo is out of date ({REBUILD}); differs in: {(stale + changed)[:40]}"
        )
        assert po_path.read_bytes() == fresh_po.read_bytes(), f"{po_path} is out of date ({REBUILD})"


def test_every_message_in_templates_and_code_has_thai() -> None:
    result = build_catalogs()
    missing = [
        f"{catalogue_path(owner).relative_to(SOURCE_ROOT)}: {m.key!r} ({', '.join(sorted(m.locations))})"
        for owner, m in result.missing
    ]
    assert not missing, (
        f"{len(missing)} messages lack a Thai translation; translate them in the app's django.po "
        "(Poedit/Weblate) after running `chumchon compile-translations`:\n" + "\n".join(missing)
    )
    assert not result.problems, "\n".join(result.problems)
    # Django merges every catalogue into one: a msgid has one Thai, whichever app's catalogue holds it.
    assert not result.conflicts, "one msgid, one Thai (or give the messages a pgettext context):\n" + "\n".join(
        result.conflicts
    )
    assert len(result.extracted) > 100  # the extractor really found the sources


def test_every_catalogue_is_one_django_loads() -> None:
    for owner in existing_catalogues(SOURCE_ROOT):
        if owner != PROJECT_OWNER:
            assert apps.get_app_config(owner).path == str(SOURCE_ROOT / owner)


def test_django_serves_the_thai_of_every_catalogue() -> None:
    """No other installed app's translation of the same msgid (Django's contrib apps) shadows ours."""
    checked = 0
    with translation.override("th"):
        for po_path in existing_catalogues(SOURCE_ROOT).values():
            for message in _read_po(po_path):
                if not message.id or isinstance(message.id, tuple):
                    continue
                served = (
                    translation.pgettext(message.context, message.id)
                    if message.context
                    else translation.gettext(message.id)
                )
                assert served == message.string, f"{po_path}: {message.id!r} is served as {served!r}"
                checked += 1
    assert checked > 100


def test_extraction_reads_templates_and_python(tmp_path: Path) -> None:
    (tmp_path / "app" / "templates" / "app").mkdir(parents=True)
    (tmp_path / "app" / "templates" / "app" / "page.html").write_text(
        "{% load i18n %}\n  <h1>{% translate 'Welfare funds' %}</h1>\n"
        '<p>{% trans "Old tag" %}</p>\n'
        "    {% blocktranslate trimmed with n=count %}\n   Found {{ n }}\n   bodies{% endblocktranslate %}\n"
        '{% translate "May" context "month" %}\n',
        encoding="utf-8",
    )
    (tmp_path / "app" / "models.py").write_text(
        "from django.utils.translation import gettext_lazy as _, pgettext_lazy\n"
        "class Status(TextChoices):\n    OPEN = 'open', _('Open for proposals')\n"
        "name = CharField(_('fund name'), max_length=9)\n"
        "label = pgettext_lazy('verb', 'Close')\n"
        "ignored = _(variable)\n",
        encoding="utf-8",
    )
    (tmp_path / "app" / "tests").mkdir()
    (tmp_path / "app" / "tests" / "test_x.py").write_text("_('test only')\n", encoding="utf-8")

    found = extract_messages(tmp_path)

    assert set(found) == {
        "Welfare funds",
        "Old tag",
        "Found %(n)s bodies",
        "month\x04May",
        "Open for proposals",
        "fund name",
        "verb\x04Close",
    }
    assert found["Welfare funds"].locations == {"app/templates/app/page.html"}


def test_compiled_catalogue_is_what_django_uses() -> None:
    with translation.override("th"):
        assert translation.gettext("My areas") == "พื้นที่ของฉัน"
    with translation.override("en"):
        assert translation.gettext("My areas") == "My areas"


@pytest.mark.django_db
def test_pages_are_thai_first_and_switch_to_english() -> None:
    client = Client()
    thai = client.get("/accounts/login/")
    assert thai.status_code == 200
    body = thai.content.decode()
    assert '<html lang="th">' in body
    assert "เข้าสู่ระบบ" in body and "ชื่อผู้ใช้" in body and "Username" not in body
    for element_id in ("switch-language", "login-submit", "id_username", "id_password"):
        assert f'id="{element_id}"' in body  # browser tests and users' bookmarks rely on these

    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"}, follow=True)
    body = switched.content.decode()
    assert switched.status_code == 200
    assert '<html lang="en">' in body
    assert "Log in" in body and "Username" in body and "ชื่อผู้ใช้" not in body

    back = client.post("/i18n/setlang/", {"language": "th", "next": "/accounts/login/"}, follow=True)
    assert "ชื่อผู้ใช้" in back.content.decode()


def test_update_keeps_thai_adds_new_msgids_and_obsoletes_unused_ones(tmp_path: Path) -> None:
    _source(tmp_path, "projects/views.py", "_('status')\n_('New message')\n_('Shared')\n_('Unreviewed')\n")
    _source(tmp_path, "budgets/views.py", "_('status')\n_('Moved here')\n_('Shared')\n")
    _source(tmp_path, "templates/base.html", "{% load i18n %}{% translate 'Log in' %}")
    _write_po(
        catalogue_path("projects", tmp_path),
        {"status": "สถานะ", "Shared": "ใช้ร่วมกัน", "Unreviewed": "ยังไม่ตรวจ", "Gone": "หายไปแล้ว"},
        fuzzy={"Unreviewed"},
    )
    _write_po(catalogue_path("poverty", tmp_path), {"Moved here": "ย้ายมาแล้ว"})  # its code moved to budgets
    _write_po(catalogue_path(PROJECT_OWNER, tmp_path), {"Log in": "เข้าสู่ระบบ"})

    result = build_catalogs(tmp_path)
    write_catalogs(result, tmp_path)

    projects = _read_po(catalogue_path("projects", tmp_path))
    budgets = _read_po(catalogue_path("budgets", tmp_path))
    assert projects.get("status").string == "สถานะ"  # existing Thai kept
    assert projects.get("New message").string == ""  # new msgid added, untranslated
    assert projects.get("Unreviewed").string == "ยังไม่ตรวจ" and projects.get("Unreviewed").fuzzy  # left for review
    assert budgets.get("status").string == "สถานะ"  # a shared msgid takes the Thai another catalogue has
    assert budgets.get("Moved here").string == "ย้ายมาแล้ว"  # a moved message keeps its Thai
    assert not catalogue_path("poverty", tmp_path).exists()  # poverty has no message left
    assert projects.get("Gone") is None and projects.obsolete["Gone"].string == "หายไปแล้ว"  # not lost
    assert ("Gone", None) not in _messages(catalogue_path("projects", tmp_path).with_suffix(".mo"))
    assert _read_po(catalogue_path(PROJECT_OWNER, tmp_path)).get("Log in").string == "เข้าสู่ระบบ"
    assert sorted(m.key for _o, m in result.missing) == ["New message", "Unreviewed"]
    assert result.obsolete == {"projects": ["Gone"]} and not result.conflicts

    written = {path: path.read_bytes() for path in tmp_path.rglob("django.[mp]o")}
    write_catalogs(build_catalogs(tmp_path), tmp_path)  # running twice changes nothing
    assert {path: path.read_bytes() for path in tmp_path.rglob("django.[mp]o")} == written


def test_apps_disagreeing_on_a_msgid_are_reported(tmp_path: Path) -> None:
    _source(tmp_path, "projects/views.py", "_('status')\n")
    _source(tmp_path, "budgets/views.py", "_('status')\n")
    _write_po(catalogue_path("projects", tmp_path), {"status": "สถานะโครงการ"})
    _write_po(catalogue_path("budgets", tmp_path), {"status": "สถานะงบประมาณ"})

    result = build_catalogs(tmp_path)

    assert result.catalogs["projects"].get("status").string == "สถานะโครงการ"  # each keeps its own Thai
    assert result.catalogs["budgets"].get("status").string == "สถานะงบประมาณ"
    assert len(result.conflicts) == 1 and "budgets" in result.conflicts[0] and "projects" in result.conflicts[0]


def test_the_command_writes_every_catalogue_and_is_idempotent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chumchon.core.management.commands import compile_translations

    _source(tmp_path, "projects/views.py", "_('status')\n_('Untranslated')\n")
    _source(tmp_path, "templates/base.html", "{% load i18n %}{% translate 'status' %}")
    _write_po(catalogue_path("projects", tmp_path), {"status": "สถานะ"})
    monkeypatch.setattr(compile_translations, "SOURCE_ROOT", tmp_path)

    out, err = io.StringIO(), io.StringIO()
    call_command("compile_translations", stdout=out, stderr=err)
    written = {path: path.read_bytes() for path in tmp_path.rglob("django.[mp]o")}
    assert set(written) == {
        catalogue_path(owner, tmp_path).with_suffix(suffix)
        for owner in ("projects", PROJECT_OWNER)
        for suffix in (".po", ".mo")
    }
    assert "projects/locale/th/LC_MESSAGES/django.po: 'Untranslated'" in err.getvalue()
    assert _messages(catalogue_path(PROJECT_OWNER, tmp_path).with_suffix(".mo")) == {("status", None): "สถานะ"}

    with pytest.raises(CommandError):
        call_command("compile_translations", "--strict", stdout=out, stderr=io.StringIO())
    assert {path: path.read_bytes() for path in tmp_path.rglob("django.[mp]o")} == written  # nothing changed


def test_thai_left_in_a_retired_json_file_can_be_imported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A branch that still wrote Thai into <app>/translations_th.json merges without losing it."""
    from chumchon.core.management.commands import compile_translations

    _source(tmp_path, "projects/views.py", "_('status')\n_('From a branch')\n")
    _write_po(catalogue_path("projects", tmp_path), {"status": "สถานะ"})
    legacy = tmp_path / "projects" / "translations_th.json"
    legacy.write_text('{"From a branch": "จากสาขา", "status": "ไม่ใช้คำนี้"}', encoding="utf-8")
    monkeypatch.setattr(compile_translations, "SOURCE_ROOT", tmp_path)

    call_command("compile_translations", "--strict", "--import-json", str(legacy), stdout=io.StringIO())

    projects = _read_po(catalogue_path("projects", tmp_path))
    assert projects.get("From a branch").string == "จากสาขา"
    assert projects.get("status").string == "สถานะ"  # the catalogue's own Thai wins


def test_literal_percent_in_a_template_message(tmp_path: Path) -> None:
    # Django looks {% translate "Share (%)" %} up as "Share (%%)"; Thai written for the natural spelling
    # (the message came from Python code) is reused, escaped.
    _source(tmp_path, "app/templates/x.html", '{% translate "Share (%)" %}')
    _write_po(catalogue_path("app", tmp_path), {"Share (%)": "สัดส่วน (%)"})

    result = build_catalogs(tmp_path)

    assert not result.missing and not result.obsolete
    assert result.catalogs["app"].get("Share (%%)").string == "สัดส่วน (%%)"
