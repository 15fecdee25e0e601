"""The OpenAPI schema describes the API's errors, enumerations and times (issue 12, item 7).

What the schema promises is checked against real answers by schemathesis (``test_schemathesis.py``,
``.ci/schemathesis``); these fast tests check that every operation makes the promises at all, and a few
answers that the fuzzer cannot judge (an offset beyond ±14:00, a year beyond 8999, the office's offset).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client

from maklumat.accounts.services import token_create

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    """The served schema, fetched once for the module's tests (nothing it writes is kept)."""
    with django_db_blocker.unblock(), transaction.atomic():
        body = Client().get("/api/v1/openapi.json").json()
        transaction.set_rollback(True)
    return body


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def resolve(schema, node):
    while "$ref" in node or len(node.get("allOf", [])) == 1:
        node = node["allOf"][0] if "allOf" in node else schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def test_every_error_answer_is_documented_with_the_detail_schema(schema):
    problems = []
    for name, operation in operations(schema):
        answers = {int(code): answer for code, answer in operation["responses"].items()}
        errors = {code: answer for code, answer in answers.items() if 400 <= code < 500}
        params = {p["in"] for p in operation.get("parameters", [])}
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        public = operation.get("security") is None
        expected = set()
        expected |= {429} if public else {401}
        expected |= {404} if "path" in params else set()
        expected |= {422} if "requestBody" in operation or params & {"query", "header"} else set()
        expected |= {400} if "requestBody" in operation else set()
        expected |= {409} if "Idempotency-Key" in headers else set()
        if missing := expected - set(errors):
            problems.append(f"{name}: {sorted(missing)} not documented")
        if public and 401 in errors:
            problems.append(f"{name}: public, yet documents 401")
        for code, answer in errors.items():
            body = answer.get("content", {}).get("application/json", {}).get("schema", {})
            if body.get("$ref") != "#/components/schemas/ErrorOut":
                problems.append(f"{name}: {code} is not ErrorOut")
            if answer["description"] in ("", "Unknown Status Code"):
                problems.append(f"{name}: {code} without a description")
    assert problems == []
    detail = schema["components"]["schemas"]["ErrorOut"]["properties"]["detail"]
    assert {option.get("type") for option in detail["anyOf"]} == {"string", "array"}


def field(schema, component, name):
    node = resolve(schema, schema["components"]["schemas"][component]["properties"][name])
    if "anyOf" in node:  # optional: the non-null option
        node = resolve(schema, next(option for option in node["anyOf"] if option.get("type") != "null"))
    return node


