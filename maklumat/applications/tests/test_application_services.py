"""Registering applications and setting their flags, with the audit trail; pages scoped per office."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from maklumat.applications.models import Application
from maklumat.applications.services import application_create, application_flag_set
from maklumat.audit.models import AuditEntry
from maklumat.standards.models import Service


def create(office, actor, **overrides):
    fields = {"number": "BLT-7", "service": Service.objects.get(code="baru"), "booking_channel": "m_paspor",
              "applicant_name": "Dewi Anggraini", "applicant_nik": "3505014102900003", **overrides}
    return application_create(actor=actor, office=office, **fields)


def test_application_is_registered_with_its_flags_and_audited(blitar, officer):
    application = create(blitar, officer, flags=("broker",))
    assert application.flags == ["broker"] and application.created_by == officer
    assert AuditEntry.objects.get(action="application.create").summary == "BLT-7"


def test_duplicate_number_or_bad_nik_is_refused_and_stores_nothing(blitar, officer):
    create(blitar, officer)
    with pytest.raises(ValidationError, match="sudah ada"):
        create(blitar, officer)
    with pytest.raises(ValidationError, match="NIK harus 16 angka"):
        create(blitar, officer, number="BLT-8", applicant_nik="12345")
    assert Application.objects.count() == 1


def test_flag_change_is_audited_with_before_and_after(blitar, officer, kasubsi):
    application = create(blitar, officer)
    application_flag_set(actor=kasubsi, application=application, flag="under_review", value=True, note="dokumen")
    application.refresh_from_db()
    entry = AuditEntry.objects.get(action="application.flag")
    assert application.under_review and (entry.before, entry.after) == ({"under_review": False},
                                                                       {"under_review": True})


def test_counter_records_an_event_from_the_page_and_outsider_gets_404(client_of, blitar, officer, outsider, client):
    create(blitar, officer)
    response = client_of(officer).post("/kantor/blitar/permohonan/BLT-7/peristiwa/",
                                       {"name": "biometric_ticket", "at": "2025-05-08T08:00"})
    assert response.status_code == 302
    event = Application.objects.get().events.get()
    assert event.at.isoformat() == "2025-05-08T01:00:00+00:00" and event.recorded_by == officer
    client.logout()
    assert client_of(outsider).get("/kantor/blitar/permohonan/BLT-7/").status_code == 404
    assert client_of(outsider).post("/kantor/blitar/permohonan/BLT-7/peristiwa/",
                                    {"name": "payment"}).status_code == 404


def test_counter_officer_cannot_set_flags_403(client_of, blitar, officer):
    create(blitar, officer)
    assert client_of(officer).post("/kantor/blitar/permohonan/BLT-7/tanda/",
                                   {"flag": "under_review", "value": "1"}).status_code == 403
    assert not Application.objects.get().under_review
