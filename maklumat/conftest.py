"""Fixtures every area's tests share: the seeded offices and people inside and outside them.

The standard cast (STYLE.md): an ``officer`` of Blitar, a ``kasubsi`` of Blitar, the
Jawa Timur Kanwil ``supervisor`` (reaches Blitar and Pamekasan), a ``national`` supervisor,
and an ``outsider``: an officer of Balikpapan who must never see Blitar's data.
"""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from maklumat.accounts.models import User
from maklumat.accounts.roles import Role


def _seed_reference() -> None:
    from maklumat.portal.management.commands.seed import run_seed_steps

    run_seed_steps("seed_reference", lambda message: None)


# The reference rows of the areas' tables as the first seeding wrote them, per test database: a
# transactional test's flush empties the tables, and copying the rows back takes a fraction of
# running the seed steps again (which check and create row by row).
_REFERENCE_ROWS: list[tuple[str, list[str], object]] = []


def _area_tables() -> list[str]:
    from django.apps import apps
    from django.conf import settings

    return [model._meta.db_table for config in apps.get_app_configs() if config.name in settings.MAKLUMAT_AREAS
            for model in config.get_models(include_auto_created=True) if model._meta.managed and not model._meta.proxy]


def _snapshot_reference() -> list[tuple[str, list[str], object]]:
    """Every non-empty area table's rows: PostgreSQL's COPY text, or SQLite's quoted literals."""
    from django.db import connection

    snapshot = []
    with connection.cursor() as cursor:
        for table in _area_tables():
            if connection.vendor == "postgresql":
                with cursor.copy(f'COPY "{table}" TO STDOUT') as copy:
                    data = b"".join(bytes(chunk) for chunk in copy)
                if data:
                    snapshot.append((table, [], data))
            else:  # each row as an SQL literal (quote()): stored values come back exactly, untyped
                cursor.execute(f'SELECT * FROM "{table}" LIMIT 0')
                columns = [column[0] for column in cursor.description]
                literal = " || ',' || ".join(f'quote("{column}")' for column in columns)
                cursor.execute(f'SELECT \'(\' || {literal} || \')\' FROM "{table}"')
                rows = [row[0] for row in cursor.fetchall()]
                if rows:
                    snapshot.append((table, columns, rows))
    return snapshot


