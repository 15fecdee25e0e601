"""Office time: "today" and "this year" are the office's, in WITA and WIT, at a day boundary."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from maklumat.accounts.roles import Role
from maklumat.compensation.services import claim_record, remedy_fulfil_apology
from maklumat.compensation.tests.fixtures import AFTER, application_with
from maklumat.compensation.tests.test_promises import policy_at
from maklumat.conftest import make_user

# 31 December 2025, 15:30 UTC: 23:30 WITA (Balikpapan, still 2025) and 00:30 WIT (Jayapura, already 2026).
INSTANT = datetime(2025, 12, 31, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize("office_code, year", [("balikpapan", 2025), ("jayapura", 2026)])
def test_apology_letter_is_numbered_in_the_office_year(office_code, year, reference_data, monkeypatch):
    from maklumat.offices.models import Office

    office = Office.objects.get(code=office_code)
    policy = policy_at(office)
    staff = make_user(f"yankomas.{office_code}", Role.PETUGAS_YANKOMAS, office=office)
    application = application_with(office, "X-1", wait_minutes=121)
    claim = claim_record(actor=staff, application=application, policy=policy, as_of=AFTER)
    monkeypatch.setattr(timezone, "now", lambda: INSTANT)
    fulfilment = remedy_fulfil_apology(claim=claim, actor=staff)
    assert fulfilment.letter_number == f"KOMP-{office_code.upper()}/{year}/{claim.pk:05d}"
