"""The queue API for kiosks and counters: bearer tokens, roles, scoping, refusals as 409."""

from __future__ import annotations

from maklumat.accounts.services import token_create
from maklumat.queueing.models import Ticket


def bearer(user):
    return {"Authorization": f"Bearer {token_create(user=user)}"}


def test_kiosk_issues_and_a_counter_calls_through_the_api(client, duta, officer, queue):
    response = client.post("/api/v1/offices/blitar/queue/tickets", {"step": "intake", "ticket_class": "general"},
                           content_type="application/json", headers=bearer(duta))
    assert response.status_code == 201
    body = response.json()
    assert (body["number"], body["ticket_class"], body["step"], body["status"]) == ("A-001", "general", "intake",
                                                                                    "waiting")
    assert body["estimated_wait_minutes"] == 0
    counter = queue.counters["Loket 1"]
    headers = bearer(officer)
    called = client.post(f"/api/v1/offices/blitar/queue/counters/{counter.pk}/call-next", headers=headers).json()
    assert (called["ticket"]["number"], called["ticket"]["counter"]) == ("A-001", "Loket 1")
    moved = client.post(f"/api/v1/offices/blitar/queue/counters/{counter.pk}/transfer", {"step": "biometric"},
                        content_type="application/json", headers=headers).json()
    assert (moved["step"], moved["status"]) == ("biometric", "waiting")
    empty = client.post(f"/api/v1/offices/blitar/queue/counters/{counter.pk}/call-next", headers=headers).json()
    assert empty == {"ticket": None}
    calls = client.get("/api/v1/offices/blitar/queue/calls", headers=headers).json()
    assert [c["number"] for c in calls] == ["A-001"]


def test_refused_actions_answer_409_with_the_reason(client, officer, queue):
    counter = queue.counters["Loket 1"]
    response = client.post(f"/api/v1/offices/blitar/queue/counters/{counter.pk}/end", headers=bearer(officer))
    assert response.status_code == 409
    assert "Tidak ada nomor" in response.json()["detail"]


def test_unknown_step_is_422(client, duta, queue):
    response = client.post("/api/v1/offices/blitar/queue/tickets", {"step": "nope"},
                           content_type="application/json", headers=bearer(duta))
    assert response.status_code == 422
    assert Ticket.objects.count() == 0


def test_outsider_token_gets_404(client, outsider, queue):
    headers = bearer(outsider)
    counter = queue.counters["Loket 1"]
    assert client.post("/api/v1/offices/blitar/queue/tickets", {"step": "intake"}, content_type="application/json",
                       headers=headers).status_code == 404
    assert client.post(f"/api/v1/offices/blitar/queue/counters/{counter.pk}/call-next",
                       headers=headers).status_code == 404
    assert client.get("/api/v1/offices/blitar/queue/waiting", headers=headers).status_code == 404


def test_a_role_that_may_not_serve_gets_403(client, duta, queue):
    counter = queue.counters["Loket 1"]
    assert client.post(f"/api/v1/offices/blitar/queue/counters/{counter.pk}/call-next",
                       headers=bearer(duta)).status_code == 403


def test_api_needs_a_token(client, queue):
    assert client.post("/api/v1/offices/blitar/queue/tickets", {"step": "intake"},
                       content_type="application/json").status_code == 401


def test_queue_endpoints_are_in_the_openapi_spec(client, reference_data):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/offices/{code}/queue/tickets" in paths
    assert "/api/v1/offices/{code}/queue/counters/{counter_id}/call-next" in paths


def test_waiting_counts_per_step(client, officer, duta, queue):
    client.post("/api/v1/offices/blitar/queue/tickets", {"step": "intake", "ticket_class": "priority"},
                content_type="application/json", headers=bearer(duta))
    rows = {r["step"]: r for r in client.get("/api/v1/offices/blitar/queue/waiting", headers=bearer(officer)).json()}
    assert rows["intake"] == {"step": "intake", "general": 0, "priority": 1, "compensation": 0}


def test_bookings_register_idempotently_and_then_check_in(client, kasubsi, duta, queue):
    from django.utils import timezone

    now = timezone.now()
    rows = [{"code": "mp001", "applicant_name": "Sri", "slot_start": now.isoformat(),
             "slot_end": (now + timezone.timedelta(minutes=30)).isoformat(), "ticket_class": "priority"}]
    headers = bearer(kasubsi)
    first = client.post("/api/v1/offices/blitar/queue/bookings", rows, content_type="application/json",
                        headers=headers)
    again = client.post("/api/v1/offices/blitar/queue/bookings", rows, content_type="application/json",
                        headers=headers)
    assert first.json() == [{"code": "MP001", "created": True, "checked_in": False}]
    assert again.json() == [{"code": "MP001", "created": False, "checked_in": False}]
    ticket = client.post("/api/v1/offices/blitar/queue/check-in", {"code": "MP001"}, content_type="application/json",
                         headers=bearer(duta))
    assert (ticket.status_code, ticket.json()["number"]) == (201, "P-001")


def test_a_bad_booking_row_rejects_the_whole_batch_naming_the_row(client, kasubsi, queue):
    from django.utils import timezone

    from maklumat.queueing.models import Booking

    now = timezone.now()
    good = {"code": "OK1", "applicant_name": "A", "slot_start": now.isoformat(),
            "slot_end": (now + timezone.timedelta(minutes=30)).isoformat()}
    bad = {**good, "code": "BAD2", "slot_end": (now - timezone.timedelta(minutes=1)).isoformat()}
    response = client.post("/api/v1/offices/blitar/queue/bookings", [good, bad], content_type="application/json",
                           headers=bearer(kasubsi))
    assert response.status_code == 422
    assert response.json()["detail"].startswith("baris 2 (BAD2): slot_end: Slot selesai sebelum mulai")
    assert Booking.objects.count() == 0


def test_counter_officers_cannot_register_bookings(client, officer, queue):
    assert client.post("/api/v1/offices/blitar/queue/bookings", [], content_type="application/json",
                       headers=bearer(officer)).status_code == 403
