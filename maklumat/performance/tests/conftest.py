"""A month of Blitar's applications (July 2025) with known outcomes, for the selector and API tests.

As of 15 August 2025 12:00 WIB, clocks started in July:
- A (baru): ticket 7 Jul 08:00, biometric 10:00 (exactly 2 h: met, 4 min step), billed 7 Jul, paid Fri 11
  Jul (met), allocated Mon 14 (met), ready Thu 17 (completion due end of Wed 16: late), handed over 18 Jul.
- B (baru, M-Paspor + SMART): ticket 8 Jul 08:00, biometric 10:30 (late, 10 min step; eligible for
  compensation), billed 8 Jul, paid Sat 12 Jul (met), no allocation (overdue), not ready (overdue).
- C (percepatan, Eazy Paspor): paid 9 Jul 09:00, allocated 10:00, ready 13:00 (met), handed over 14:00.
- D (baru): billed 30 Jul, unpaid: open (due end of 29 Aug).
- E (baru): billed 1 Jul, its 2 Jul payment voided: overdue, and no allocation clock.
- F (baru): billed 30 Jun 23:30 (June's clock), paid 1 Jul, allocated 2 Jul, ready 3 Jul, handed over 3 Jul.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from maklumat.applications.models import Application, ApplicationEvent
from maklumat.performance.aggregates import aggregates_refresh
from maklumat.standards.models import Service

WIB = ZoneInfo("Asia/Jakarta")
AS_OF = datetime(2025, 8, 15, 12, 0, tzinfo=WIB)


def wib(*parts):
    return datetime(*parts, tzinfo=WIB)


def make_application(office, number, service="baru", *, events, program="in_office", booking="walk_in",
                     smart_queue=False, actors=None, accelerated=False):
    application = Application.objects.create(
        office=office, number=number, service=Service.objects.get(code=service), accelerated=accelerated,
        booking_channel=booking, smart_queue=smart_queue, program=program, applicant_name=f"Pemohon {number}")
    for name, at in events.items():
        ApplicationEvent.objects.create(application=application, name=name, at=at,
                                        recorded_by=(actors or {}).get(name))
    # Written straight to the table (not through the services): the aggregates are refreshed as the hook would.
    aggregates_refresh(office=office, application_ids=[application.pk])
    return application


@pytest.fixture
def july(blitar, officer):
    apps = {}
    apps["A"] = make_application(blitar, "A", events={
        "biometric_ticket": wib(2025, 7, 7, 8), "biometric_start": wib(2025, 7, 7, 10),
        "biometric_finish": wib(2025, 7, 7, 10, 4), "billing_issued": wib(2025, 7, 7, 11),
        "payment": wib(2025, 7, 11, 10), "allocation": wib(2025, 7, 14, 9), "ready": wib(2025, 7, 17, 10),
        "handover": wib(2025, 7, 18, 10)}, actors={"biometric_finish": officer})
    apps["B"] = make_application(blitar, "B", booking="m_paspor", smart_queue=True, events={
        "biometric_ticket": wib(2025, 7, 8, 8), "biometric_start": wib(2025, 7, 8, 10, 30),
        "biometric_finish": wib(2025, 7, 8, 10, 40), "billing_issued": wib(2025, 7, 8, 11),
        "payment": wib(2025, 7, 12, 9)}, actors={"biometric_finish": officer})
    apps["C"] = make_application(blitar, "C", "percepatan", accelerated=True, program="eazy_paspor", events={
        "payment": wib(2025, 7, 9, 9), "allocation": wib(2025, 7, 9, 10), "ready": wib(2025, 7, 9, 13),
        "handover": wib(2025, 7, 9, 14)})
    apps["D"] = make_application(blitar, "D", events={"billing_issued": wib(2025, 7, 30, 10)})
    apps["E"] = make_application(blitar, "E", events={"billing_issued": wib(2025, 7, 1, 10),
                                                      "payment": wib(2025, 7, 2, 10)})
    ApplicationEvent.objects.filter(application=apps["E"], name="payment").update(
        voided_at=timezone.now(), void_reason="salah input")
    aggregates_refresh(office=blitar, application_ids=[apps["E"].pk])
    apps["F"] = make_application(blitar, "F", events={
        "billing_issued": wib(2025, 6, 30, 23, 30), "payment": wib(2025, 7, 1, 10),
        "allocation": wib(2025, 7, 2, 10), "ready": wib(2025, 7, 3, 10), "handover": wib(2025, 7, 3, 15)})
    return apps
