"""``chumchon backup`` / ``restore``: every table and data file round-trips; damage changes nothing."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection

from chumchon.core import backup
from chumchon.core.backup import BackupError, backup_create, backup_restore, dump_all
from chumchon.core.models import Job, JobStatus


@pytest.fixture
def stores(settings: Any, tmp_path: Path) -> tuple[Path, Path]:
    settings.SURVEY_STORE = tmp_path / "data" / "surveys"
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    return settings.SURVEY_STORE, settings.MEDIA_ROOT


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _make_data(make_user: Any, stores: tuple[Path, Path]) -> None:
    from django.contrib.auth.models import Group, Permission

    from chumchon.areas.models import Area, LocalGovernment
    from chumchon.audit.models import AuditAction
    from chumchon.audit.services import audit_record
    from chumchon.organizations.models import Body

    council = Body.objects.create(
        kind="tambon_council", name_th="สภาองค์กรชุมชนตำบลคลองนา", area=Area.objects.get(code="240104")
    )
    secretary = make_user("tambon_council_secretary", area="240104", body=council, first_name="สมศรี")
    make_user("codi_regional_staff", region="R5")
    make_user("national_admin", nation=True)
    group = Group.objects.create(name="ผู้ตรวจสอบ")
    group.permissions.set(Permission.objects.filter(codename__in=["view_job", "view_auditevent"]))
    secretary.groups.add(group)
    lao = LocalGovernment.objects.create(
        code="6240101", kind="sao", name_th="อบต.คลองนา", province=Area.objects.get(code="24")
    )
    lao.tambons.set(Area.objects.filter(code__in=["240104", "240105"]))
    audit_record(actor=secretary, action=AuditAction.UPDATE, obj=council, changes={"name_th": ["ก", "ข"]}, note="ทดสอบ")
    Job.objects.create(
        kind="areas.load", created_by=secretary, status=JobStatus.SUCCEEDED, done=3, total=3, result={"changed": 0}
    )
    # A project: the table its triggers keep (projects.ProjectTally) is not archived but rebuilt on restore.
    from decimal import Decimal

    from chumchon.budgets.models import Programme
    from chumchon.projects.models import Project

    programme = Programme.objects.create(code="ECON", fiscal_year=2565, name_th="เศรษฐกิจชุมชน", kind="economy")
    Project.objects.create(
        programme=programme,
        area=Area.objects.get(code="240104"),
        proposer=council,
        title_th="โครงการเลี้ยงไก่ไข่",
        requested_amount=Decimal("12345.67"),
    )
    survey_store, media = stores
    (survey_store / "round=2568").mkdir(parents=True)
    (survey_store / "round=2568" / "households.parquet").write_bytes(bytes(range(256)) * 400)
    (media / "uploads").mkdir(parents=True)
    (media / "uploads" / "ภาพ.txt").write_text("รูปประชุม", encoding="utf-8")


def _tally() -> list[tuple[str, int, int]]:
    from chumchon.projects.models import ProjectTally

    return list(ProjectTally.objects.values_list("province", "projects", "requested"))


@pytest.mark.django_db(transaction=True)
def test_backup_flush_restore_gives_back_every_row_and_file(
    areas_loaded: None, make_user: Any, stores: tuple[Path, Path], tmp_path: Path
) -> None:
    from chumchon.accounts.models import User

    _make_data(make_user, stores)
    before = dump_all()
    tally_before = _tally()
    assert tally_before == [("24", 1, 1234567)]
    files_before = {name: _files(root) for name, root in zip(("s", "m"), stores, strict=True)}
    assert len(before["accounts.user"]) == 3 and len(before["areas.area"]) > 8000
    assert files_before["s"] and files_before["m"]
    archive = tmp_path / "backup.zip"

    call_command("backup", str(archive), "--no-progress", verbosity=0)

    manifest = json.loads(zipfile.ZipFile(archive).read("manifest.json"))
    counts = {m["model"]: m["count"] for m in manifest["models"]}
    assert counts["accounts.user"] == 3 and counts["core.job"] == 1 and counts["audit.auditevent"] == 1
    assert manifest["migrations"]["core"] == ["0001_initial"] or "core" in manifest["migrations"]
    order = [m["model"] for m in manifest["models"]]
    assert order.index("areas.area") < order.index("accounts.roleassignment")
    assert order.index("accounts.user") < order.index("core.job")

    # An empty database after migrate: flush also recreates content types and permissions with new ids.
    call_command("flush", interactive=False, verbosity=0)
    for root in stores:
        for p in root.rglob("*"):
            if p.is_file():
                p.unlink()
    assert not User.objects.exists()

    call_command("restore", str(archive), "--no-progress", verbosity=0)

    assert dump_all() == before
    assert "projects.projecttally" not in counts
    assert _tally() == tally_before
    assert {name: _files(root) for name, root in zip(("s", "m"), stores, strict=True)} == files_before
    secretary = User.objects.get(first_name="สมศรี")
    assert secretary.check_password("chumchon-test-pass")
    assert set(secretary.groups.get().permissions.values_list("codename", flat=True)) == {"view_job", "view_auditevent"}

    # New rows get fresh ids (PostgreSQL sequences were reset).
    max_job = Job.objects.order_by("-pk").values_list("pk", flat=True)[0]
    assert Job.objects.create(kind="tests.after").pk > max_job
    assert User.objects.create_user(username="new-after-restore").pk > secretary.pk

    # A second restore into a database with data is refused unless --force, which replaces it all.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), "--no-progress", verbosity=0)
    call_command("restore", str(archive), "--force", "--no-progress", verbosity=0)
    assert dump_all() == before
    assert _tally() == tally_before  # emptied with the rest, not counted twice

    # A broken row in an otherwise consistent archive: the load fails, the database is unchanged.
    bad = tmp_path / "bad.zip"
    _rewrite(archive, bad, "core.job", lambda line: line.replace('"created_by": ', '"created_by": 999999', 1))
    (stores[0] / "extra.parquet").write_bytes(b"kept")
    with pytest.raises(BackupError, match="nothing was changed"):
        backup_restore(bad, force=True)
    assert dump_all() == before
    assert (stores[0] / "extra.parquet").read_bytes() == b"kept"
    assert not list(stores[0].parent.glob(".*restore-*"))  # staging folders cleaned up


def _rewrite(source: Path, target: Path, model: str, edit: Any) -> None:
    """Copy an archive, editing one model's rows and updating the manifest to match."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        manifest = json.loads(zin.read("manifest.json"))
        for item in zin.infolist():
            data = zin.read(item.filename)
            entry = next((m for m in manifest["models"] if m["file"] == item.filename), None)
            if entry and entry["model"] == model:
                data = "".join(edit(line) + "\n" for line in data.decode().splitlines()).encode()
                entry["bytes"], entry["sha256"] = len(data), hashlib.sha256(data).hexdigest()
            if item.filename != "manifest.json":
                zout.writestr(item, data)
        zout.writestr("manifest.json", json.dumps(manifest))


