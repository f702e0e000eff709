"""Whole-system backup and restore (สำรองและกู้คืนข้อมูล): ``chumchon backup`` / ``chumchon restore``.

An archive is a zip file:

- ``manifest.json`` — format version, when, the schema migration state, and for every model and
  file its row count or size and SHA-256, so a damaged or incomplete archive is caught before
  anything is changed;
- ``data/NNN-app.model.jsonl`` — every row of every model (Chumchon apps, auth, admin log, the task
  queue), one JSON object per line (Django's serializer), models in foreign-key dependency order.
  Rows keep their primary keys; only content types and permissions, which ``migrate`` recreates
  with possibly different ids, are referred to by natural key;
- ``files/survey_store/…`` and ``files/media/…`` — the Parquet survey rounds and uploaded files.

Rows are streamed in both directions (a chunked cursor out, batched raw inserts in), so memory
stays flat however large the database. A restore loads everything in one transaction: all or
nothing. Files are unpacked beside their folder first and swapped in only after the commit.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.jsonl import Serializer as JsonlSerializer
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.dispatch import Signal
from django.utils import timezone

from chumchon.core.jobs import Progress, SilentProgress

# Sent after a restore has committed and its files are in place (``using``: the database alias). Apps above
# core that keep something derived from the data outside the restored tables — the public page cache's data
# version — connect here and renew it; core cannot call them itself (it is the floor layer).
data_restored = Signal()

FORMAT = "chumchon-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# Recreated by ``migrate`` (ids may differ: referred to by natural key) or worthless after a restore.
NOT_BACKED_UP = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
NATURAL_KEY_MODELS = {"contenttypes.contenttype", "auth.permission"}
# Already compressed: store as is.
STORED_SUFFIXES = {".parquet", ".zip", ".gz", ".zst", ".xz", ".bz2", ".jpg", ".jpeg", ".png", ".webp", ".pdf", ".xlsx"}
BATCH = 1000


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is Thai / English."""


# --------------------------------------------------------------------------- which models, in what order


def rebuilt_by_database(model: type[models.Model]) -> bool:
    """A table the database itself keeps from other tables (its triggers fill it as the rows it sums
    are restored; e.g. ``projects.ProjectTally``): not archived, emptied with the rest on restore."""
    return bool(getattr(model, "REBUILT_BY_DATABASE", False))


def recreated_by_the_app(model: type[models.Model]) -> bool:
    """A table whose rows the app makes again on its own (``core.DataVersion``: markers written
    after every migrate, flush included): not archived, and not data when restore asks if the database is
    empty."""
    return bool(getattr(model, "RECREATED_BY_THE_APP", False))


def backup_models() -> list[type[models.Model]]:
    """Every concrete model with rows to keep, parents before the models that point at them."""
    chosen = [
        m
        for m in apps.get_models()
        if m._meta.label_lower not in NOT_BACKED_UP
        and m._meta.managed
        and not m._meta.proxy
        and not rebuilt_by_database(m)
        and not recreated_by_the_app(m)
    ]
    return dependency_order(chosen)


def dependency_order(chosen: list[type[models.Model]]) -> list[type[models.Model]]:
    """Topological order over foreign keys and many-to-many fields (cycles broken by name)."""
    wanted = set(chosen)
    needs: dict[type[models.Model], set[type[models.Model]]] = {}
    for model in chosen:
        deps = set()
        for f in model._meta.local_fields + model._meta.local_many_to_many:
            target = f.remote_field.model if f.remote_field else None
            if target is not None and target is not model:
                target = target._meta.concrete_model
                if target in wanted:
                    deps.add(target)
        needs[model] = deps
    ordered: list[type[models.Model]] = []
    remaining = sorted(chosen, key=lambda m: m._meta.label_lower)
    while remaining:
        ready = [m for m in remaining if not (needs[m] - set(ordered))]
        step = ready or remaining[:1]  # a cycle: take one, the transaction defers the check
        ordered.extend(step)
        remaining = [m for m in remaining if m not in step]
    return ordered


def _insert_fields(model: type[models.Model]) -> list[models.Field]:
    return [f for f in model._meta.local_concrete_fields if not getattr(f, "generated", False)]


def _auto_m2m(model: type[models.Model]) -> list[Any]:
    """Many-to-many fields whose link table Django made (the serializer writes them inline)."""
    many: list[Any] = list(model._meta.local_many_to_many)
    return [f for f in many if f.serialize and f.remote_field.through._meta.auto_created]


