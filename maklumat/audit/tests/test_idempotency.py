"""Retries never duplicate: the Idempotency-Key header on ticket issue, complaint intake and application writes."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from maklumat.accounts.roles import Role
from maklumat.accounts.services import token_create
from maklumat.applications.models import Application, ApplicationEvent
from maklumat.audit.idempotency import IdempotencyConflict, idempotency_claim, request_fingerprint
from maklumat.audit.models import AuditEntry, IdempotencyRecord
from maklumat.complaints.models import Complaint
from maklumat.conftest import make_user
from maklumat.queueing.models import Ticket


def bearer(user, key=None):
    headers = {"Authorization": f"Bearer {token_create(user=user)}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return headers


NEW = {"number": "BLT-IDEM-1", "service": "baru", "booking": "m_paspor", "smart_queue": True,
       "applicant_name": "Agus Setiawan", "applicant_nik": "3505010101900002"}
PUBLIC = {"office": "pamekasan", "subject": "AC ruang tunggu mati", "reporter_name": "Budi",
          "description": "AC ruang tunggu tidak menyala sejak pagi hari ini.", "reporter_email": "budi@example.test"}
APPS = "/api/v1/offices/blitar/applications"


def post(client, path, body, headers=None):
    return client.post(path, body, content_type="application/json", headers=headers or {})


@pytest.fixture
def duta(blitar):
    return make_user("duta.blitar", Role.DUTA_LAYANAN, office=blitar)


def test_a_retried_application_create_returns_the_first_answer_and_stores_nothing(client, officer):
    headers = bearer(officer, "key-1")  # making a token is audited too: make it once
    first = post(client, APPS, NEW, headers)
    rows = (Application.objects.count(), AuditEntry.objects.count(), IdempotencyRecord.objects.count())
    again = post(client, APPS, NEW, headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert (Application.objects.count(), AuditEntry.objects.count(), IdempotencyRecord.objects.count()) == rows
    assert rows == (1, rows[1], 1)


def test_without_a_key_a_repeat_is_the_unchanged_behaviour(client, officer):
    assert post(client, APPS, NEW, bearer(officer)).status_code == 201
    again = post(client, APPS, NEW, bearer(officer))
    assert again.status_code == 422 and Application.objects.count() == 1
    assert IdempotencyRecord.objects.count() == 0


def test_the_same_key_with_a_different_body_is_409_and_stores_nothing(client, officer):
    post(client, APPS, NEW, bearer(officer, "key-1"))
    changed = post(client, APPS, {**NEW, "number": "BLT-IDEM-2"}, bearer(officer, "key-1"))
    assert changed.status_code == 409
    assert "different request" in changed.json()["detail"]
    assert list(Application.objects.values_list("number", flat=True)) == ["BLT-IDEM-1"]


def test_key_order_and_spacing_of_the_body_do_not_make_a_different_request():
    assert request_fingerprint(method="POST", path="/p", body=b'{"a": 1, "b": 2}', scope="user:1") == \
        request_fingerprint(method="post", path="/p", body=b'{"b":2,"a":1}', scope="user:1")
    assert request_fingerprint(method="POST", path="/p", body=b'{"a":1}', scope="user:1") != \
        request_fingerprint(method="POST", path="/p", body=b'{"a":1}', scope="user:2")


def test_a_refused_request_releases_the_key_so_the_corrected_retry_runs(client, officer):
    refused = post(client, APPS, {**NEW, "booking": "fax"}, bearer(officer, "key-1"))
    assert refused.status_code == 422 and IdempotencyRecord.objects.count() == 0
    # a different body under the same key is fine now: nothing was answered under it
    assert post(client, APPS, NEW, bearer(officer, "key-1")).status_code == 201


def test_the_key_belongs_to_the_caller_another_user_with_the_same_key_is_a_new_request(client, officer, blitar):
    other = make_user("loket2.blitar", Role.PETUGAS_LOKET, office=blitar)
    assert post(client, APPS, NEW, bearer(officer, "shared")).status_code == 201
    second = post(client, APPS, {**NEW, "number": "BLT-IDEM-2"}, bearer(other, "shared"))
    assert second.status_code == 201 and Application.objects.count() == 2


def test_a_retried_event_record_is_replayed_with_its_first_status(client, officer):
    post(client, APPS, NEW, bearer(officer))
    event = {"name": "biometric_start", "at": "2025-05-08T10:01:00+07:00"}
    first = post(client, f"{APPS}/BLT-IDEM-1/events", event, bearer(officer, "ev-1"))
    again = post(client, f"{APPS}/BLT-IDEM-1/events", event, bearer(officer, "ev-1"))
    assert (first.status_code, again.status_code) == (201, 201)  # without the key the repeat would be 200
    assert again.json() == first.json() and ApplicationEvent.objects.count() == 1


def test_a_retried_ticket_issue_gives_the_same_number_and_no_second_ticket(client, duta, blitar):
    body = {"step": "intake", "ticket_class": "general"}
    first = post(client, "/api/v1/offices/blitar/queue/tickets", body, bearer(duta, "kiosk-7"))
    again = post(client, "/api/v1/offices/blitar/queue/tickets", body, bearer(duta, "kiosk-7"))
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["number"] == first.json()["number"] == "A-001"
    assert Ticket.objects.count() == 1


def test_a_retried_public_complaint_keeps_one_complaint_and_one_tracking_code(client, pamekasan):
    first = post(client, "/api/v1/complaints/public", PUBLIC, {"Idempotency-Key": "anon-1"})
    again = post(client, "/api/v1/complaints/public", PUBLIC, {"Idempotency-Key": "anon-1"})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and Complaint.objects.count() == 1


def test_a_retried_staff_complaint_intake_stores_one_complaint(client, pamekasan):
    team = make_user("yankomas.pamekasan", Role.PETUGAS_YANKOMAS, office=pamekasan)
    body = {"channel": "walk_in", "subject": "Antrian lama", "description": "Menunggu tiga jam tanpa kepastian.",
            "reporter_name": "Sari", "reporter_phone": "081234567890"}
    first = post(client, "/api/v1/offices/pamekasan/complaints", body, bearer(team, "desk-1"))
    again = post(client, "/api/v1/offices/pamekasan/complaints", body, bearer(team, "desk-1"))
    assert (first.status_code, again.status_code) == (201, 201), first.content
    assert again.json() == first.json() and Complaint.objects.count() == 1


def test_an_unusable_key_is_422_naming_the_header(client, officer):
    response = post(client, APPS, NEW, bearer(officer, "x" * 201))
    assert response.status_code == 422 and Application.objects.count() == 0


def test_a_key_expires_after_24_hours(db):
    now = timezone.now()
    record, replay = idempotency_claim(scope="user:1", key="k", fingerprint="a", now=now)
    record.status_code, record.body = 201, {"ok": True}
    record.save()
    assert idempotency_claim(scope="user:1", key="k", fingerprint="a", now=now + timedelta(hours=23))[1] is True
    with pytest.raises(IdempotencyConflict):
        idempotency_claim(scope="user:1", key="k", fingerprint="b", now=now + timedelta(hours=23))
    fresh, replay = idempotency_claim(scope="user:1", key="k", fingerprint="b", now=now + timedelta(hours=24))
    assert replay is False and fresh.pk != record.pk and IdempotencyRecord.objects.count() == 1


def test_a_second_request_while_the_first_is_running_is_409_in_progress(db):
    idempotency_claim(scope="user:1", key="k", fingerprint="a")
    with pytest.raises(IdempotencyConflict, match="in progress"):
        idempotency_claim(scope="user:1", key="k", fingerprint="a")


def test_the_openapi_schema_documents_the_header(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/offices/{code}/queue/tickets", "/api/v1/complaints/public",
                 "/api/v1/offices/{code}/complaints", "/api/v1/offices/{code}/applications",
                 "/api/v1/offices/{code}/applications/{number}/events"):
        params = schema["paths"][path]["post"]["parameters"]
        [header] = [p for p in params if p["name"] == "Idempotency-Key"]
        assert header["in"] == "header" and header["required"] is False
        assert "24 h" in header["description"]


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_with_one_key_execute_once(officer):
    if connection.vendor != "postgresql":
        pytest.skip("real parallel requests need PostgreSQL; SQLite serialises writers")
    headers = bearer(officer, "parallel-1")

    def send(_):
        try:
            return post(Client(), APPS, NEW, headers).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = sorted(pool.map(send, range(16)))
    assert Application.objects.count() == 1
    assert set(codes) <= {201, 409} and 201 in codes
    assert IdempotencyRecord.objects.get().status_code == 201
