"""Recording claims: only when eligible, never twice, evaluated on the stored application."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from maklumat.accounts.roles import Role
from maklumat.audit.models import AuditEntry
from maklumat.compensation.models import Claim, CompensationPolicy, Fulfilment, Outage
from maklumat.compensation.services import claim_record, outage_record
from maklumat.compensation.tests.fixtures import AFTER, TICKET, application_with
from maklumat.conftest import make_user


def blitar_policy():
    return CompensationPolicy.objects.get(code="blitar-2025")


def test_claim_on_eligible_application_creates_one_fulfilment_per_remedy(eligible, yankomas):
    claim = claim_record(actor=yankomas, application=eligible, policy=blitar_policy(), as_of=AFTER)
    assert sorted(Fulfilment.objects.filter(claim=claim).values_list("remedy", flat=True)) == [
        "apology", "priority_service", "souvenir"]
    assert claim.decision["decision"] == "eligible" and claim.recorded_by == yankomas
    entry = AuditEntry.objects.get(action="claim.record")
    assert (entry.actor, entry.object_id) == (yankomas, str(claim.pk))


def test_claim_twice_is_refused(eligible, yankomas):
    claim_record(actor=yankomas, application=eligible, policy=blitar_policy(), as_of=AFTER)
    with pytest.raises(ValidationError, match="sudah diklaim"):
        claim_record(actor=yankomas, application=eligible, policy=blitar_policy(), as_of=AFTER)
    assert Claim.objects.count() == 1 and Fulfilment.objects.count() == 3


def test_claim_at_exactly_two_hours_is_refused_with_the_reason(blitar, yankomas):
    application = application_with(blitar, "BLT-2", wait_minutes=120)
    with pytest.raises(ValidationError, match="tidak lebih dari 2 jam"):
        claim_record(actor=yankomas, application=application, policy=blitar_policy(), as_of=AFTER)
    assert Claim.objects.count() == 0


def test_outage_in_the_register_overlapping_the_wait_refuses_the_claim(eligible, yankomas):
    outage_record(actor=yankomas, office=eligible.office, start=TICKET + timedelta(minutes=30),
                  end=TICKET + timedelta(minutes=50), scope="office", note="DPRI lambat")
    with pytest.raises(ValidationError, match="Gangguan sistem"):
        claim_record(actor=yankomas, application=eligible, policy=blitar_policy(), as_of=AFTER)


def test_national_outage_recorded_at_another_office_counts_too(eligible, yankomas, balikpapan):
    kasubsi_balikpapan = make_user("kasubsi.balikpapan", Role.KASUBSI, office=balikpapan)
    outage_record(actor=kasubsi_balikpapan, office=balikpapan, start=TICKET + timedelta(minutes=30), end=None,
                  scope="national", note="SIMKIM pusat")
    with pytest.raises(ValidationError, match="Gangguan sistem"):
        claim_record(actor=yankomas, application=eligible, policy=blitar_policy(), as_of=AFTER)
    assert Outage.objects.count() == 1


def test_office_outage_of_another_office_does_not_count(eligible, yankomas, balikpapan, outsider):
    outage_record(actor=outsider, office=balikpapan, start=TICKET + timedelta(minutes=30), end=None,
                  scope="office", note="listrik padam")
    assert claim_record(actor=yankomas, application=eligible, policy=blitar_policy(), as_of=AFTER).pk


def test_outage_ending_before_it_starts_is_refused(blitar, yankomas):
    with pytest.raises(ValidationError, match="setelah waktu mulai"):
        outage_record(actor=yankomas, office=blitar, start=TICKET, end=TICKET, scope="office", note="x")
    assert Outage.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_officers_claiming_at_the_same_moment_store_one_claim(reference_data):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL row locks")
    from maklumat.accounts.roles import Role
    from maklumat.conftest import make_user
    from maklumat.offices.models import Office

    blitar = Office.objects.get(code="blitar")
    application = application_with(blitar, "BLT-RACE", wait_minutes=150)
    officers = [make_user(f"yankomas-{i}", Role.PETUGAS_YANKOMAS, office=blitar) for i in range(4)]
    policy = blitar_policy()
    barrier = threading.Barrier(len(officers))
    outcomes: list[str] = []

    def claim(officer):
        try:
            barrier.wait()
            claim_record(actor=officer, application=application, policy=policy, as_of=AFTER)
            outcomes.append("stored")
        except ValidationError as exc:
            outcomes.append("refused" if "sudah diklaim" in exc.messages[0] else exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(officer,)) for officer in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "refused", "stored"]
    assert Claim.objects.filter(application=application).count() == 1
    assert Fulfilment.objects.filter(claim__application=application).count() == 3