# --------------------------------------------------------------------------- serialisation


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder, but times keep their microseconds (Django's rounds them to milliseconds,
    so a backup would silently change every timestamp, audit events' included)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        return super().default(o)


class RowSerializer(JsonlSerializer):
    """Django's JSON Lines serializer, with natural keys only for content types and permissions."""

    def _natural_for(self, f: Any) -> None:
        self.use_natural_foreign_keys = f.remote_field.model._meta.label_lower in NATURAL_KEY_MODELS

    def handle_fk_field(self, obj: Any, field: Any) -> None:
        self._natural_for(field)
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj: Any, field: Any) -> None:
        self._natural_for(field)
        super().handle_m2m_field(obj, field)

    def end_object(self, obj: Any) -> None:
        # json.dumps (one C-encoded string) rather than json.dump (hundreds of tiny writes): ~4x faster.
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs) + "\n")
        self._current = None


def model_rows(model: type[models.Model], using: str = DEFAULT_DB_ALIAS) -> Iterator[models.Model]:
    queryset = model._base_manager.using(using).order_by("pk")
    m2m = [f.name for f in _auto_m2m(model)]
    if m2m:
        queryset = queryset.prefetch_related(*m2m)
    return queryset.iterator(chunk_size=2000)


def serialize_rows(model: type[models.Model], stream: IO[str], using: str = DEFAULT_DB_ALIAS) -> int:
    """Write every row of ``model`` to ``stream`` as JSON Lines; returns the number of rows."""
    count = 0

    def counted() -> Iterator[models.Model]:
        nonlocal count
        for obj in model_rows(model, using):
            count += 1
            yield obj

    RowSerializer().serialize(counted(), stream=stream, cls=ExactJSONEncoder)
    return count


class _HashingWriter(io.RawIOBase):
    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.sha256 = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        data = bytes(b)
        self.sha256.update(data)
        self.size += len(data)
        self.target.write(data)
        return len(data)


# --------------------------------------------------------------------------- backup


@dataclass
class BackupReport:
    path: Path
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0


def file_roots() -> list[tuple[str, Path]]:
    roots = [("survey_store", Path(settings.SURVEY_STORE)), ("media", Path(settings.MEDIA_ROOT))]
    for name, root in roots:
        for other_name, other in roots:
            if name != other_name and root.resolve().is_relative_to(other.resolve()):
                raise BackupError(
                    f"โฟลเดอร์ {name} ({root}) อยู่ภายในโฟลเดอร์ {other_name} ({other}) ซึ่งสำรองแยกกันไม่ได้ / "
                    f"the {name} folder ({root}) lies inside the {other_name} folder ({other}); keep them apart"
                )
    return roots


def _walk(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            yield Path(dirpath) / name


def migration_state(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    for app_label, name in MigrationRecorder(connections[using]).applied_migrations():
        state.setdefault(app_label, []).append(name)
    return {app: sorted(names) for app, names in sorted(state.items())}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("chumchon")
    except PackageNotFoundError:
        return "unknown"


def backup_create(
    path: Path, *, overwrite: bool = False, progress: Progress | None = None, using: str = DEFAULT_DB_ALIAS
) -> BackupReport:
    """Write the whole database and the data files to a new zip archive at ``path``."""

    progress = progress or SilentProgress()
    path = Path(path)
    if path.exists() and not overwrite:
        raise BackupError(
            f"มีไฟล์ {path} อยู่แล้ว (ใช้ --force เพื่อเขียนทับ) / {path} already exists (use --force to replace it)"
        )
    roots = file_roots()
    chosen = backup_models()
    connection = connections[using]
    report = BackupReport(path=path)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "chumchon_version": _version(),
        "django_version": django.get_version(),
        "created_at": timezone.now().isoformat(),
        "database_vendor": connection.vendor,
        "migrations": migration_state(using),
        "models": [],
        "files": [],
    }
    partial = path.with_name(path.name + ".partial")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6, allowZip64=True) as zf:
            # One snapshot of the database for every table.
            outermost = not connection.in_atomic_block
            with transaction.atomic(using=using):
                if outermost and connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                counts = {m: m._base_manager.using(using).count() for m in chosen}
                files = [(name, root, p) for name, root in roots for p in _walk(root)]
                progress.set_total(sum(counts.values()) + len(files))
                for i, model in enumerate(chosen, start=1):
                    label = model._meta.label_lower
                    member = f"data/{i:03d}-{label}.jsonl"
                    with zf.open(member, "w", force_zip64=True) as raw:
                        writer = _HashingWriter(raw)
                        text = io.TextIOWrapper(io.BufferedWriter(writer, 1 << 20), encoding="utf-8", newline="\n")
                        n = serialize_rows(model, text, using)
                        text.flush()
                        text.detach().detach()  # keep the zip member open for the context manager
                    manifest["models"].append(
                        {
                            "model": label,
                            "file": member,
                            "count": n,
                            "bytes": writer.size,
                            "sha256": writer.sha256.hexdigest(),
                        }
                    )
                    report.rows[label] = n
                    progress.advance(n, message=label)
            for name, root, source in files:
                relative = source.relative_to(root).as_posix()
                info = zipfile.ZipInfo.from_file(source, f"files/{name}/{relative}")
                info.compress_type = (
                    zipfile.ZIP_STORED if source.suffix.lower() in STORED_SUFFIXES else zipfile.ZIP_DEFLATED
                )
                digest = hashlib.sha256()
                size = 0
                with source.open("rb") as src, zf.open(info, "w", force_zip64=True) as dst:
                    while chunk := src.read(1 << 20):
                        digest.update(chunk)
                        size += len(chunk)
                        dst.write(chunk)
                manifest["files"].append({"root": name, "path": relative, "bytes": size, "sha256": digest.hexdigest()})
                report.files += 1
                report.bytes += size
                progress.advance(1, message=relative)
            # Last, so an archive cut short has no manifest and is refused as incomplete.
            zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return report