def _restore_reference() -> None:
    """Copy the snapshot back into the emptied tables (foreign keys are checked at commit, so the order
    does not matter). Django's own tables are not in it: the flush's post_migrate rebuilt the content
    types and permissions with new ids, so the accounts seed step makes the office-admin group again."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from maklumat.accounts.seed import seed_reference as seed_groups

    with transaction.atomic(), connection.cursor() as cursor:
        for table, columns, payload in _REFERENCE_ROWS:
            if connection.vendor == "postgresql":
                with cursor.copy(f'COPY "{table}" FROM STDIN') as copy:
                    copy.write(payload)
            else:
                names = ", ".join(f'"{column}"' for column in columns)
                for start in range(0, len(payload), 400):  # SQLite takes at most 500 rows per VALUES
                    cursor.execute(f'INSERT INTO "{table}" ({names}) VALUES {", ".join(payload[start:start + 400])}')
        if connection.vendor == "postgresql":  # a flush with reset_sequences restarts them below the copied ids
            from django.apps import apps

            restored = {table for table, _, _ in _REFERENCE_ROWS}
            models = [model for model in apps.get_models(include_auto_created=True) if model._meta.db_table in restored]
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        seed_groups(lambda message: None)


def _reference_data_present() -> bool:
    # The last office the seed writes; a transactional test's flush removes it with everything else.
    from maklumat.offices.models import Office

    return Office.objects.filter(code="jayapura").exists()


def _record_migrations_as_applied() -> None:
    """The test databases are created from the models (``--no-migrations`` in pyproject: replaying
    every migration's model states takes each worker ~8 s). Every migration on disk is recorded as
    applied, so commands that check the migration plan see a migrated database, as in production.
    ``portal/tests/test_migrations.py`` proves the migrations build exactly these models."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder
    from django.test.utils import override_settings

    with override_settings(MIGRATION_MODULES={}):
        loader = MigrationLoader(None, ignore_no_migrations=True)
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    applied = set(recorder.applied_migrations())
    recorder.migration_qs.bulk_create([recorder.Migration(app=app, name=name)
                                       for app, name in sorted(loader.disk_migrations) if (app, name) not in applied])


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference data is seeded once per test database (STYLE: tests that stay fast); each test's
    transaction is rolled back over it."""
    with django_db_blocker.unblock():
        _record_migrations_as_applied()
        _seed_reference()
        _REFERENCE_ROWS[:] = _snapshot_reference()


@pytest.fixture(autouse=True)
def _fresh_hot_caches():
    """Per-process caches of rows (lib.cache.hot, audit chain heads) hold nothing from an earlier test,
    whose transaction was rolled back or whose tables were flushed."""
    from maklumat.audit.fastpath import forget_heads
    from maklumat.lib.cache import hot

    hot.clear_local()
    forget_heads()
    yield


@pytest.fixture(autouse=True)
def _one_rate_limit_window_per_test(monkeypatch):
    """django-ratelimit counts in fixed windows that end on a staggered second of each minute: a test
    sending its limit + 1 requests across such an edge would see its count restart. Every test reads
    the windows as they were when it began."""
    from django_ratelimit import core

    began = int(time.time())
    monkeypatch.setattr(core, "time", SimpleNamespace(time=lambda: began))


@pytest.fixture
def migrations_on_disk(settings):
    """The migration modules switched back on, for what compares migrations with the ones on disk (the
    suite's databases are built from the models: ``--no-migrations``, ``_record_migrations_as_applied``)."""
    settings.MIGRATION_MODULES = {}


@pytest.fixture
def reference_data(db):
    # Seeded once per database; copied back only after a transactional test flushed the tables.
    if not _reference_data_present():
        if _REFERENCE_ROWS:
            _restore_reference()
        else:
            _seed_reference()


@pytest.fixture
def blitar(reference_data):
    from maklumat.offices.models import Office

    return Office.objects.get(code="blitar")


@pytest.fixture
def balikpapan(reference_data):
    from maklumat.offices.models import Office

    return Office.objects.get(code="balikpapan")


@pytest.fixture
def pamekasan(reference_data):
    from maklumat.offices.models import Office

    return Office.objects.get(code="pamekasan")


@pytest.fixture
def jayapura(reference_data):
    """An office in WIT (UTC+9), for day-boundary tests."""
    from maklumat.offices.models import Office

    return Office.objects.get(code="jayapura")


@pytest.fixture
def muara_enim(reference_data):
    from maklumat.offices.models import Office

    return Office.objects.get(code="muara-enim")


def make_user(username: str, role: str, office=None, kanwil=None, **extra) -> User:
    user = User.objects.create_user(username=username, password="x-test-password-1", role=role,
                                    office=office, kanwil=kanwil, **extra)
    return user


@pytest.fixture
def officer(blitar):
    return make_user("loket.blitar", Role.PETUGAS_LOKET, office=blitar, first_name="Budi")


@pytest.fixture
def kasubsi(blitar):
    return make_user("kasubsi.blitar", Role.KASUBSI, office=blitar)


@pytest.fixture
def supervisor(blitar):
    return make_user("kanwil.jatim", Role.SUPERVISOR_KANWIL, kanwil=blitar.kanwil)


@pytest.fixture
def national(reference_data):
    return make_user("pusat", Role.SUPERVISOR_NASIONAL)


@pytest.fixture
def outsider(balikpapan):
    return make_user("loket.balikpapan", Role.PETUGAS_LOKET, office=balikpapan)


@pytest.fixture
def client_of(client):
    """``client_of(user)``: the test client signed in as ``user``."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def pytest_configure(config):
    """Tests hash passwords with a fast hasher: PBKDF2 costs ~1 s per user on this machine."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # WhiteNoise walks every static file of every app when a handler is built, and each test's client
    # builds one: tests serve only collected files (none), a production worker walks the tree once.
    # portal/tests/test_static_assets.py serves the assets through the finders as the demo does.
    settings.WHITENOISE_USE_FINDERS = False


def run_command(command: str, args: list[str], stdin: str = "") -> tuple[int, str, str]:
    """Run a management command with byte-level stdin/stdout like a shell would; (exit status, stdout, stderr)."""
    import io
    import sys

    from django.core.management import call_command

    streams = {name: io.TextIOWrapper(io.BytesIO(), encoding="utf-8") for name in ("stdout", "stderr")}
    stdin_stream = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = stdin_stream, streams["stdout"], streams["stderr"]
    code = 0
    try:
        call_command(command, *args)
    except SystemExit as exc:
        code = exc.code
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    values = []
    for stream in streams.values():
        stream.flush()
        values.append(stream.buffer.getvalue().decode())
    return code, values[0], values[1]
