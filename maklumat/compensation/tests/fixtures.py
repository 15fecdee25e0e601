"""Database fixtures for the compensation tests: applications with their events."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from maklumat.accounts.roles import Role
from maklumat.applications.models import Application
from maklumat.applications.services import application_event_record
from maklumat.conftest import make_user
from maklumat.standards.models import Service

WIB = ZoneInfo("Asia/Jakarta")
TICKET = datetime(2025, 5, 8, 8, 0, tzinfo=WIB)
AFTER = datetime(2025, 5, 8, 16, 0, tzinfo=WIB)


def application_with(office, number: str, *, service="baru", booking="m_paspor", smart=True, wait_minutes=None,
                     address="Jl. Merdeka 1, Blitar", **fields) -> Application:
    application = Application.objects.create(
        office=office, number=number, service=Service.objects.get(code=service), booking_channel=booking,
        smart_queue=smart, applicant_name="Sri Wahyuni", applicant_nik="3505014102900001",
        applicant_address=address, **fields,
    )
    if wait_minutes is not None:
        application_event_record(application=application, name="biometric_ticket", at=TICKET)
        application_event_record(application=application, name="biometric_start",
                                 at=TICKET + timedelta(minutes=wait_minutes))
    return application


@pytest.fixture
def yankomas(blitar):
    return make_user("yankomas.blitar", Role.PETUGAS_YANKOMAS, office=blitar, first_name="Siti")


@pytest.fixture
def eligible(blitar):
    return application_with(blitar, "BLT-1", wait_minutes=121)