# --------------------------------------------------------------------------- restore


@dataclass
class RestoreReport:
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0
    created_at: str = ""


def _broken(detail: str) -> BackupError:
    return BackupError(
        f"ไฟล์สำรองข้อมูลเสียหายหรือไม่ครบ ไม่ได้เปลี่ยนแปลงข้อมูลใด ๆ / "
        f"the backup archive is damaged or incomplete; nothing was changed: {detail}"
    )


def read_manifest(zf: zipfile.ZipFile) -> dict[str, Any]:
    try:
        manifest = json.loads(zf.read(MANIFEST).decode("utf-8"))
    except KeyError:
        raise _broken("ไม่มี manifest.json / manifest.json is missing") from None
    except (ValueError, zipfile.BadZipFile, OSError) as exc:
        raise _broken(f"อ่าน manifest.json ไม่ได้ / cannot read manifest.json ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _broken("ไม่ใช่ไฟล์สำรองของ Chumchon / not a Chumchon backup")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"ไฟล์สำรองรุ่น {manifest.get('format_version')} ใช้กับโปรแกรมนี้ไม่ได้ (รองรับรุ่น {FORMAT_VERSION}) / "
            f"backup format version {manifest.get('format_version')} is not supported (expected {FORMAT_VERSION})"
        )
    shapes = {"models": ("model", "file", "count", "bytes", "sha256"), "files": ("root", "path", "bytes", "sha256")}
    if not isinstance(manifest.get("migrations"), dict):
        raise _broken("manifest ขาดช่อง migrations / the manifest lacks 'migrations'")
    for key, needed in shapes.items():
        entries = manifest.get(key)
        if not isinstance(entries, list) or not all(
            isinstance(e, dict) and all(k in e for k in needed) for e in entries
        ):
            raise _broken(f"manifest ช่อง {key} ไม่ถูกต้อง / the manifest's {key!r} list is malformed")
    return manifest


def check_migrations(manifest: dict[str, Any], using: str = DEFAULT_DB_ALIAS) -> None:
    here = {(app, name) for app, names in migration_state(using).items() for name in names}
    there = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    if here == there:
        return

    def show(items: set[tuple[str, str]]) -> str:
        listed = ", ".join(f"{a}.{n}" for a, n in sorted(items)[:8])
        return listed + (f" (+{len(items) - 8})" if len(items) > 8 else "") if items else "-"

    raise BackupError(
        "โครงสร้างฐานข้อมูลไม่ตรงกับไฟล์สำรอง (รัน chumchon migrate หรือใช้โปรแกรมรุ่นเดียวกับที่สำรอง) / "
        "the database schema does not match the backup (run `chumchon migrate`, or use the version that made it). "
        f"Only in the backup: {show(there - here)}; only in this database: {show(here - there)}"
    )


