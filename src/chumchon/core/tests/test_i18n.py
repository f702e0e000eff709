"""Thai first, English on the switch: the catalogue pipeline and what a user sees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from django.test import Client
from django.utils import translation

from chumchon.core.management.commands.compile_translations import (
    OUTPUT_DIR,
    build_catalog,
    extract_messages,
    load_translations,
    write_catalog,
)

REBUILD = "run `chumchon compile-translations` and commit src/chumchon/locale/th/LC_MESSAGES/"


def _messages(mo_path: Path) -> dict[tuple[str, str | None], object]:
    with mo_path.open("rb") as handle:
        catalog = read_mo(handle)
    return {(str(m.id), m.context): m.string for m in catalog if m.id}


def test_committed_catalogue_is_up_to_date(tmp_path: Path) -> None:
    result = build_catalog()
    write_catalog(result.catalog, tmp_path)
    fresh = _messages(tmp_path / "django.mo")
    committed = _messages(OUTPUT_DIR / "django.mo")
    stale = sorted(k[0] for k in fresh.keys() ^ committed.keys())
    changed = sorted(k[0] for k in fresh.keys() & committed.keys() if fresh[k] != committed[k])
    assert not stale and not changed, f"django.mo is out of date ({REBUILD}); differs in: {(stale + changed)[:40]}"
    assert (OUTPUT_DIR / "django.po").read_bytes() == (tmp_path / "django.po").read_bytes(), (
        f"django.po is out of date ({REBUILD})"
    )


def test_every_message_in_templates_and_code_has_thai() -> None:
    result = build_catalog()
    missing = [f"{m.key!r} ({', '.join(sorted(m.locations))})" for m in result.missing]
    assert not missing, (
        f"{len(missing)} messages lack a Thai translation; add them to <app>/translations_th.json:\n"
        + "\n".join(missing)
    )
    assert not result.problems, "\n".join(result.problems)
    assert len(result.extracted) > 100  # the extractor really found the sources


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


def test_the_apps_using_a_message_decide_its_thai(tmp_path: Path) -> None:
    core = tmp_path / "locale" / "th" / "catalogue.json"
    core.parent.mkdir(parents=True)
    core.write_text(json.dumps({"status": "สถานะ", "Log in": "เข้าสู่ระบบ", "empty": ""}), encoding="utf-8")
    files = [core]
    for app, thai in (("projects", "สถานะโครงการ"), ("budgets", "สถานะงบประมาณ")):
        (tmp_path / app).mkdir()
        (tmp_path / app / "translations_th.json").write_text(json.dumps({"status": thai}), encoding="utf-8")
        files.append(tmp_path / app / "translations_th.json")

    unused, conflicts = load_translations(files, {})
    assert unused == {"status": "สถานะ", "Log in": "เข้าสู่ระบบ"} and not conflicts  # the core is the fallback

    by_projects, conflicts = load_translations(files, {"status": {"projects"}})
    assert by_projects["status"] == "สถานะโครงการ" and not conflicts

    shared, conflicts = load_translations(files, {"status": {"projects", "budgets"}})
    assert shared["status"] in {"สถานะโครงการ", "สถานะงบประมาณ"}
    assert len(conflicts) == 1 and "budgets" in conflicts[0] and "projects" in conflicts[0]


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


def test_literal_percent_in_a_template_message(tmp_path: Path) -> None:
    # Django looks {% translate "Share (%)" %} up as "Share (%%)"; the catalogues may use either spelling.
    (tmp_path / "app" / "templates").mkdir(parents=True)
    (tmp_path / "app" / "templates" / "x.html").write_text('{% translate "Share (%)" %}', encoding="utf-8")
    (tmp_path / "app" / "translations_th.json").write_text(json.dumps({"Share (%)": "สัดส่วน (%)"}), encoding="utf-8")

    result = build_catalog(tmp_path)

    assert not result.missing and not result.unused
    assert result.catalog.get("Share (%%)").string == "สัดส่วน (%%)"
