"""The pickup job cancels passports not collected within 30 days, once, saying why."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from maklumat.applications.models import Application, ApplicationEvent
from maklumat.applications.services import application_cancel_uncollected, application_event_record
from maklumat.standards.models import Service

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def ready(blitar):
    application = Application.objects.create(office=blitar, number="BLT-9", service=Service.objects.get(code="baru"),
                                             booking_channel="walk_in", applicant_name="Nur Aini")
    application_event_record(application=application, name="ready", at=datetime(2025, 7, 1, 14, tzinfo=WIB))
    return application


def test_not_cancelled_on_the_30th_day(ready):
    assert application_cancel_uncollected(as_of=datetime(2025, 7, 31, 23, 59, tzinfo=WIB)) == []


def test_cancelled_after_30_days_with_the_reason_and_only_once(ready):
    as_of = datetime(2025, 8, 2, 9, tzinfo=WIB)
    assert application_cancel_uncollected(as_of=as_of) == [ready]
    event = ApplicationEvent.objects.get(name="cancellation")
    assert event.at == datetime(2025, 8, 1, 0, 0, tzinfo=WIB) and event.source == "job"
    assert event.note == "Paspor tidak diambil dalam 30 hari sejak siap (2025-07-01); batas 2025-08-01 00:00"
    assert application_cancel_uncollected(as_of=as_of) == []
    assert ApplicationEvent.objects.filter(name="cancellation").count() == 1


def test_collected_passport_is_never_cancelled(ready):
    application_event_record(application=ready, name="handover", at=datetime(2025, 7, 20, 9, tzinfo=WIB))
    assert application_cancel_uncollected(as_of=datetime(2025, 9, 1, tzinfo=WIB)) == []


def test_command_reports_what_it_did(ready):
    out = StringIO()
    call_command("pickup_cancel_expired", stdout=out)
    assert out.getvalue() == "blitar BLT-9: dibatalkan\n1 paspor dibatalkan karena tidak diambil dalam 30 hari\n"


def test_a_voided_handover_does_not_keep_the_passport_from_being_cancelled(ready, kasubsi):
    from maklumat.applications.services import application_event_void

    handover, _ = application_event_record(application=ready, name="handover",
                                           at=datetime(2025, 7, 2, 10, tzinfo=WIB))
    assert application_cancel_uncollected(as_of=datetime(2025, 8, 2, tzinfo=WIB)) == []
    application_event_void(actor=kasubsi, event=handover, reason="salah permohonan")
    assert application_cancel_uncollected(as_of=datetime(2025, 8, 2, tzinfo=WIB)) == [ready]
