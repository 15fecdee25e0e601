"""Issue 14, item 5: paid home delivery — courier, cost, tracking number; dispatched only once the passport is
ready; delivered with the signed receipt (stored without metadata) in a later minute; audited."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from maklumat.applications import delivery
from maklumat.applications.models import ApplicationEvent, HomeDelivery
from maklumat.applications.services import (
    application_create,
    application_event_record,
    home_delivery_deliver,
    home_delivery_dispatch,
    home_delivery_request,
)
from maklumat.audit.models import AuditEntry
from maklumat.notifications.models import Message
from maklumat.standards.models import Service

WIB = ZoneInfo("Asia/Jakarta")


def at(day, hour, minute=0, second=0):
    return datetime(2025, 7, day, hour, minute, second, tzinfo=WIB)


def signed_receipt() -> SimpleUploadedFile:
    image = Image.new("RGB", (80, 50), "white")
    exif = Image.Exif()
    exif.get_ifd(0x8825).update({1: "S", 2: (3.0, 40.0, 0.0)})
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile("ttd.jpg", out.getvalue())


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def application(blitar, officer):
    app = application_create(actor=officer, office=blitar, number="BLT-D1",
                             service=Service.objects.get(code="baru"),
                             booking_channel="m_paspor", applicant_name="Dewi",
                             applicant_address="Jl. Kenari 5, Blitar")
    application_event_record(application=app, name="payment", at=at(14, 9), actor=officer)
    return app


def test_a_paid_delivery_goes_from_request_to_the_signed_receipt_and_hands_the_passport_over(application, officer):
    item = home_delivery_request(actor=officer, application=application, courier="Pos Indonesia", cost=35000,
                                 now=at(14, 9, 30))
    assert (item.address, item.cost, item.status) == ("Jl. Kenari 5, Blitar", 35000, "requested")
    application_event_record(application=application, name="ready", at=at(16, 10), actor=officer)
    home_delivery_dispatch(actor=officer, delivery_id=item.pk, tracking_number="P2507160001", at=at(16, 13),
                           now=at(16, 13))
    done = home_delivery_deliver(actor=officer, delivery_id=item.pk, received_by="Dewi", receipt=signed_receipt(),
                                 delivered_at=at(17, 10), now=at(17, 10, 5))
    assert (done.status, done.tracking_number, done.received_by, done.receipt_kind) == (
        "delivered", "P2507160001", "Dewi", "jpeg")
    with Image.open(done.receipt.open("rb")) as stored:
        assert stored.getexif().get_ifd(0x8825) == {}
    assert ApplicationEvent.objects.filter(application=application, name="handover", at=at(17, 10)).exists()
    assert list(AuditEntry.objects.filter(action__startswith="home_delivery").order_by("id")
                .values_list("action", flat=True)) == [
        "home_delivery.request", "home_delivery.dispatch", "home_delivery.deliver"]


def test_the_applicant_is_told_of_the_dispatch_with_its_tracking_number_and_of_the_receipt(application, officer):
    application.applicant_phone = "0812-3456-7890"
    application.save(update_fields=["applicant_phone"])
    application_event_record(application=application, name="ready", at=at(16, 10), actor=officer)
    item = home_delivery_request(actor=officer, application=application, courier="JNE", cost=20000, now=at(16, 11))
    home_delivery_dispatch(actor=officer, delivery_id=item.pk, tracking_number="J77", at=at(16, 13), now=at(16, 13))
    home_delivery_deliver(actor=officer, delivery_id=item.pk, received_by="Dewi", receipt=signed_receipt(),
                          delivered_at=at(17, 10), now=at(17, 10, 5))
    sent = list(Message.objects.filter(kind__startswith="delivery_").order_by("id").values_list("kind", "body"))
    assert [kind for kind, _body in sent] == ["delivery_dispatched", "delivery_received"]
    assert "BLT-D1" in sent[0][1] and "JNE" in sent[0][1] and "J77" in sent[0][1]
    assert "Dewi" in sent[1][1] and "10.00" in sent[1][1]


def test_dispatch_before_the_passport_is_ready_is_refused_and_nothing_changes(application, officer):
    item = home_delivery_request(actor=officer, application=application, courier="JNE", cost=20000, now=at(14, 10))
    with pytest.raises(ValidationError) as refused:
        home_delivery_dispatch(actor=officer, delivery_id=item.pk, tracking_number="J1", at=at(15, 9), now=at(15, 9))
    assert list(refused.value.message_dict) == ["at"]
    application_event_record(application=application, name="ready", at=at(15, 11), actor=officer)
    with pytest.raises(ValidationError):  # ready later that day: a dispatch before it is still refused
        home_delivery_dispatch(actor=officer, delivery_id=item.pk, tracking_number="J1", at=at(15, 10),
                               now=at(15, 12))
    item.refresh_from_db()
    assert (item.status, item.tracking_number, item.dispatched_at) == ("requested", "", None)


def test_the_receipt_cannot_be_recorded_in_the_minute_of_dispatch_nor_without_a_real_file(application, officer):
    application_event_record(application=application, name="ready", at=at(15, 11), actor=officer)
    item = home_delivery_request(actor=officer, application=application, courier="JNE", cost=20000, now=at(15, 11))
    home_delivery_dispatch(actor=officer, delivery_id=item.pk, tracking_number="J1", at=at(15, 13, 0, 5),
                           now=at(15, 13, 0, 5))
    with pytest.raises(ValidationError) as same_minute:
        home_delivery_deliver(actor=officer, delivery_id=item.pk, received_by="Dewi", receipt=signed_receipt(),
                              delivered_at=at(15, 13, 0, 50), now=at(15, 13, 0, 55))
    with pytest.raises(ValidationError) as fake:
        home_delivery_deliver(actor=officer, delivery_id=item.pk, received_by="Dewi",
                              receipt=SimpleUploadedFile("ttd.jpg", b"<svg onload=alert(1)>"), now=at(15, 15))
    assert list(same_minute.value.message_dict) == ["delivered_at"]
    assert list(fake.value.message_dict) == ["receipt"]
    item.refresh_from_db()
    assert (item.status, bool(item.receipt)) == ("dispatched", False)


def test_a_paid_delivery_needs_courier_and_a_plausible_cost(application, officer):
    with pytest.raises(ValidationError) as refused:
        home_delivery_request(actor=officer, application=application, courier=" ", cost=50_000_000)
    assert set(refused.value.message_dict) == {"courier", "cost"}
    assert not HomeDelivery.objects.exists()


def test_outside_the_office_no_delivery_is_recorded(application, outsider):
    from django.http import Http404

    with pytest.raises((Http404, PermissionDenied)):
        home_delivery_request(actor=outsider, application=application, courier="JNE", cost=1)
    assert not HomeDelivery.objects.exists()


@given(ready=st.integers(min_value=-600, max_value=600), dispatch=st.integers(min_value=-600, max_value=600))
def test_dispatch_is_allowed_exactly_when_ready_at_or_before_it(ready, dispatch):
    base = at(16, 12)
    problem = delivery.dispatch_problem(ready_at=base + timedelta(minutes=ready), at=base + timedelta(minutes=dispatch))
    assert (problem is None) == (ready <= dispatch)
    assert delivery.dispatch_problem(ready_at=None, at=base) is not None


@given(gap=st.integers(min_value=0, max_value=3600), second=st.integers(min_value=0, max_value=59))
def test_a_receipt_is_accepted_exactly_from_the_next_minute_after_dispatch(gap, second):
    dispatched = at(16, 12, 0, second)
    delivered = dispatched + timedelta(seconds=gap)
    problem = delivery.receipt_problem(dispatched_at=dispatched, delivered_at=delivered, now=delivered)
    assert (problem is None) == (delivered.replace(second=0) > dispatched.replace(second=0))


def test_staff_pages_show_the_delivery_and_refuse_a_dispatch_before_readiness(client_of, application, officer):
    client = client_of(officer)
    page = "/kantor/blitar/permohonan/BLT-D1/antar/"
    client.post(page, {"action": "request", "courier": "Pos Indonesia", "cost": "35.000"})
    response = client.post(page, {"action": "dispatch", "tracking_number": "P1"}, follow=True)
    assert "Paspor belum siap" in response.content.decode()
    assert HomeDelivery.objects.get().status == "requested"
    listing = client.get("/kantor/blitar/antar-paspor/").content.decode()
    assert "BLT-D1" in listing and "Pos Indonesia" in listing
    assert "Rp 35.000" in listing and "Rp 35.000" in response.content.decode()
