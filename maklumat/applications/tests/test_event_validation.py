"""No stored value can break a page: event moments in a sane window at every entry (service, form, API),
bad text refused naming the field, events entered by mistake voided (not deleted) and no longer counted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from maklumat.accounts.services import token_create
from maklumat.applications.models import Application, ApplicationEvent
from maklumat.applications.selectors import application_event_times, application_timeline
from maklumat.applications.services import application_create, application_event_record, application_event_void
from maklumat.audit.models import AuditEntry
from maklumat.standards.models import Service

WIB = ZoneInfo("Asia/Jakarta")
PAGE = "/kantor/blitar/permohonan/BLT-7/"


@pytest.fixture
def application(blitar, officer):
    return application_create(actor=officer, office=blitar, number="BLT-7", service=Service.objects.get(code="baru"),
                              booking_channel="m_paspor", applicant_name="Dewi Anggraini")


def bearer(user):
    return {"Authorization": f"Bearer {token_create(user=user)}"}


@pytest.mark.parametrize("at, message", [
    (datetime(1, 1, 1, tzinfo=UTC), "terlalu lampau"),
    (datetime(1999, 12, 31, 16, 59, tzinfo=UTC), "terlalu lampau"),
    (datetime(9999, 12, 31, 23, 59, tzinfo=UTC), "masa depan"),
])
def test_service_refuses_implausible_event_moments_naming_the_field(application, officer, at, message):
    with pytest.raises(ValidationError) as refused:
        application_event_record(application=application, name="payment", at=at, actor=officer)
    assert list(refused.value.message_dict) == ["at"] and message in refused.value.message_dict["at"][0]
    assert ApplicationEvent.all_objects.count() == 0


def test_a_few_minutes_ahead_is_tolerated_more_is_refused(application, officer):
    now = timezone.now()
    application_event_record(application=application, name="payment", at=now + timedelta(minutes=3), actor=officer)
    with pytest.raises(ValidationError):
        application_event_record(application=application, name="allocation", at=now + timedelta(minutes=30),
                                 actor=officer)


@pytest.mark.parametrize("field, value", [("note", "x" * 301), ("note", "a\x00b"), ("source", "s" * 41)])
def test_service_refuses_bad_text_naming_the_field(application, officer, field, value):
    with pytest.raises(ValidationError) as refused:
        application_event_record(application=application, name="payment", at=timezone.now(), actor=officer,
                                 **{field: value})
    assert list(refused.value.message_dict) == [field]


@pytest.mark.parametrize("raw", ["0001-01-01T00:00", "9999-12-31T23:59", "2025-05-08T09:00+15:00",
                                 "2025-05-08T09:00\x00", "besok pagi"])
def test_form_refuses_implausible_times_with_a_message_naming_the_field(client_of, officer, application, raw):
    response = client_of(officer).post(f"{PAGE}peristiwa/", {"name": "payment", "at": raw}, follow=True)
    assert response.status_code == 200
    assert "at:" in response.content.decode()
    assert ApplicationEvent.all_objects.count() == 0


@pytest.mark.parametrize("payload, field", [
    ({"name": "payment", "at": "0001-01-01T00:00:00+07:00"}, "at"),
    ({"name": "payment", "at": "9999-12-31T23:59:59+07:00"}, "at"),
    ({"name": "payment", "at": "2025-05-08T09:00:00+14:30"}, "at"),
    ({"name": "payment", "at": "2025-05-08T09:00:00+07:00", "note": "n\u0000"}, "note"),
    ({"name": "payment", "at": "2025-05-08T09:00:00+07:00", "note": "n" * 301}, "note"),
    ({"name": "payment\u0000", "at": "2025-05-08T09:00:00+07:00"}, "name"),
])
def test_api_answers_4xx_naming_the_field_never_500(client, officer, application, payload, field):
    response = client.post("/api/v1/offices/blitar/applications/BLT-7/events", payload,
                           content_type="application/json", headers=bearer(officer))
    assert 400 <= response.status_code < 500
    assert field in response.content.decode()
    assert ApplicationEvent.all_objects.count() == 0


def test_api_refuses_nul_and_overlong_application_fields(client, officer, blitar):
    base = {"number": "BLT-9", "service": "baru", "booking": "m_paspor", "applicant_name": "Agus"}
    for change, field in (({"applicant_name": "A\u0000"}, "applicant_name"), ({"number": "N" * 41}, "number"),
                          ({"service": "baru\u0000"}, "service")):
        response = client.post("/api/v1/offices/blitar/applications", {**base, **change},
                               content_type="application/json", headers=bearer(officer))
        assert response.status_code == 422 and field in response.content.decode()
    assert Application.objects.count() == 0


def test_voided_event_no_longer_counts_and_is_audited(application, officer, kasubsi):
    # Given a payment entered on the wrong day
    wrong, _ = application_event_record(application=application, name="payment",
                                        at=datetime(2025, 5, 5, 10, tzinfo=WIB), actor=officer)
    application_event_record(application=application, name="payment", at=datetime(2025, 5, 8, 10, tzinfo=WIB),
                             actor=officer)
    assert application_event_times(application)["payment"] == datetime(2025, 5, 5, 10, tzinfo=WIB)
    # When a Kasubsi voids it
    application_event_void(actor=kasubsi, event=wrong, reason="tanggal salah")
    # Then the clocks read the right payment; the voided row is kept, marked, and audited
    assert application_event_times(application)["payment"] == datetime(2025, 5, 8, 10, tzinfo=WIB)
    timeline = application_timeline(application, as_of=datetime(2025, 5, 9, tzinfo=WIB))
    allocation = next(d for d in timeline["deadlines"] if d.code == "allocation")
    assert allocation.starts == datetime(2025, 5, 8, 10, tzinfo=WIB)
    assert [row["event"].is_voided for row in timeline["events"]] == [True, False]
    entry = AuditEntry.objects.get(action="application.event_void")
    assert (entry.actor, entry.after) == (kasubsi, {"voided": True, "reason": "tanggal salah"})
    assert ApplicationEvent.objects.count() == 1 and ApplicationEvent.all_objects.count() == 2


def test_a_voided_event_can_be_entered_again_correctly(application, officer, kasubsi):
    moment = datetime(2025, 5, 8, 10, tzinfo=WIB)
    event, _ = application_event_record(application=application, name="payment", at=moment, actor=officer)
    application_event_void(actor=kasubsi, event=event, reason="bukan pemohon ini")
    again, created = application_event_record(application=application, name="payment", at=moment, actor=officer)
    assert created and again.pk != event.pk


def test_counter_officer_cannot_void_and_a_reason_is_required(client_of, application, officer, kasubsi):
    event, _ = application_event_record(application=application, name="payment", at=timezone.now(), actor=officer)
    with pytest.raises(PermissionDenied):
        application_event_void(actor=officer, event=event, reason="salah")
    assert client_of(officer).post(f"{PAGE}peristiwa/{event.pk}/batal/", {"reason": "salah"}).status_code == 403
    with pytest.raises(ValidationError) as refused:
        application_event_void(actor=kasubsi, event=event, reason="")
    assert list(refused.value.message_dict) == ["reason"]
    assert ApplicationEvent.objects.count() == 1


def test_outsider_gets_404_on_void(client_of, application, officer, outsider):
    event, _ = application_event_record(application=application, name="payment", at=timezone.now(), actor=officer)
    assert client_of(outsider).post(f"{PAGE}peristiwa/{event.pk}/batal/", {"reason": "x"}).status_code == 404


@pytest.mark.parametrize("at", [datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, 59, tzinfo=UTC)])
def test_a_stored_event_at_year_1_or_9999_breaks_no_page_and_can_be_voided(client_of, application, kasubsi, at):
    # Given an event stored at 0001-01-01 (or 9999) before the validation existed (written around the service)
    bad = ApplicationEvent.objects.create(application=application, name="payment", at=at)
    client = client_of(kasubsi)
    # Then the application page, the list and the office watchlist still answer, showing the row as implausible
    page = client.get(PAGE)
    assert page.status_code == 200 and "waktu tidak wajar" in page.content.decode()
    assert client.get("/kantor/blitar/permohonan/").status_code == 200
    assert client.get("/kantor/blitar/kompensasi/").status_code == 200
    assert "payment" not in application_event_times(application)
    # And a Kasubsi voids it from the page
    client.post(f"{PAGE}peristiwa/{bad.pk}/batal/", {"reason": "tahun 0001"})
    assert ApplicationEvent.all_objects.get().void_reason == "tahun 0001"
    assert client.get(PAGE).status_code == 200


@pytest.mark.parametrize("at", [datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, 59, tzinfo=UTC)])
def test_admin_shows_an_application_with_a_stored_bad_event_without_500(client, application, at):
    from maklumat.conftest import make_user

    ApplicationEvent.objects.create(application=application, name="payment", at=at)
    client.force_login(make_user("root", "administrator", is_staff=True, is_superuser=True))
    page = client.get(f"/admin/applications/application/{application.pk}/change/")
    assert page.status_code == 200 and "waktu tidak wajar" in page.content.decode()
