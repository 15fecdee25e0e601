"""A small, exactly known month of Blitar applications for the page and report tests."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from maklumat.applications.models import Application
from maklumat.applications.notify import batched
from maklumat.applications.services import application_event_record
from maklumat.standards.models import Service

WIB = ZoneInfo("Asia/Jakarta")
PERIOD = "?dari=2025-10-01&sampai=2025-10-31"


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=WIB)


def _application(office, number: str, name: str, events: dict[str, datetime]) -> Application:
    application = Application.objects.create(
        office=office, number=number, service=Service.objects.get(code="baru"), booking_channel="m_paspor",
        smart_queue=True, applicant_name=name, applicant_nik="3505014102900001", applicant_phone="081234567890")
    with batched():  # the Kinerja figures are recounted once for the application, not once per event
        for event, moment in events.items():
            application_event_record(application=application, name=event, at=moment)
    return application


def october_at_blitar(office) -> None:
    """Three applications (October 2025, Mondays–Fridays, no holiday):

    - BLT-001 keeps every promise and is handed over (one document issued);
    - BLT-002 pays on time, is allocated and ready late, waits 2 h 30 m at biometrics, never collected;
    - BLT-003 never pays.

    Expected (as of any moment after November 2025): payment 2 met / 1 overdue; allocation, completion
    1 met / 1 late; pickup 1 met / 1 overdue; biometric wait 1 met / 1 late.
    """
    _application(office, "BLT-001", "Sri Wahyuni", {
        "biometric_ticket": at(2025, 10, 6, 8, 0), "biometric_start": at(2025, 10, 6, 9, 30),
        "biometric_finish": at(2025, 10, 6, 9, 40),
        "billing_issued": at(2025, 10, 6, 10, 0), "payment": at(2025, 10, 6, 11, 0),
        "allocation": at(2025, 10, 7, 10, 0), "ready": at(2025, 10, 8, 10, 0), "handover": at(2025, 10, 10, 10, 0),
    })
    _application(office, "BLT-002", "Agus Santoso", {
        "biometric_ticket": at(2025, 10, 6, 8, 0), "biometric_start": at(2025, 10, 6, 10, 30),
        "biometric_finish": at(2025, 10, 6, 11, 30),
        "billing_issued": at(2025, 10, 6, 11, 0), "payment": at(2025, 10, 6, 12, 0),
        "allocation": at(2025, 10, 9, 10, 0), "ready": at(2025, 10, 13, 10, 0),
    })
    _application(office, "BLT-003", "Dewi Lestari", {"billing_issued": at(2025, 10, 7, 9, 0)})
