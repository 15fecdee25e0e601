"""Exports are inert (issue 12, item 2): markup in an office's fields prints literally on its letters.

An office address containing ``<b>`` made every apology letter fail with a 500.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from maklumat.accounts.roles import Role
from maklumat.applications.services import application_event_record
from maklumat.compensation import services
from maklumat.compensation.models import CompensationPolicy
from maklumat.compensation.tests.fixtures import AFTER, application_with
from maklumat.conftest import make_user
from maklumat.lib.tests.pdf import pdf_text

WIB = ZoneInfo("Asia/Jakarta")


def mark_up(office):
    office.name = "Kantor <b>Imigrasi</b> & Co"
    office.address = "Jl. <b>Merdeka</b> & Gang <i>"
    office.head_name = "<b>Kepala</b> & Wakil"
    office.head_nip = "1970<br/>01"
    office.city = "Kota <u>"
    office.save()


def test_the_apology_letter_of_an_office_with_markup_in_its_fields_is_a_pdf_that_prints_them(client_of, blitar,
                                                                                            eligible, yankomas):
    mark_up(blitar)
    claim = services.claim_record(actor=yankomas, application=eligible,
                                  policy=CompensationPolicy.objects.get(code="blitar-2025"), as_of=AFTER)
    services.remedy_fulfil_apology(claim=claim, actor=yankomas)
    response = client_of(yankomas).get(f"/kantor/blitar/kompensasi/klaim/{claim.pk}/surat-maaf.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    for printed in ("KANTOR <B>IMIGRASI</B> & CO", "Jl. <b>Merdeka</b> & Gang <i>", "<b>Kepala</b> & Wakil",
                    "NIP. 1970<br/>01", "Kota <u>,"):
        assert printed in text


def test_the_delivery_receipt_of_an_office_with_markup_in_its_fields_is_a_pdf_that_prints_them(client_of,
                                                                                              muara_enim):
    mark_up(muara_enim)
    application = application_with(muara_enim, "MRE-1", booking="walk_in", smart=False,
                                   address="Jl. <b>Sudirman</b> 10 & 12")
    application_event_record(application=application, name="payment", at=datetime(2025, 7, 10, 10, tzinfo=WIB))
    application_event_record(application=application, name="allocation", at=datetime(2025, 7, 15, 8, tzinfo=WIB))
    application_event_record(application=application, name="ready", at=datetime(2025, 7, 15, 11, tzinfo=WIB))
    kasubsi = make_user("kasubsi.muara-enim", Role.KASUBSI, office=muara_enim)
    claim = services.claim_record(actor=kasubsi, application=application,
                                  policy=CompensationPolicy.objects.get(code="muara-enim-2020"),
                                  as_of=datetime(2025, 8, 1, tzinfo=WIB))
    services.remedy_dispatch_home_delivery(claim=claim, actor=kasubsi, courier="Pos <Indonesia>",
                                           tracking_number="P2507150001", address="Jl. <b>Sudirman</b> 10 & 12")
    claim.fulfilments.filter(remedy="home_delivery").update(dispatched_at=datetime(2025, 7, 16, 9, tzinfo=WIB))
    services.remedy_deliver_home_delivery(claim=claim, actor=kasubsi, received_by="Sri <Wahyuni> & anak")
    response = client_of(kasubsi).get(f"/kantor/muara-enim/kompensasi/klaim/{claim.pk}/tanda-terima.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    for printed in ("KANTOR <B>IMIGRASI</B> & CO", "Jl. <b>Merdeka</b> & Gang <i>", "<b>Kepala</b> & Wakil",
                    "Jl. <b>Sudirman</b> 10 & 12", "Pos <Indonesia> / P2507150001", "Sri <Wahyuni> & anak"):
        assert printed in text
