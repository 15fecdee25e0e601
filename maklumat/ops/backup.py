"""Backup and restore: the database, the uploaded files and the secret key in one archive.

The archive is a ``.tar.gz`` holding:

- ``manifest.json``: format, Maklumat version, creation time, database vendor, the applied
  migrations, and a SHA-256 checksum of every other member;
- ``database.sqlite3`` (SQLite's online backup API: a consistent copy while the site runs) or
  ``database.pgdump`` (``pg_dump --format=custom``: one consistent snapshot);
- ``secret_key`` (sessions, password-reset links and signed values depend on it);
- ``media/…``: every uploaded file (letter scans, signed receipts) under ``MEDIA_ROOT``.

Restore checks the archive completely (readable, manifest, every checksum, same database vendor,
no migration this code does not know) before it changes anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

FORMAT = 1
MANIFEST = "manifest.json"
SECRET_KEY_MEMBER = "secret_key"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class Outcome:
    manifest: dict
    path: Path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("maklumat")
    except PackageNotFoundError:
        return "unknown"


def _vendor() -> str:
    if connection.vendor not in DATABASE_MEMBER:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {connection.vendor}")
    return connection.vendor


def applied_migrations() -> dict[str, list[str]]:
    if "django_migrations" not in connection.introspection.table_names():
        return {}
    applied: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            applied.setdefault(app, []).append(name)
    return applied


# ---------------------------------------------------------------------------------------- backup

def backup_create(target: Path, *, log: Callable[[str], None] = lambda line: None) -> Outcome:
    """Write a backup archive to ``target`` (atomically: a partial archive never has the name)."""
    target = Path(target)
    if target.is_dir():
        raise BackupError(f"{target} is a directory; give the archive's file name, e.g. {target}/maklumat.tar.gz")
    if not target.parent.is_dir():
        raise BackupError(f"directory {target.parent} does not exist")
    vendor = _vendor()
    with tempfile.TemporaryDirectory(prefix="maklumat-backup-") as work:
        staging = Path(work)
        database_file = staging / DATABASE_MEMBER[vendor]
        if vendor == "sqlite":
            _sqlite_dump(database_file)
        else:
            _pg_dump(database_file)
        (staging / SECRET_KEY_MEMBER).write_text(settings.SECRET_KEY)
        media_root = Path(settings.MEDIA_ROOT)
        media_files = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []
        files = {DATABASE_MEMBER[vendor]: _sha256(database_file),
                 SECRET_KEY_MEMBER: _sha256(staging / SECRET_KEY_MEMBER)}
        for path in media_files:
            files[f"media/{path.relative_to(media_root).as_posix()}"] = _sha256(path)
        manifest = {
            "format": FORMAT,
            "maklumat_version": _version(),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "vendor": vendor,
            "migrations": applied_migrations(),
            "files": files,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
        partial = target.with_name(f".{target.name}.partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds the secret key
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            archive.add(staging / MANIFEST, MANIFEST)
            archive.add(database_file, DATABASE_MEMBER[vendor])
            archive.add(staging / SECRET_KEY_MEMBER, SECRET_KEY_MEMBER)
            for path in media_files:
                archive.add(path, f"media/{path.relative_to(media_root).as_posix()}")
        os.replace(partial, target)
    log(f"backup: {target} ({vendor}, {len(media_files)} uploaded file(s), "
        f"{sum(len(v) for v in manifest['migrations'].values())} migrations)")
    return Outcome(manifest, target)


def _sqlite_dump(destination: Path) -> None:
    connection.ensure_connection()
    copy = sqlite3.connect(destination)
    try:
        connection.connection.backup(copy)  # the online backup API: consistent while others write
    finally:
        copy.close()


def _pg_args() -> tuple[list[str], dict[str, str]]:
    params = connection.settings_dict
    args = []
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    env = {**os.environ}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return args, env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed; install the PostgreSQL client of your server's major "
                          f"version (e.g. apt-get install postgresql-client-{_server_major()})")
    done = subprocess.run([found, "--version"], capture_output=True, text=True)
    tool_major = int(done.stdout.split()[-1].split(".")[0])
    if tool_major < _server_major():
        raise BackupError(f"{found} is version {tool_major}, older than the PostgreSQL {_server_major()} server; "
                          f"install postgresql-client-{_server_major()}")
    return found


def _server_major() -> int:
    connection.ensure_connection()
    return connection.pg_version // 10000


def _pg_dump(destination: Path) -> None:
    args, env = _pg_args()
    done = subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-acl", "--file",
                           str(destination), *args, "--dbname", str(connection.settings_dict["NAME"])],
                          env=env, capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()}")


# --------------------------------------------------------------------------------------- restore

def backup_read(source: Path, into: Path) -> dict:
    """Unpack and verify an archive into ``into``; return its manifest or raise BackupError."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"{source} does not exist")
    try:
        with tarfile.open(source, mode="r:gz") as archive:
            archive.extractall(into, filter="data")
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise BackupError(f"{source} is not a readable Maklumat backup (corrupt or truncated archive: {exc})") from exc
    manifest_file = into / MANIFEST
    if not manifest_file.is_file():
        raise BackupError(f"{source} has no {MANIFEST}: not a Maklumat backup")
    try:
        manifest = json.loads(manifest_file.read_text())
        files = dict(manifest["files"])
        vendor = manifest["vendor"]
        fmt = manifest["format"]
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"{source}: {MANIFEST} is damaged ({exc})") from exc
    if not isinstance(fmt, int) or fmt > FORMAT:
        raise BackupError(f"{source} has backup format {fmt}; this Maklumat reads format {FORMAT}: upgrade first")
    if DATABASE_MEMBER.get(vendor) not in files:
        raise BackupError(f"{source}: the manifest lists no database for vendor {vendor!r}")
    for name, expected in files.items():
        member = into / name
        if not member.is_file():
            raise BackupError(f"{source} is incomplete: {name} is missing")
        if _sha256(member) != expected:
            raise BackupError(f"{source} is corrupt: the checksum of {name} does not match its manifest")
    listed = set(files) | {MANIFEST}
    extra = sorted(p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file())
    unexpected = [name for name in extra if name not in listed]
    if unexpected:
        raise BackupError(f"{source} holds files its manifest does not list (e.g. {unexpected[0]}): refusing it")
    return manifest


