"""Fulfilling each remedy: apology letter PDF, compensation queue number, souvenir ledger, home delivery."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from maklumat.applications.services import application_event_record
from maklumat.audit.models import AuditEntry
from maklumat.compensation import services
from maklumat.compensation.models import CompensationPolicy, Fulfilment, SouvenirItem, SouvenirMovement
from maklumat.compensation.pdf import apology_letter_pdf, delivery_receipt_pdf
from maklumat.compensation.tests.fixtures import AFTER, application_with

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def claim(eligible, yankomas):
    return services.claim_record(actor=yankomas, application=eligible,
                                 policy=CompensationPolicy.objects.get(code="blitar-2025"), as_of=AFTER)


def fulfilment(claim, remedy) -> Fulfilment:
    return Fulfilment.objects.get(claim=claim, remedy=remedy)


def test_apology_letter_gets_a_number_and_a_pdf_on_the_office_letterhead(claim, yankomas):
    done = services.remedy_fulfil_apology(claim=claim, actor=yankomas)
    assert done.letter_number == f"KOMP-BLITAR/{done.fulfilled_at.year}/{claim.pk:05d}"
    assert (done.status, done.fulfilled_by) == ("done", yankomas)
    pdf = apology_letter_pdf(done)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 1500
    with pytest.raises(ValidationError, match="sudah diberikan"):
        services.remedy_fulfil_apology(claim=claim, actor=yankomas)


def test_priority_service_records_the_compensation_queue_number(claim, yankomas):
    with pytest.raises(ValidationError, match="nomor antrian kompensasi"):
        services.remedy_fulfil_priority_service(claim=claim, actor=yankomas, ticket_number="  ")
    assert fulfilment(claim, "priority_service").status == "open"
    done = services.remedy_fulfil_priority_service(claim=claim, actor=yankomas, ticket_number=" K-003 ")
    assert (done.ticket_number, done.status) == ("K-003", "done")
    assert AuditEntry.objects.filter(action="remedy.priority_service", summary="K-003").count() == 1


def test_souvenir_comes_out_of_the_stock_ledger(claim, yankomas, blitar):
    item = SouvenirItem.objects.create(office=blitar, name="Gantungan kunci")
    services.souvenir_stock_receive(actor=yankomas, item=item, quantity=2, reason="pengadaan")
    services.remedy_fulfil_souvenir(claim=claim, actor=yankomas, item=item)
    assert services.souvenir_stock(item) == 1
    assert SouvenirMovement.objects.get(quantity=-1).fulfilment == fulfilment(claim, "souvenir")


def test_out_of_stock_souvenir_is_refused_with_a_clear_message_and_nothing_changes(claim, yankomas, blitar):
    item = SouvenirItem.objects.create(office=blitar, name="Tumbler")
    with pytest.raises(ValidationError) as refused:
        services.remedy_fulfil_souvenir(claim=claim, actor=yankomas, item=item)
    assert refused.value.messages == [
        "Stok suvenir “Tumbler” habis (0). Catat penerimaan stok dulu atau pilih suvenir lain; "
        "kompensasi lain tetap dapat diberikan."]
    assert fulfilment(claim, "souvenir").status == "open" and SouvenirMovement.objects.count() == 0


def test_souvenir_of_another_office_is_refused(claim, yankomas, balikpapan):
    item = SouvenirItem.objects.create(office=balikpapan, name="Pin")
    with pytest.raises(ValidationError, match="bukan milik kantor"):
        services.remedy_fulfil_souvenir(claim=claim, actor=yankomas, item=item)


@pytest.fixture
def late_allocation(muara_enim):
    application = application_with(muara_enim, "MRE-1", booking="walk_in", smart=False,
                                   address="Jl. Jend. Sudirman 10, Muara Enim")
    application_event_record(application=application, name="payment", at=datetime(2025, 7, 10, 10, tzinfo=WIB))
    application_event_record(application=application, name="allocation", at=datetime(2025, 7, 15, 8, tzinfo=WIB))
    application_event_record(application=application, name="ready", at=datetime(2025, 7, 15, 11, tzinfo=WIB))
    return application


def test_home_delivery_dispatch_then_signed_receipt(late_allocation, muara_enim):
    from maklumat.accounts.roles import Role
    from maklumat.conftest import make_user

    officer = make_user("loket.muara-enim", Role.PETUGAS_LOKET, office=muara_enim)
    kasubsi = make_user("kasubsi.muara-enim", Role.KASUBSI, office=muara_enim)
    claim = services.claim_record(actor=kasubsi, application=late_allocation,
                                  policy=CompensationPolicy.objects.get(code="muara-enim-2020"),
                                  as_of=datetime(2025, 8, 1, tzinfo=WIB))
    delivery = fulfilment(claim, "home_delivery")
    assert delivery.delivery_address == "Jl. Jend. Sudirman 10, Muara Enim"
    with pytest.raises(ValidationError, match="sebelum penerimaan"):
        services.remedy_deliver_home_delivery(claim=claim, actor=officer, received_by="Sri Wahyuni")
    with pytest.raises(ValidationError) as refused:
        services.remedy_dispatch_home_delivery(claim=claim, actor=officer, courier="Pos Indonesia",
                                               tracking_number="", address="x")
    assert refused.value.message_dict == {"tracking_number": ["isi nomor resi pengiriman"]}
    services.remedy_dispatch_home_delivery(claim=claim, actor=officer, courier="Pos Indonesia",
                                           tracking_number="P2507150001", address="Jl. Jend. Sudirman 10")
    with pytest.raises(ValidationError, match="sesudah menit pengiriman"):  # not in the minute it left
        services.remedy_deliver_home_delivery(claim=claim, actor=officer, received_by="Sri Wahyuni")
    type(delivery).objects.filter(pk=delivery.pk).update(dispatched_at=datetime(2025, 7, 16, 9, tzinfo=WIB))
    done = services.remedy_deliver_home_delivery(claim=claim, actor=officer, received_by="Sri Wahyuni")
    assert (done.status, done.courier, done.tracking_number, done.received_by) == (
        "done", "Pos Indonesia", "P2507150001", "Sri Wahyuni")
    assert delivery_receipt_pdf(done).startswith(b"%PDF-")
    assert list(AuditEntry.objects.filter(action__startswith="remedy.home_delivery").order_by("id")
                .values_list("action", "actor__username")) == [
        ("remedy.home_delivery.dispatch", "loket.muara-enim"), ("remedy.home_delivery.deliver", "loket.muara-enim")]


def test_priority_service_draws_a_number_from_the_separate_compensation_series(claim, yankomas):
    from maklumat.queueing.models import Ticket

    done = services.remedy_issue_priority_ticket(claim=claim, actor=yankomas)
    ticket = Ticket.objects.get(series__code="K")
    assert (done.ticket_number, done.status) == (ticket.display_number, "done")
    assert done.ticket_number.startswith("K-") and ticket.application == claim.application
    with pytest.raises(ValidationError, match="sudah diberikan"):
        services.remedy_issue_priority_ticket(claim=claim, actor=yankomas)
    assert Ticket.objects.filter(series__code="K").count() == 1  # the refused second click drew no number


def test_home_delivery_compensation_cannot_leave_before_the_passport_is_ready(muara_enim):
    from maklumat.accounts.roles import Role
    from maklumat.conftest import make_user

    application = application_with(muara_enim, "MRE-2", booking="walk_in", smart=False, address="Jl. Merdeka 1")
    application_event_record(application=application, name="payment", at=datetime(2025, 7, 10, 10, tzinfo=WIB))
    application_event_record(application=application, name="allocation", at=datetime(2025, 7, 15, 8, tzinfo=WIB))
    kasubsi = make_user("kasubsi.muara-enim", Role.KASUBSI, office=muara_enim)
    claim = services.claim_record(actor=kasubsi, application=application,
                                  policy=CompensationPolicy.objects.get(code="muara-enim-2020"),
                                  as_of=datetime(2025, 8, 1, tzinfo=WIB))
    with pytest.raises(ValidationError) as refused:
        services.remedy_dispatch_home_delivery(claim=claim, actor=kasubsi, courier="Pos Indonesia",
                                               tracking_number="P1", address="Jl. Merdeka 1")
    assert list(refused.value.message_dict) == ["at"]
    assert fulfilment(claim, "home_delivery").status == "open"
