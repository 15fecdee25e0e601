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


def _reference_data_present() -> bool:
    # The last office the seed writes; a transactional test's flush removes it with everything else.
    from maklumat.offices.models import Office

    return Office.objects.filter(code="jayapura").exists()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Reference data is seeded once per test database (STYLE: tests that stay fast); each test's
    transaction is rolled back over it."""
    with django_db_blocker.unblock():
        _seed_reference()


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
def reference_data(db):
    # Seeded once per database; seeded again only after a transactional test flushed the tables.
    if not _reference_data_present():
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