def backup_restore(source: Path, *, log: Callable[[str], None] = lambda line: None) -> Outcome:
    """Replace the database, the uploaded files and the secret key with the archive's."""
    vendor = _vendor()
    with tempfile.TemporaryDirectory(prefix="maklumat-restore-") as work:
        staging = Path(work)
        manifest = backup_read(Path(source), staging)
        if manifest["vendor"] != vendor:
            raise BackupError(f"{source} holds a {manifest['vendor']} database but this installation uses {vendor} "
                              f"(DATABASE_URL): restore it into a {manifest['vendor']} installation")
        unknown = _unknown_migrations(manifest.get("migrations") or {})
        if unknown:
            raise BackupError(f"{source} was made by a newer Maklumat ({manifest.get('maklumat_version')}): it has "
                              f"migration {unknown[0]} this version does not know; upgrade Maklumat first")
        database_file = staging / DATABASE_MEMBER[vendor]
        if vendor == "sqlite":
            _sqlite_load(database_file)
        else:
            _pg_load(database_file)
        _media_load(staging / "media")
        _secret_key_load((staging / SECRET_KEY_MEMBER).read_text(), log)
    log(f"restore: {source} ({vendor}, made {manifest.get('created_at')} by Maklumat "
        f"{manifest.get('maklumat_version')}, {sum(1 for n in manifest['files'] if n.startswith('media/'))} "
        "uploaded file(s))")
    return Outcome(manifest, Path(source))


def _unknown_migrations(applied: dict[str, list[str]]) -> list[str]:
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [f"{app}.{name}" for app, names in sorted(applied.items()) for name in names
            if (app, name) not in known and app in {a for a, _ in known}]


def _sqlite_load(database_file: Path) -> None:
    name = str(connection.settings_dict["NAME"])
    connections.close_all()
    source = sqlite3.connect(database_file)
    target = sqlite3.connect(name, timeout=20)
    try:
        source.backup(target)  # page by page into the live file, under SQLite's own locking
    finally:
        target.close()
        source.close()


def _pg_load(database_file: Path) -> None:
    pg_restore = _pg_tool("pg_restore")
    tables = connection.introspection.table_names(include_views=False)
    with connection.cursor() as cursor:
        if tables:
            cursor.execute("DROP TABLE " + ", ".join(connection.ops.quote_name(t) for t in tables) + " CASCADE")
    connections.close_all()
    args, env = _pg_args()
    done = subprocess.run([pg_restore, "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction",
                           *args, "--dbname", str(connection.settings_dict["NAME"]), str(database_file)],
                          env=env, capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"pg_restore failed (the database may now be empty; restore again): {done.stderr.strip()}")


def _media_load(unpacked: Path) -> None:
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    for entry in media_root.iterdir():  # keep the directory itself: it may be a mount point
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    if unpacked.is_dir():
        for entry in unpacked.iterdir():
            shutil.move(str(entry), media_root / entry.name)


def _secret_key_load(key: str, log: Callable[[str], None]) -> None:
    if os.environ.get("SECRET_KEY"):
        if os.environ["SECRET_KEY"] != key:
            log("restore: SECRET_KEY is set in the environment and differs from the archive's key; sessions and "
                "signed links from before the backup stay invalid until SECRET_KEY is set to the archive's "
                "secret_key")
        return
    key_file = Path(settings.DATA_DIR) / "secret_key"
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    if key != settings.SECRET_KEY:
        log("restore: the secret key changed: restart the web server and workers")
