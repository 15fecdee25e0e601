"""`maklumat backup` / `maklumat restore`: every table row and every uploaded file come back identical.

Runs on the database the suite runs on (SQLite by default; PostgreSQL with DATABASE_URL, through
pg_dump/pg_restore).
"""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from maklumat.accounts.models import ApiToken
from maklumat.accounts.services import token_create
from maklumat.ops.backup import DATABASE_MEMBER


def database_snapshot() -> dict[str, list[str]]:
    """Every row of every table, in a stable order."""
    snapshot = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(include_views=False)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            snapshot[table] = sorted(repr(row) for row in cursor.fetchall())
    return snapshot


def files_snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# Backup and restore compare the database's migrations with the ones on disk.
pytestmark = pytest.mark.usefixtures("migrations_on_disk")


@pytest.fixture
def site(settings, tmp_path, monkeypatch, reference_data, officer):
    """A site with reference data, a user with a token, and uploaded letter scans."""
    monkeypatch.delenv("SECRET_KEY", raising=False)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    (settings.MEDIA_ROOT / "complaints" / "letters").mkdir(parents=True)
    (settings.MEDIA_ROOT / "complaints" / "letters" / "surat-1.pdf").write_bytes(b"%PDF-1.4 scan one\x00\xff")
    (settings.MEDIA_ROOT / "receipts.pdf").write_bytes(b"%PDF-1.4 receipt")
    token_create(user=officer, name="kiosk 1")
    return settings


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_brings_back_every_row_every_file_and_the_secret_key(site, tmp_path, officer):
    # given a backup of the site
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    rows_before, files_before = database_snapshot(), files_snapshot(site.MEDIA_ROOT)
    assert rows_before["accounts_apitoken"] and files_before
    # and then changes to rows, files and the key
    ApiToken.objects.all().delete()
    token_create(user=officer, name="later")
    officer.first_name = "Changed"
    officer.save()
    (site.MEDIA_ROOT / "receipts.pdf").write_bytes(b"overwritten")
    (site.MEDIA_ROOT / "complaints" / "letters" / "surat-1.pdf").unlink()
    (site.MEDIA_ROOT / "new-upload.pdf").write_bytes(b"after the backup")
    (site.DATA_DIR / "secret_key").write_text("another key")
    assert database_snapshot() != rows_before

    # when the backup is restored
    call_command("restore", str(archive), "--noinput")

    # then every table's rows, every file and the secret key are those of the backup
    assert database_snapshot() == rows_before
    assert files_snapshot(site.MEDIA_ROOT) == files_before
    assert (site.DATA_DIR / "secret_key").read_text() == site.SECRET_KEY


@pytest.mark.django_db(transaction=True)
def test_the_manifest_records_version_vendor_migrations_and_checksums(site, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
        letter = tar.extractfile("media/complaints/letters/surat-1.pdf").read()
    assert names[0] == "manifest.json"
    assert manifest["format"] == 1 and manifest["vendor"] == connection.vendor
    assert manifest["maklumat_version"]
    assert "0001_initial" in manifest["migrations"]["accounts"]
    assert set(manifest["files"]) == {DATABASE_MEMBER[connection.vendor], "secret_key", "media/receipts.pdf",
                                      "media/complaints/letters/surat-1.pdf"}
    assert manifest["files"]["media/complaints/letters/surat-1.pdf"] == hashlib.sha256(letter).hexdigest()
    assert archive.stat().st_mode & 0o077 == 0  # it holds the secret key


def _rewrite(archive: Path, target: Path, change) -> None:
    """Copy ``archive`` to ``target`` with ``change(name, data) -> data | None`` applied to each member."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            if data is None:
                continue
            info = tarfile.TarInfo(member.name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_truncated_archive_and_changes_nothing(site, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    ApiToken.objects.all().delete()
    rows, files = database_snapshot(), files_snapshot(site.MEDIA_ROOT)
    with pytest.raises(CommandError, match="is not a readable Maklumat backup \\(corrupt or truncated archive"):
        call_command("restore", str(broken), "--noinput")
    assert database_snapshot() == rows and files_snapshot(site.MEDIA_ROOT) == files


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_file_whose_checksum_does_not_match(site, tmp_path):
    archive, tampered = tmp_path / "backup.tar.gz", tmp_path / "tampered.tar.gz"
    call_command("backup", str(archive))
    _rewrite(archive, tampered, lambda name, data: b"changed" if name == "media/receipts.pdf" else data)
    with pytest.raises(CommandError, match="is corrupt: the checksum of media/receipts.pdf does not match"):
        call_command("restore", str(tampered), "--noinput")
    assert (site.MEDIA_ROOT / "receipts.pdf").read_bytes() == b"%PDF-1.4 receipt"


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_backup_of_another_database_vendor(site, tmp_path):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    dump = b"a database of the other kind"
    manifest = {"format": 1, "vendor": other, "maklumat_version": "0.1.0", "migrations": {},
                "files": {DATABASE_MEMBER[other]: hashlib.sha256(dump).hexdigest()}}
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as out:
        for name, data in (("manifest.json", json.dumps(manifest).encode()), (DATABASE_MEMBER[other], dump)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match=f"holds a {other} database but this installation uses {connection.vendor}"):
        call_command("restore", str(archive), "--noinput")
    assert ApiToken.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_backup_from_a_newer_version(site, tmp_path):
    archive, newer = tmp_path / "backup.tar.gz", tmp_path / "newer.tar.gz"
    call_command("backup", str(archive))

    def add_migration(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["accounts"].append("9999_from_the_future")
        return json.dumps(manifest).encode()

    _rewrite(archive, newer, add_migration)
    with pytest.raises(CommandError, match="has migration accounts.9999_from_the_future this version does not know"):
        call_command("restore", str(newer), "--noinput")


def test_restore_of_a_missing_file_says_so(db, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("restore", str(tmp_path / "nothing.tar.gz"), "--noinput")


def test_backup_into_a_missing_directory_says_so(db, tmp_path):
    with pytest.raises(CommandError, match=f"directory {tmp_path / 'no'} does not exist"):
        call_command("backup", str(tmp_path / "no" / "b.tar.gz"))
