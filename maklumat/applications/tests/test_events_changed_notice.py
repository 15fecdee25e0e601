"""Areas keeping figures derived from events hear of every change: recorded, imported, voided."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import orjson
import pytest

from maklumat.applications import notify
from maklumat.applications.importing import applications_import
from maklumat.applications.models import Application, ApplicationEvent
from maklumat.applications.services import application_event_record, application_event_void

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def heard(monkeypatch):
    calls = []
    monkeypatch.setattr(notify, "_receivers", lambda: (lambda **kwargs: calls.append(kwargs),))
    return calls


@pytest.mark.django_db
def test_an_import_is_heard_once_with_its_applications_and_time_span(blitar, heard):
    lines = [orjson.dumps({"id": number, "service": "baru", "booking": "walk_in",
                           "events": {"queue_ticket": f"2025-05-0{day}T08:00:00+07:00",
                                      "biometric_ticket": f"2025-05-0{day}T08:30:00+07:00"}})
             for number, day in (("A1", 6), ("A2", 8))]

    applications_import(office=blitar, lines=lines)

    ids = sorted(Application.objects.values_list("pk", flat=True))
    assert heard == [{"office": blitar, "application_ids": ids, "first": datetime(2025, 5, 6, 8, tzinfo=WIB),
                      "last": datetime(2025, 5, 8, 8, 30, tzinfo=WIB)}]


@pytest.mark.django_db
def test_an_import_that_adds_nothing_is_not_heard(blitar, heard):
    line = orjson.dumps({"id": "A1", "service": "baru", "booking": "walk_in",
                         "events": {"queue_ticket": "2025-05-06T08:00:00+07:00"}})
    applications_import(office=blitar, lines=[line])
    heard.clear()

    applications_import(office=blitar, lines=[line])

    assert heard == []


@pytest.mark.django_db
def test_a_recorded_and_a_voided_event_are_heard(blitar, kasubsi, heard):
    [line] = [orjson.dumps({"id": "A1", "service": "baru", "booking": "walk_in"})]
    applications_import(office=blitar, lines=[line])
    application = Application.objects.get(number="A1")
    at = datetime(2025, 5, 6, 9, tzinfo=WIB)

    application_event_record(application=application, name="payment", at=at)
    application_event_record(application=application, name="payment", at=at)  # again: nothing changes
    application_event_void(actor=kasubsi, event=ApplicationEvent.objects.get(name="payment"), reason="salah")

    change = {"office": blitar, "application_ids": [application.pk], "first": at, "last": at}
    assert heard == [change, change]
