"""The outage register: implausible moments refused at every entry, mistakes voided (not deleted) by a
Kasubsi or above, audited, and no stored row can break a page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from maklumat.audit.models import AuditEntry
from maklumat.compensation.models import Claim, Outage
from maklumat.compensation.selectors import application_decisions
from maklumat.compensation.services import outage_record, outage_void, souvenir_item_create
from maklumat.compensation.tests.fixtures import AFTER, TICKET

OUTAGES = "/kantor/blitar/gangguan/"


def store_bad_outage(office, user, start: datetime) -> Outage:
    """A row that got in before the validation existed (written around the service)."""
    return Outage.objects.create(office=office, start=start, end=None, scope="national", note="salah ketik",
                                 recorded_by=user)


@pytest.mark.parametrize("start, field, message", [
    (datetime(1, 1, 1, tzinfo=UTC), "start", "terlalu lampau"),
    (datetime(1999, 12, 31, 23, 0, tzinfo=UTC), "start", "terlalu lampau"),
    (datetime(9999, 12, 31, 0, 0, tzinfo=UTC), "start", "masa depan"),
])
def test_service_refuses_implausible_outage_moments_naming_the_field(kasubsi, blitar, start, field, message):
    with pytest.raises(ValidationError) as refused:
        outage_record(actor=kasubsi, office=blitar, start=start, end=None, scope="office", note="SIMKIM")
    assert field in refused.value.message_dict and message in refused.value.message_dict[field][0]
    assert Outage.all_objects.count() == 0


def test_service_refuses_nul_bytes_and_overlong_notes(kasubsi, blitar):
    start = timezone.now() - timedelta(hours=1)
    for note in ("SIMKIM\x00", "x" * 301):
        with pytest.raises(ValidationError) as refused:
            outage_record(actor=kasubsi, office=blitar, start=start, end=None, scope="office", note=note)
        assert list(refused.value.message_dict) == ["note"]
    assert Outage.all_objects.count() == 0


@pytest.mark.parametrize("start", ["0001-01-01T00:00", "9999-12-31T23:59", "2025-05-08T09:00+15:00", "kemarin",
                                   "2025-05-08T09:00\x00"])
def test_form_refuses_implausible_start_with_a_message_naming_the_field(client_of, kasubsi, blitar, start):
    response = client_of(kasubsi).post(OUTAGES, {"start": start, "scope": "office", "note": "SIMKIM"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "start:" in page
    assert Outage.all_objects.count() == 0


def test_counter_officer_cannot_record_a_national_outage_through_the_service(officer, blitar):
    with pytest.raises(PermissionDenied):
        outage_record(actor=officer, office=blitar, start=timezone.now() - timedelta(hours=1), end=None,
                      scope="national", note="SIMKIM pusat")
    assert Outage.all_objects.count() == 0


def test_voided_outage_no_longer_excludes_compensation_and_is_audited(eligible, kasubsi, yankomas):
    # Given an outage entered by mistake over the applicant's wait: not eligible
    outage = outage_record(actor=yankomas, office=eligible.office, start=TICKET + timedelta(minutes=30),
                           end=TICKET + timedelta(minutes=50), scope="office", note="DPRI lambat")
    assert [d.decision for d in application_decisions(eligible, as_of=AFTER)] == ["not_eligible"]
    # When a Kasubsi voids it with a reason
    outage_void(actor=kasubsi, office=eligible.office, outage=outage, reason="salah tanggal")
    # Then it no longer counts, stays in the register, and the audit trail says who and why
    assert [d.decision for d in application_decisions(eligible, as_of=AFTER)] == ["eligible"]
    stored = Outage.all_objects.get()
    assert (stored.void_reason, stored.voided_by, Outage.objects.count()) == ("salah tanggal", kasubsi, 0)
    entry = AuditEntry.objects.filter(action="outage.void").get()
    assert (entry.actor, entry.after) == (kasubsi, {"voided": True, "reason": "salah tanggal"})


def test_only_kasubsi_or_above_voids_and_a_reason_is_required(client_of, officer, kasubsi, blitar):
    outage = outage_record(actor=officer, office=blitar, start=timezone.now() - timedelta(hours=1), end=None,
                           scope="office", note="listrik padam")
    assert client_of(officer).post(f"{OUTAGES}{outage.pk}/batal/", {"reason": "salah"}).status_code == 403
    with pytest.raises(ValidationError) as refused:
        outage_void(actor=kasubsi, office=blitar, outage=outage, reason="  ")
    assert list(refused.value.message_dict) == ["reason"]
    assert Outage.objects.count() == 1
    response = client_of(kasubsi).post(f"{OUTAGES}{outage.pk}/batal/", {"reason": "salah catat"}, follow=True)
    assert response.status_code == 200 and Outage.objects.count() == 0
    assert "dibatalkan" in response.content.decode()


def test_outsider_cannot_void_another_office_outage(client_of, outsider, kasubsi, blitar):
    outage = outage_record(actor=kasubsi, office=blitar, start=timezone.now() - timedelta(hours=1), end=None,
                           scope="office", note="jaringan")
    assert client_of(outsider).post(f"{OUTAGES}{outage.pk}/batal/", {"reason": "x"}).status_code == 404
    assert Outage.objects.count() == 1


@pytest.mark.parametrize("start", [datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, 59, tzinfo=UTC)])
def test_a_stored_outage_at_year_1_or_9999_breaks_no_page_and_can_be_voided(client_of, kasubsi, eligible, blitar,
                                                                             start):
    # Given a national outage stored at 0001-01-01 (or 9999) before the validation existed
    bad = store_bad_outage(blitar, kasubsi, start)
    client = client_of(kasubsi)
    # Then every page still answers, the register shows it as implausible, and it excludes nothing
    for path in (OUTAGES, "/kantor/blitar/kompensasi/", "/kantor/blitar/permohonan/BLT-1/",
                 "/kantor/blitar/permohonan/"):
        assert client.get(path).status_code == 200, path
    assert "waktu tidak wajar" in client.get(OUTAGES).content.decode()
    assert [d.decision for d in application_decisions(eligible, as_of=AFTER)] == ["eligible"]
    # And it can be voided from the register
    client.post(f"{OUTAGES}{bad.pk}/batal/", {"reason": "tanggal 0001"})
    assert Outage.all_objects.get().void_reason == "tanggal 0001"


def test_souvenir_item_is_created_by_an_audited_service_with_the_form_rules(client_of, yankomas, officer, blitar):
    item = souvenir_item_create(actor=yankomas, office=blitar, name="Gantungan kunci")
    assert AuditEntry.objects.filter(action="souvenir.create", actor=yankomas).count() == 1
    for name, field in (("", "name"), ("gantungan KUNCI", "name"), ("x\x00", "name"), ("x" * 121, "name")):
        with pytest.raises(ValidationError) as refused:
            souvenir_item_create(actor=yankomas, office=blitar, name=name)
        assert list(refused.value.message_dict) == [field]
    with pytest.raises(PermissionDenied):
        souvenir_item_create(actor=officer, office=blitar, name="Tumbler")
    response = client_of(yankomas).post("/kantor/blitar/kompensasi/suvenir/",
                                        {"item": "", "name": "Tumbler", "quantity": "3"})
    assert response.status_code == 302
    assert sorted(blitar.souvenir_items.values_list("name", flat=True)) == [item.name, "Tumbler"]
    assert AuditEntry.objects.filter(action="souvenir.create").count() == 2
    assert Claim.objects.count() == 0


@pytest.mark.parametrize("start", [datetime(1, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, 59, tzinfo=UTC)])
def test_admin_lists_and_shows_a_stored_bad_outage_without_500(client, kasubsi, blitar, start):
    from maklumat.conftest import make_user

    bad = store_bad_outage(blitar, kasubsi, start)
    admin_user = make_user("root", "administrator", is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    listing = client.get("/admin/compensation/outage/")
    assert listing.status_code == 200 and "waktu tidak wajar" in listing.content.decode()
    assert client.get(f"/admin/compensation/outage/{bad.pk}/change/").status_code == 200
