"""Rate limits that hold: the client address, spoofed X-Forwarded-For, shared counts, every public endpoint."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import uuid

import pytest
from django.test import RequestFactory, override_settings

from maklumat.lib.ratelimit import client_address


def request_from(remote="192.0.2.10", forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_trusted_proxies_the_socket_address_is_the_client():
    assert client_address(request_from(forwarded="203.0.113.5, 10.0.0.1")) == "192.0.2.10"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_one_trusted_proxy_means_the_last_forwarded_hop():
    # the client wrote "1.1.1.1" itself; our proxy appended the address it saw
    assert client_address(request_from(forwarded="1.1.1.1, 203.0.113.5")) == "203.0.113.5"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_two_trusted_proxies_mean_the_second_hop_from_the_right():
    assert client_address(request_from(forwarded="1.1.1.1, 203.0.113.5, 10.0.0.2")) == "203.0.113.5"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_trusted_proxy_without_forwarded_for_falls_back_to_the_socket_address():
    assert client_address(request_from(forwarded="")) == "192.0.2.10"


@override_settings(PUBLIC_RATE_LIMIT=3, TRUSTED_PROXY_COUNT=0)
def test_a_new_spoofed_forwarded_for_per_request_is_still_limited(client, reference_data):
    statuses = [client.get("/kantor/blitar/standar/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
                for n in range(4)]
    assert statuses == [200, 200, 200, 429]


# A small limit keeps the requests inside one fixed counting window (a minute) even on a slow machine.
@override_settings(PUBLIC_RATE_LIMIT=3, TRUSTED_PROXY_COUNT=0)
def test_the_public_complaint_api_is_limited_despite_spoofed_forwarded_for(client, pamekasan):
    statuses = [client.get("/api/v1/complaints/public/ADU-AAAA-AAAA", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
                .status_code for n in range(4)]
    assert statuses == [404, 404, 404, 429]


@override_settings(TRUSTED_PROXY_COUNT=1, PUBLIC_RATE_LIMIT=2)
def test_behind_a_trusted_proxy_two_clients_count_separately(client, reference_data):
    first = [client.get("/kantor/blitar/standar/", HTTP_X_FORWARDED_FOR="203.0.113.1").status_code for _ in range(3)]
    other = client.get("/kantor/blitar/standar/", HTTP_X_FORWARDED_FOR="203.0.113.2").status_code
    assert (first, other) == ([200, 200, 429], 200)


@override_settings(PUBLIC_RATE_LIMIT=3)
def test_guessed_survey_qr_tokens_get_429_after_the_limit(client, db):
    api = [client.get(f"/api/v1/survei/GUESS{n:05d}/qr.png").status_code for n in range(4)]
    page = [client.get(f"/survei/GUESS{n:05d}/qr.svg").status_code for n in range(4)]
    assert api == [404, 404, 404, 429] and page == [404, 404, 404, 429]


@override_settings(PUBLIC_RATE_LIMIT=1)
def test_the_429_api_answer_is_json(client, db):
    client.get("/api/v1/survei/GUESS00001/qr.png")
    response = client.get("/api/v1/survei/GUESS00002/qr.png")
    assert response.status_code == 429 and response["Content-Type"].startswith("application/json")


@override_settings(PUBLIC_RATE_LIMIT=1)
def test_the_429_page_is_the_styled_page(client, reference_data):
    client.get("/kantor/blitar/standar/")
    response = client.get("/kantor/blitar/standar/")
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "Terlalu banyak permintaan" in response.content.decode()


@override_settings(PUBLIC_RATE_LIMIT=1)
def test_signed_in_staff_are_not_limited(client_of, officer):
    staff = client_of(officer)
    assert [staff.get("/kantor/blitar/standar/").status_code for _ in range(3)] == [200, 200, 200]


@override_settings(PUBLIC_RATE_LIMIT=2)
def test_the_login_page_is_limited_per_address(client, db):
    assert [client.get("/masuk/").status_code for _ in range(3)] == [200, 200, 429]


WORKER = textwrap.dedent("""
    import sys

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import RequestFactory

    from maklumat.lib.ratelimit import PublicThrottle

    call_command("createcachetable", verbosity=0)
    group, hits = sys.argv[1], int(sys.argv[2])
    throttle = PublicThrottle(group, limit=10)
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.77")
    print(sum(throttle.allow_request(request) for _ in range(hits)))
""")


def _run_workers(env, group):
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, group, "8"], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True) for _ in range(2)]
    allowed = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        allowed.append(int(out.strip()))
    return allowed


def test_two_worker_processes_share_one_limit(tmp_path):
    # given two separate processes with the same settings and data directory (no Redis)
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(MAKLUMAT_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="maklumat.settings")
    subprocess.run([sys.executable, "-c", "import django; django.setup(); from django.core.management import "
                    "call_command; call_command('createcachetable')"], env=env, check=True, timeout=120)
    # when each makes 8 requests from one client against a limit of 10 a minute, at the same time
    allowed = _run_workers(env, f"shared-{uuid.uuid4().hex}")
    # then exactly 10 are allowed between them (not 16: one count, not one per worker)
    assert sum(allowed) == 10


@pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL")
def test_two_worker_processes_share_one_limit_on_postgresql(tmp_path, django_db_setup):
    from django.db import connection

    # the workers count in this run's test database (its cache table exists; groups are unique)
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(MAKLUMAT_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="maklumat.settings", DATABASE_URL=url)
    subprocess.run([sys.executable, "-c", "import django; django.setup(); from django.core.management import "
                    "call_command; call_command('createcachetable')"], env=env, check=True, timeout=120)
    assert sum(_run_workers(env, f"shared-{uuid.uuid4().hex}")) == 10


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_the_login_lockout_gets_a_valid_address_or_none():
    from maklumat.lib.ratelimit import login_client_address

    assert login_client_address(request_from(forwarded="203.0.113.5")) == "203.0.113.5"
    assert login_client_address(request_from(forwarded="not-an-address")) is None
    assert login_client_address(RequestFactory().get("/", REMOTE_ADDR="")) is None


@override_settings(PUBLIC_RATE_LIMIT=3, TRUSTED_PROXY_COUNT=0)
def test_both_health_probes_are_limited_per_client_address(client, db):
    api = [client.get("/api/v1/queue/health").status_code for _ in range(4)]
    page = [client.get("/health/").status_code for _ in range(4)]
    assert api == [200, 200, 200, 429] and page == [200, 200, 200, 429]
    other = client.get("/health/", REMOTE_ADDR="192.0.2.99")
    assert other.status_code == 200
    limited = client.get("/health/")
    assert limited.json()["ok"] is False and limited["Retry-After"] == "60"


@override_settings(PUBLIC_RATE_LIMIT=3)
def test_the_health_probe_still_answers_when_its_limit_cannot_be_counted(client, db, monkeypatch):
    from maklumat.ops import health

    def store_down(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(health, "over_public_limit", store_down)
    assert client.get("/health/").json() == {"ok": True, "database": "ok"}
