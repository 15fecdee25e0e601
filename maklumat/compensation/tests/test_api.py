"""API: post applications and events, read decisions; scoped like the pages."""

from __future__ import annotations

from maklumat.accounts.services import token_create
from maklumat.applications.models import Application, ApplicationEvent


def bearer(user):
    return {"Authorization": f"Bearer {token_create(user=user)}"}


NEW = {"number": "BLT-API-1", "service": "baru", "booking": "m_paspor", "smart_queue": True,
       "applicant_name": "Agus Setiawan", "applicant_nik": "3505010101900002"}


def test_counter_posts_an_application_then_events_then_reads_the_decision(client, officer):
    headers = bearer(officer)
    created = client.post("/api/v1/offices/blitar/applications", NEW, content_type="application/json",
                          headers=headers)
    assert created.status_code == 201 and created.json()["applicant_nik_masked"] == "3505••••••••••02"
    for name, at in (("biometric_start", "2025-05-08T10:01:00+07:00"), ("biometric_ticket", "2025-05-08T08:00:00")):
        response = client.post("/api/v1/offices/blitar/applications/BLT-API-1/events", {"name": name, "at": at},
                               content_type="application/json", headers=headers)
        assert response.status_code == 201
    again = client.post("/api/v1/offices/blitar/applications/BLT-API-1/events",
                        {"name": "biometric_ticket", "at": "2025-05-08T01:00:00Z"}, content_type="application/json",
                        headers=headers)
    assert (again.status_code, again.json()["created"]) == (200, False)
    assert ApplicationEvent.objects.count() == 2
    [decision] = client.get("/api/v1/offices/blitar/applications/BLT-API-1/decisions",
                            {"as_of": "2025-05-08T16:00:00+07:00"}, headers=headers).json()
    assert (decision["policy"], decision["decision"], decision["remedies"], decision["claimed"]) == (
        "blitar-2025", "eligible", ["apology", "priority_service", "souvenir"], False)
    assert decision["conditions"][1]["measured"] == 121.0


def test_bad_application_is_refused_with_the_field_and_stores_nothing(client, officer):
    response = client.post("/api/v1/offices/blitar/applications", {**NEW, "booking": "fax"},
                           content_type="application/json", headers=bearer(officer))
    assert response.status_code == 422 and "booking_channel: kanal tidak dikenal: 'fax'" in response.json()["detail"]
    assert Application.objects.count() == 0


def test_unknown_event_is_refused(client, officer):
    headers = bearer(officer)
    client.post("/api/v1/offices/blitar/applications", NEW, content_type="application/json", headers=headers)
    response = client.post("/api/v1/offices/blitar/applications/BLT-API-1/events",
                           {"name": "teleport", "at": "2025-05-08T10:00:00+07:00"}, content_type="application/json",
                           headers=headers)
    assert response.status_code == 422 and "tidak dikenal" in response.json()["detail"]


def test_outsider_gets_404_and_supervisor_cannot_post(client, officer, outsider, supervisor):
    client.post("/api/v1/offices/blitar/applications", NEW, content_type="application/json", headers=bearer(officer))
    assert client.get("/api/v1/offices/blitar/applications/BLT-API-1/decisions",
                      headers=bearer(outsider)).status_code == 404
    assert client.post("/api/v1/offices/blitar/applications", {**NEW, "number": "X"}, content_type="application/json",
                       headers=bearer(outsider)).status_code == 404
    assert client.get("/api/v1/offices/blitar/applications/BLT-API-1/decisions",
                      headers=bearer(supervisor)).status_code == 200
    assert client.post("/api/v1/offices/blitar/applications/BLT-API-1/events",
                       {"name": "payment", "at": "2025-05-08T10:00:00+07:00"}, content_type="application/json",
                       headers=bearer(supervisor)).status_code == 403


def test_openapi_documents_the_endpoints(client, officer):
    paths = client.get("/api/v1/openapi.json", headers=bearer(officer)).json()["paths"]
    assert {"/api/v1/offices/{code}/applications", "/api/v1/offices/{code}/applications/{number}/events",
            "/api/v1/offices/{code}/applications/{number}/decisions"} <= set(paths)