def _verify_member(zf: zipfile.ZipFile, name: str, size: int, sha256: str, sink: IO[bytes] | None = None) -> None:
    try:
        digest = hashlib.sha256()
        seen = 0
        with zf.open(name) as member:
            while chunk := member.read(1 << 20):
                digest.update(chunk)
                seen += len(chunk)
                if sink is not None:
                    sink.write(chunk)
    except KeyError:
        raise _broken(f"ไม่มี {name} / {name} is missing") from None
    except (zipfile.BadZipFile, OSError, EOFError, zipfile.LargeZipFile) as exc:
        raise _broken(f"{name}: {exc}") from exc
    if seen != size or digest.hexdigest() != sha256:
        raise _broken(f"{name} ไม่ตรงกับ manifest / {name} does not match the manifest")


def database_is_empty(using: str = DEFAULT_DB_ALIAS) -> bool:
    return not any(m._base_manager.using(using).exists() for m in backup_models())


def _flush(using: str) -> None:
    """Empty every backed-up table (and sessions) inside the caller's transaction."""
    connection = connections[using]
    tables: set[str] = {"django_session"} if apps.is_installed("django.contrib.sessions") else set()
    for model in backup_models():
        tables.add(model._meta.db_table)
        tables.update(f.remote_field.through._meta.db_table for f in _auto_m2m(model))
    # Emptied too: PostgreSQL's TRUNCATE fires no row triggers, so what they keep would stay behind.
    tables.update(m._meta.db_table for m in apps.get_models() if rebuilt_by_database(m))
    existing = set(connection.introspection.table_names())
    statements = connection.ops.sql_flush(no_style(), sorted(tables & existing), reset_sequences=True)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _load_model(
    zf: zipfile.ZipFile, entry: dict[str, Any], model: type[models.Model], using: str, advance: Callable[[int], None]
) -> int:
    """Insert the rows of one model file exactly as stored (raw: no save(), no auto_now, no signals)."""
    fields = _insert_fields(model)
    m2m_fields = {f.name: f for f in _auto_m2m(model)}
    manager = model._base_manager.using(using)
    connection = connections[using]
    # The same INSERT Django's raw save() builds, run as one executemany per batch (the SQL
    # compiler costs more than the database here). Fields with custom placeholders take Django's path.
    plain_sql = ""
    if not any(hasattr(f, "get_placeholder") for f in fields):
        quote = connection.ops.quote_name
        plain_sql = (
            f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))})"
        )
    batch: list[models.Model] = []
    links: dict[str, list[tuple[Any, Any]]] = {name: [] for name in m2m_fields}
    count = 0

    def flush_batch() -> None:
        if batch:
            if plain_sql:
                rows = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] for obj in batch]
                with connection.cursor() as cursor:
                    cursor.executemany(plain_sql, rows)
            else:
                manager._insert(batch, fields=fields, raw=True, using=using)  # type: ignore[attr-defined]
            advance(len(batch))
            batch.clear()
        for name, pairs in links.items():
            if pairs:
                m2m = m2m_fields[name]
                through: Any = m2m.remote_field.through
                source = through._meta.get_field(m2m.m2m_field_name()).attname
                target = through._meta.get_field(m2m.m2m_reverse_field_name()).attname
                through._base_manager.using(using).bulk_create(
                    [through(**{source: a, target: b}) for a, b in pairs], batch_size=BATCH
                )
                pairs.clear()

    with zf.open(entry["file"]) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8")
        for deserialized in serializers.deserialize(
            "jsonl", text, using=using, ignorenonexistent=False, handle_forward_references=False
        ):
            obj = deserialized.object
            if type(obj) is not model:
                raise _broken(
                    f"{entry['file']}: พบแถวของ {obj._meta.label_lower} / holds a {obj._meta.label_lower} row"
                )
            batch.append(obj)
            for name, values in (deserialized.m2m_data or {}).items():
                if name in links:
                    links[name].extend((obj.pk, v) for v in values)
            count += 1
            if len(batch) >= BATCH:
                flush_batch()
        flush_batch()
    return count


def _stage_files(zf: zipfile.ZipFile, manifest: dict[str, Any]) -> dict[str, Path]:
    """Unpack and verify every file beside its final folder; returns {root name: staging dir}."""
    roots = dict(file_roots())
    staging: dict[str, Path] = {}
    try:
        for name, root in roots.items():
            root.parent.mkdir(parents=True, exist_ok=True)
            staging[name] = Path(tempfile.mkdtemp(prefix=f".{root.name}.restore-", dir=root.parent))
        for entry in manifest["files"]:
            if entry.get("root") not in roots:
                raise _broken(f"ไม่รู้จักโฟลเดอร์ {entry.get('root')!r} / unknown file root {entry.get('root')!r}")
            relative = Path(entry["path"])
            if relative.is_absolute() or ".." in relative.parts:
                raise _broken(f"ชื่อไฟล์ไม่ปลอดภัย {entry['path']!r} / unsafe file name {entry['path']!r}")
            target = staging[entry["root"]] / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as sink:
                _verify_member(zf, f"files/{entry['root']}/{entry['path']}", entry["bytes"], entry["sha256"], sink)
    except BaseException:
        for directory in staging.values():
            shutil.rmtree(directory, ignore_errors=True)
        raise
    return staging


