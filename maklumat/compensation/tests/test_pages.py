"""Officer pages: decisions with reasons, claim and fulfilment in the browser, scoping and roles."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maklumat.compensation.models import Claim, SouvenirItem
from maklumat.compensation.services import souvenir_stock_receive
from maklumat.compensation.tests.fixtures import application_with

DETAIL = "/kantor/blitar/permohonan/BLT-1/"


def test_detail_page_shows_the_decision_and_a_reason_per_condition(client_of, officer, eligible):
    page = client_of(officer).get(DETAIL).content.decode()
    assert "Memenuhi syarat" in page
    assert "Menunggu 2 jam 1 menit sejak nomor antrian biometrik, lebih dari 2 jam" in page
    assert "Tanpa tanda: dalam peninjauan (ada kecurigaan)" in page
    assert "Permohonan tidak dalam peninjauan" in page  # the condition's label from the policy data
    assert "b_wait_over_2h" not in page and "under_review" not in page.replace('value="under_review"', "")
    assert "Layanan: Paspor baru" in page and "termasuk baru, penggantian" not in page
    assert "121 menit" in page and ">True<" not in page and ">False<" not in page and ">m_paspor<" not in page
    assert "Catat klaim kompensasi" not in page  # a counter officer does not record claims


def test_detail_page_in_english_gives_the_english_reasons(client_of, officer, eligible):
    client = client_of(officer)
    client.post("/i18n/setlang/", {"language": "en"})
    page = client.get(DETAIL).content.decode()
    assert "Waited 2 h 1 min since biometric queue ticket, more than 2 h" in page


def test_complaint_officer_records_a_claim_and_fulfils_every_remedy_to_the_pdf(client_of, yankomas, eligible,
                                                                                blitar):
    item = SouvenirItem.objects.create(office=blitar, name="Gantungan kunci")
    souvenir_stock_receive(actor=yankomas, item=item, quantity=1, reason="stok")
    client = client_of(yankomas)
    assert "Catat klaim kompensasi" in client.get(DETAIL).content.decode()
    response = client.post(f"{DETAIL}klaim/", {"policy": "blitar-2025", "note": "di ruang pengaduan"})
    claim = Claim.objects.get()
    assert response.url == f"/kantor/blitar/kompensasi/klaim/{claim.pk}/"
    base = response.url
    client.post(f"{base}apology/")
    client.post(f"{base}priority/", {"ticket_number": "K-001"})
    client.post(f"{base}souvenir/", {"item": item.pk})
    assert sorted(claim.fulfilments.values_list("remedy", "status")) == [
        ("apology", "done"), ("priority_service", "done"), ("souvenir", "done")]
    pdf = client.get(f"{base}surat-maaf.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    again = client.post(f"{DETAIL}klaim/", {"policy": "blitar-2025"}, follow=True).content.decode()
    assert "sudah diklaim" in again and Claim.objects.count() == 1


def test_out_of_stock_message_is_shown_on_the_claim_page(client_of, yankomas, eligible, blitar):
    item = SouvenirItem.objects.create(office=blitar, name="Tumbler")
    client = client_of(yankomas)
    client.post(f"{DETAIL}klaim/", {"policy": "blitar-2025"})
    claim = Claim.objects.get()
    page = client.post(f"/kantor/blitar/kompensasi/klaim/{claim.pk}/souvenir/", {"item": item.pk},
                       follow=True).content.decode()
    assert "Stok suvenir “Tumbler” habis (0)." in page


@pytest.mark.parametrize("path", [
    "/kantor/blitar/permohonan/", DETAIL, "/kantor/blitar/kompensasi/", "/kantor/blitar/gangguan/",
    "/kantor/blitar/kompensasi/suvenir/",
])
def test_outsider_gets_404_on_every_page(client_of, outsider, eligible, path):
    assert client_of(outsider).get(path).status_code == 404


def test_outsider_cannot_claim_or_open_a_claim_by_guessing(client_of, outsider, yankomas, eligible, client):
    client_of(yankomas).post(f"{DETAIL}klaim/", {"policy": "blitar-2025"})
    claim = Claim.objects.get()
    client.logout()
    intruder = client_of(outsider)
    assert intruder.get(f"/kantor/blitar/kompensasi/klaim/{claim.pk}/").status_code == 404
    assert intruder.get(f"/kantor/balikpapan/kompensasi/klaim/{claim.pk}/").status_code == 404
    assert intruder.get(f"/kantor/blitar/kompensasi/klaim/{claim.pk}/surat-maaf.pdf").status_code == 404
    assert intruder.post(f"{DETAIL}klaim/", {"policy": "blitar-2025"}).status_code == 404


def test_supervisor_reads_but_cannot_claim(client_of, supervisor, eligible):
    client = client_of(supervisor)
    assert client.get(DETAIL).status_code == 200
    assert client.post(f"{DETAIL}klaim/", {"policy": "blitar-2025"}).status_code == 403
    assert Claim.objects.count() == 0


def test_anonymous_is_sent_to_login(client, eligible):
    assert client.get(DETAIL).status_code == 302


def test_outage_register_records_and_only_management_records_national(client_of, officer, kasubsi, blitar):
    client = client_of(officer)
    client.post("/kantor/blitar/gangguan/", {"start": "2025-05-08T09:00", "end": "2025-05-08T09:30",
                                             "scope": "office", "note": "DPRI lambat"})
    assert client.post("/kantor/blitar/gangguan/", {"start": "2025-05-08T10:00", "scope": "national",
                                                    "note": "SIMKIM"}).status_code == 403
    client_of(kasubsi).post("/kantor/blitar/gangguan/", {"start": "2025-05-08T10:00", "scope": "national",
                                                         "note": "SIMKIM"})
    page = client_of(kasubsi).get("/kantor/blitar/gangguan/").content.decode()
    assert "DPRI lambat" in page and "SIMKIM" in page
    from maklumat.compensation.models import Outage

    assert sorted(Outage.objects.values_list("scope", "note")) == [("national", "SIMKIM"), ("office", "DPRI lambat")]
    assert Outage.objects.get(scope="office").start.isoformat() == "2025-05-08T02:00:00+00:00"


def test_watchlist_lists_eligible_and_about_to_be_eligible(client_of, yankomas, blitar):
    from datetime import timedelta

    from django.utils import timezone

    from maklumat.applications.services import application_event_record

    now = timezone.now()
    waiting = application_with(blitar, "BLT-WAIT")
    application_event_record(application=waiting, name="biometric_ticket", at=now - timedelta(minutes=106))
    late = application_with(blitar, "BLT-LATE")
    application_event_record(application=late, name="biometric_ticket", at=now - timedelta(minutes=125))
    fresh = application_with(blitar, "BLT-FRESH")
    application_event_record(application=fresh, name="biometric_ticket", at=now - timedelta(minutes=60))
    response = client_of(yankomas).get("/kantor/blitar/kompensasi/")
    lists = response.context["lists"]
    assert [row.application.number for row in lists["eligible"]] == ["BLT-LATE"]
    assert [row.application.number for row in lists["soon"]] == ["BLT-WAIT"]
    assert lists["soon"][0].why == "Menunggu 1 jam 46 menit sejak nomor antrian biometrik"


def test_application_list_masks_nik_and_its_queries_do_not_grow(client_of, officer, blitar):
    client = client_of(officer)
    application_with(blitar, "BLT-A")
    with CaptureQueriesContext(connection) as few:
        client.get("/kantor/blitar/permohonan/")
    for number in range(10):
        application_with(blitar, f"BLT-B{number}")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/kantor/blitar/permohonan/").content.decode()
    assert len(many) == len(few)
    assert "3505••••••••••01" in page and "3505014102900001" not in page