@pytest.mark.parametrize(("component", "name", "some"), [
    ("ApplicationIn", "booking", {"m_paspor", "walk_in"}),
    ("ApplicationIn", "program", {"in_office", "mpp"}),
    ("ApplicationOut", "booking", {"m_paspor", "walk_in"}),
    ("EventIn", "name", {"queue_ticket", "biometric_start", "handover"}),
    ("EventOut", "name", {"payment", "ready"}),
    ("IssueIn", "ticket_class", {"general", "priority", "compensation"}),
    ("TicketOut", "ticket_class", {"general", "priority", "compensation"}),
    ("TicketOut", "status", {"waiting", "called", "done", "no_show"}),
    ("StaffComplaintIn", "channel", {"walk_in", "letter", "social_media"}),
    ("ComplaintOut", "status", {"open", "paused", "resolved"}),
    ("StepOut", "actor_role", {"kasubsi", "kepala_kantor"}),
    ("DecisionOut", "decision", {"eligible", "not_eligible", "pending", "not_applicable"}),
    ("InvitationIn", "channel", {"kiosk", "qr", "web"}),
    ("IndexOut", "sample_status", {"met", "short", "unknown"}),
    ("OfficeOut", "time_zone", {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"}),
])
def test_enumerations_are_listed(schema, component, name, some):
    assert some <= set(field(schema, component, name)["enum"])


def test_enumeration_names_do_not_collide(schema):
    # complaints and satisfaction both have a ``Channel``: as named components one would replace the other
    complaint = set(field(schema, "StaffComplaintIn", "channel")["enum"])
    survey = set(field(schema, "InvitationIn", "channel")["enum"])
    assert "letter" in complaint and "letter" not in survey and "kiosk" in survey


def test_a_booking_may_only_be_general_or_priority(schema):
    assert set(field(schema, "BookingIn", "ticket_class")["enum"]) == {"general", "priority"}


def test_every_time_field_is_a_date_time(schema):
    names = []
    for component, body in schema["components"]["schemas"].items():
        for name in body.get("properties", {}):
            if name == "at" or name.endswith("_at") or name in ("slot_start", "slot_end"):
                assert field(schema, component, name).get("format") == "date-time", f"{component}.{name}"
                names.append(f"{component}.{name}")
    assert len(names) >= 10
    assert field(schema, "DayOut", "opens")["format"] == "time"


def bearer(user):
    return {"Authorization": f"Bearer {token_create(user=user)}"}


@pytest.mark.parametrize("moment", ["2025-03-03T10:00:00+15:00", "0001-01-01T00:00:00+14:00",
                                    "9999-12-31T23:59:59-14:00", "1999-12-31T23:00:00+07:00"])
def test_a_moment_out_of_range_is_422_naming_the_field(client, officer, moment):
    from maklumat.applications.services import application_create
    from maklumat.standards.models import Service

    application_create(actor=officer, office=officer.office, number="BLT-1", service=Service.objects.first(),
                       booking_channel="walk_in", applicant_name="Siti")
    response = client.post("/api/v1/offices/blitar/applications/BLT-1/events", headers=bearer(officer),
                           data={"name": "payment", "at": moment}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "at"
    decisions = client.get("/api/v1/offices/blitar/applications/BLT-1/decisions", {"as_of": moment},
                           headers=bearer(officer))
    assert decisions.status_code == 422


def test_calendar_hours_carry_the_office_offset_and_bad_ranges_are_422(client, officer, balikpapan):
    from maklumat.accounts.roles import Role
    from maklumat.conftest import make_user

    wita = make_user("loket.bpn", Role.PETUGAS_LOKET, office=balikpapan)
    rows = client.get("/api/v1/offices/balikpapan/calendar?start=2025-03-03&days=1", headers=bearer(wita)).json()
    assert rows[0]["opens"].endswith("+08:00") and rows[0]["closes"].endswith("+08:00")
    for query in ("days=0", "days=367", "start=9999-12-31", "start=0001-01-01"):
        assert client.get(f"/api/v1/offices/blitar/calendar?{query}", headers=bearer(officer)).status_code == 422


def test_complaint_times_are_in_the_office_offset(client, balikpapan):
    from maklumat.accounts.roles import Role
    from maklumat.conftest import make_user

    kakan = make_user("kakan.bpn", Role.KEPALA_KANTOR, office=balikpapan)
    created = client.post("/api/v1/offices/balikpapan/complaints", headers=bearer(kakan),
                          content_type="application/json",
                          data={"channel": "walk_in", "subject": "Antrian lama", "reporter_name": "Siti",
                                "description": "Menunggu tiga jam tanpa kepastian di loket."})
    assert created.status_code == 201, created.content
    code = created.json()["tracking_code"]
    body = client.get(f"/api/v1/offices/balikpapan/complaints/{code}", headers=bearer(kakan)).json()
    moments = [body["received_at"], body["due_at"], *(s["started_at"] for s in body["steps"] if s["started_at"])]
    assert moments and all(moment.endswith("+08:00") for moment in moments)
    public = client.get(f"/api/v1/complaints/public/{code}").json()
    assert public["timeline"] and all(event["at"].endswith("+08:00") for event in public["timeline"])


def test_event_answer_is_in_the_office_offset(client, officer):
    from maklumat.applications.services import application_create
    from maklumat.standards.models import Service

    application_create(actor=officer, office=officer.office, number="BLT-2", service=Service.objects.first(),
                       booking_channel="walk_in", applicant_name="Siti")
    moment = officer.office.local_now() - timedelta(hours=1)
    response = client.post("/api/v1/offices/blitar/applications/BLT-2/events", headers=bearer(officer),
                           data={"name": "queue_ticket", "at": moment.astimezone().isoformat().replace("+00:00", "Z")},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["at"].endswith("+07:00")


def test_a_write_without_valid_credentials_is_401_and_a_session_write_still_needs_csrf(client, officer):
    from django.test import Client

    path = "/api/v1/offices/blitar/queue/tickets"
    body = {"step": "loket"}
    assert client.post(path, body, content_type="application/json").status_code == 401
    wrong = client.post(path, body, content_type="application/json", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json() == {"detail": "Unauthorized"}
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)
    refused = browser.post(path, body, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
