"""Application events are append-only, idempotent and may arrive out of order."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from maklumat.applications.models import Application, ApplicationEvent
from maklumat.applications.selectors import application_event_times
from maklumat.applications.services import application_event_record
from maklumat.standards.models import Service

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def application(blitar):
    return Application.objects.create(
        office=blitar, number="BLT-2025-0001", service=Service.objects.get(code="baru"),
        booking_channel="m_paspor", smart_queue=True, applicant_name="Sri Wahyuni", applicant_nik="3505014102900001",
    )


def test_same_event_twice_is_stored_once(application, officer):
    at = datetime(2025, 5, 8, 9, 0, tzinfo=WIB)
    first, created = application_event_record(application=application, name="biometric_ticket", at=at, actor=officer)
    again, created_again = application_event_record(application=application, name="biometric_ticket", at=at)
    assert (created, created_again) == (True, False)
    assert first.pk == again.pk and ApplicationEvent.objects.count() == 1


def test_events_arriving_out_of_order_are_read_in_time_order(application):
    application_event_record(application=application, name="biometric_start", at=datetime(2025, 5, 8, 11, tzinfo=WIB))
    application_event_record(application=application, name="biometric_ticket", at=datetime(2025, 5, 8, 9, tzinfo=WIB))
    assert list(application_event_times(application)) == ["biometric_ticket", "biometric_start"]


def test_unknown_event_and_naive_time_are_refused_and_store_nothing(application):
    with pytest.raises(ValidationError, match="tidak dikenal"):
        application_event_record(application=application, name="teleport", at=datetime(2025, 5, 8, tzinfo=WIB))
    with pytest.raises(ValidationError, match="zona waktu"):
        application_event_record(application=application, name="payment", at=datetime(2025, 5, 8, 9))
    assert ApplicationEvent.objects.count() == 0


def test_personal_data_is_masked(application):
    assert application.masked_nik == "3505••••••••••01"
