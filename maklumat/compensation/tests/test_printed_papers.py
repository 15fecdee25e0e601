# ruff: noqa: F811  (pytest fixtures imported from their feature module and requested by name)
"""A K number issued from a claim has a printable ticket; the apology letter is on the office's letterhead
with the head's signature block (issue 16, items 4 and 6)."""

from __future__ import annotations

from io import BytesIO
from urllib.parse import parse_qs, urlparse

from django.urls import reverse
from pypdf import PdfReader

from maklumat.compensation import services
from maklumat.compensation.pdf import apology_letter_pdf
from maklumat.compensation.tests.test_fulfilment import claim  # noqa: F401  (fixture)
from maklumat.lib.pdf import DIRECTORATE, MINISTRY
from maklumat.queueing.models import Ticket


def test_issuing_the_k_number_opens_its_printable_ticket_and_the_claim_links_to_it(client, claim, yankomas):
    client.force_login(yankomas)
    claim_page = reverse("compensation:claim", kwargs={"code": "blitar", "pk": claim.pk})
    # when the complaint room issues the compensation number
    response = client.post(reverse("compensation:fulfil", kwargs={"code": "blitar", "pk": claim.pk,
                                                                 "action": "priority_ticket"}))
    # then the browser goes to the ticket, printing at once, and "Selesai" leads back to the claim
    ticket = Ticket.objects.get(series__code="K")
    location = urlparse(response["Location"])
    assert location.path == reverse("queueing:ticket", kwargs={"code": "blitar", "ticket_id": ticket.pk})
    assert parse_qs(location.query) == {"print": ["1"], "kembali": [claim_page]}
    page = client.get(response["Location"]).content.decode()
    assert "K-001" in page and "queueing/ticket-print.css" in page and f'href="{claim_page}"' in page
    # and the claim page offers the same ticket to print again
    html = client.get(claim_page).content.decode()
    assert 'id="k-ticket"' in html and f"/antrian/tiket/{ticket.pk}/?print=1" in html


def test_the_apology_letter_is_on_the_letterhead_and_signed_by_the_head_of_office(claim, yankomas):
    done = services.remedy_fulfil_apology(claim=claim, actor=yankomas)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(apology_letter_pdf(done))).pages).split())
    office = claim.application.office
    for line in (MINISTRY, DIRECTORATE, office.kanwil.name.upper(), office.name.upper(), "Kepala Kantor,",
                 office.head_name, f"NIP. {office.head_nip}", f"{office.city}, "):
        assert line in text, line