def _copy(source: Path, target: Path, edit: Any) -> Path:
    """Copy an archive member by member; ``edit(name, data)`` returns new data, or None to drop it."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w") as zout:
        for item in zin.infolist():
            data = edit(item.filename, zin.read(item.filename))
            if data is not None:
                zout.writestr(item, data)
    return target


def _future_manifest(name: str, data: bytes) -> bytes:
    if name != "manifest.json":
        return data
    manifest = json.loads(data)
    manifest["migrations"]["core"].append("9999_from_the_future")
    return json.dumps(manifest).encode()


def _manifest_edit(change: Any) -> Any:
    def edit(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        change(manifest)
        return json.dumps(manifest).encode()

    return edit


def test_damaged_archives_are_refused_with_a_bilingual_error_and_nothing_changes(
    db: Any, make_user: Any, stores: tuple[Path, Path], tmp_path: Path
) -> None:
    _make_data(make_user, stores)
    good = tmp_path / "good.zip"
    backup_create(good)
    cut = tmp_path / "cut.zip"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    damaged = {
        "truncated": (cut, "damaged or incomplete"),
        "no manifest": (
            _copy(good, tmp_path / "a.zip", lambda n, d: None if n == "manifest.json" else d),
            "manifest.json is missing",
        ),
        "altered survey file": (
            _copy(good, tmp_path / "b.zip", lambda n, d: d[:-1] + b"!" if n.startswith("files/survey_store/") else d),
            "does not match the manifest",
        ),
        "altered rows": (
            _copy(
                good, tmp_path / "c.zip", lambda n, d: d.replace(b'"is_active"', b"x") if "accounts.user" in n else d
            ),
            "does not match the manifest",
        ),
        "missing media file": (
            _copy(good, tmp_path / "d.zip", lambda n, d: None if n.startswith("files/media/") else d),
            "is missing",
        ),
        "other schema": (_copy(good, tmp_path / "e.zip", _future_manifest), "core.9999_from_the_future"),
        "malformed manifest": (
            _copy(good, tmp_path / "f.zip", _manifest_edit(lambda m: m["models"][0].pop("count"))),
            "malformed",
        ),
        "a table left out": (
            _copy(good, tmp_path / "g.zip", _manifest_edit(lambda m: m["models"].pop())),
            "no rows file for",
        ),
    }
    before = dump_all()
    files_before = [_files(root) for root in stores]
    for case, (path, match) in damaged.items():
        with pytest.raises(BackupError, match=match) as info:
            backup_restore(path, force=True)
        assert " / " in str(info.value), case  # Thai / English
    assert dump_all() == before
    assert [_files(root) for root in stores] == files_before
    assert not list(stores[0].parent.glob(".*restore-*"))
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(good), "--no-progress", verbosity=0)


def test_not_a_zip_and_missing_path(db: Any, tmp_path: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_text("not a zip", encoding="utf-8")
    with pytest.raises(CommandError, match="damaged or incomplete"):
        call_command("restore", str(junk), "--no-progress", verbosity=0)
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "nope.zip"), "--no-progress", verbosity=0)


def test_dependency_order_puts_targets_first() -> None:
    order = [m._meta.label_lower for m in backup.backup_models()]
    assert "contenttypes.contenttype" not in order and "sessions.session" not in order
    assert order.index("areas.codiregion") < order.index("areas.area") < order.index("organizations.body")
    assert order.index("auth.group") < order.index("accounts.user")
    assert connection.vendor in ("sqlite", "postgresql")


@pytest.mark.django_db
def test_timestamps_keep_their_microseconds() -> None:
    """Django's JSON encoder rounds times to milliseconds; a backup must not change them."""
    exact = datetime.datetime(2026, 12, 2, 22, 31, 55, 456, tzinfo=datetime.UTC)  # 0.000456 s: "55.000" if rounded
    job = Job.objects.create(kind="areas.load")
    Job.objects.filter(pk=job.pk).update(created_at=exact, started_at=exact.replace(microsecond=123456))
    stream = io.StringIO()
    assert backup.serialize_rows(Job, stream) == 1
    assert "22:31:55.000456" in stream.getvalue() and "22:31:55.123456" in stream.getvalue()
    restored = next(iter(serializers.deserialize("jsonl", stream.getvalue()))).object
    assert restored.created_at == exact and restored.started_at == exact.replace(microsecond=123456)