def _swap_in(staging: dict[str, Path]) -> None:
    roots = dict(file_roots())
    for name, directory in staging.items():
        root = roots[name]
        old = root.with_name(f".{root.name}.old-{os.getpid()}")
        if root.exists():
            root.rename(old)
        directory.rename(root)
        shutil.rmtree(old, ignore_errors=True)


def backup_restore(
    path: Path, *, force: bool = False, progress: Progress | None = None, using: str = DEFAULT_DB_ALIAS
) -> RestoreReport:
    """Replace the database's rows and the data files with an archive's; all or nothing."""
    progress = progress or SilentProgress()
    path = Path(path)
    try:
        zf = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupError(f"ไม่พบไฟล์ {path} / {path} does not exist") from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise _broken(f"{path}: {exc}") from exc
    with zf:
        manifest = read_manifest(zf)
        check_migrations(manifest, using)
        by_label = {m._meta.label_lower: m for m in backup_models()}
        entries = manifest["models"]
        unknown = [e.get("model") for e in entries if e.get("model") not in by_label]
        if unknown:
            raise _broken(f"ไม่รู้จักตาราง {unknown} / unknown models {unknown}")
        absent = sorted(set(by_label) - {e["model"] for e in entries})
        if absent:
            raise _broken(f"ไม่มีข้อมูลของตาราง {absent} / no rows file for {absent}")
        if not force and not database_is_empty(using):
            raise BackupError(
                "ฐานข้อมูลนี้มีข้อมูลอยู่แล้ว จะกู้คืนทับได้ด้วย --force เท่านั้น (ข้อมูลเดิมทั้งหมดจะถูกลบ) / "
                "this database is not empty; restore replaces everything only with --force"
            )
        total_rows = sum(int(e["count"]) for e in entries)
        progress.set_total(total_rows + len(manifest["files"]))
        # Check every data member before touching the database.
        for entry in entries:
            _verify_member(zf, entry["file"], entry["bytes"], entry["sha256"])
        staging = _stage_files(zf, manifest)
        progress.advance(len(manifest["files"]), message="files")
        report = RestoreReport(created_at=str(manifest.get("created_at", "")), files=len(manifest["files"]))
        connection = connections[using]
        try:
            with transaction.atomic(using=using):
                if force:
                    _flush(using)
                for entry in entries:
                    model = by_label[entry["model"]]
                    n = _load_model(zf, entry, model, using, _advancer(progress, entry["model"]))
                    if n != entry["count"]:
                        raise _broken(
                            f"{entry['file']}: {n} แถว ไม่ใช่ {entry['count']} / {n} rows, expected {entry['count']}"
                        )
                    report.rows[entry["model"]] = n
                connection.check_constraints()
                # New rows must get fresh ids (PostgreSQL sequences; SQLite tracks them itself).
                with connection.cursor() as cursor:
                    for sql in connection.ops.sequence_reset_sql(no_style(), list(by_label.values())):
                        cursor.execute(sql)
        except BaseException as exc:
            _discard(staging)
            if isinstance(exc, DeserializationError | DatabaseError | ValueError | KeyError | TypeError):
                raise _broken(f"{type(exc).__name__}: {exc}") from exc
            raise
    _swap_in(staging)
    data_restored.send(sender=None, using=using)
    return report


def _advancer(progress: Progress, label: str) -> Callable[[int], None]:
    return lambda n: progress.advance(n, message=label)


def _discard(staging: dict[str, Path]) -> None:
    for directory in staging.values():
        shutil.rmtree(directory, ignore_errors=True)


def dump_all(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    """Every backed-up table as sorted JSON lines: two databases with equal dumps hold the same rows."""
    out: dict[str, list[str]] = {}
    for model in backup_models():
        stream = io.StringIO()
        serialize_rows(model, stream, using)
        out[model._meta.label_lower] = sorted(stream.getvalue().splitlines())
    return out
