"""Every message of issue 14 is queued by its producer in the event's own transaction: passport ready,
pickup deadline approaching, compensation decided, complaint acknowledged (every channel) and complaint
answered (phone-only complainants too). The queue's 'number is near' is in queueing/tests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from maklumat.applications.deadlines import pickup_due, pickup_reminder_at
from maklumat.applications.public import moment_text
from maklumat.applications.services import (
    application_create,
    application_event_record,
    application_remind_uncollected,
)
from maklumat.calendar.selectors import work_calendar_for
from maklumat.complaints import services as complaints
from maklumat.complaints.services import Reporter
from maklumat.complaints.tests.factories import category, open_complaint, team
from maklumat.notifications.models import Message
from maklumat.standards.models import Service


def make(office, number="MNE-1", phone="081234567890"):
    return application_create(actor=None, office=office, number=number, service=Service.objects.get(code="baru"),
                              booking_channel="walk_in", applicant_name="Siti", applicant_phone=phone)


@pytest.mark.django_db
def test_a_ready_passport_tells_the_applicant_until_when_to_collect_it(muara_enim):
    application = make(muara_enim)
    ready = timezone.now() - timedelta(minutes=5)
    application_event_record(application=application, name="ready", at=ready, source="loket")
    application_event_record(application=application, name="kasi_check", at=ready - timedelta(minutes=1))
    [message] = Message.objects.all()
    due = muara_enim.localtime(pickup_due(ready, work_calendar_for(muara_enim)))
    assert (message.kind, message.recipient, message.channel) == ("passport_ready", "6281234567890", "sms")
    assert f"Ambil paling lambat {moment_text(due)}" in message.body and "MNE-1" in message.body


@pytest.mark.django_db
def test_history_typed_in_late_and_applicants_without_a_phone_get_no_message(muara_enim):
    old = make(muara_enim, number="MNE-1")
    application_event_record(application=old, name="ready", at=timezone.now() - timedelta(days=3))
    silent = make(muara_enim, number="MNE-2", phone="")
    application_event_record(application=silent, name="ready", at=timezone.now())
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_the_pickup_reminder_comes_five_days_before_the_cancellation_once(muara_enim):
    application = make(muara_enim)
    ready = timezone.now() - timedelta(days=28)
    application_event_record(application=application, name="ready", at=ready)
    remind_at = pickup_reminder_at(ready, work_calendar_for(muara_enim))
    assert pickup_due(ready, work_calendar_for(muara_enim)) - remind_at == timedelta(days=5)
    assert application_remind_uncollected(as_of=remind_at - timedelta(seconds=1)) == []
    assert application_remind_uncollected(as_of=remind_at) == [application]
    assert application_remind_uncollected(as_of=remind_at + timedelta(hours=1)) == []
    [message] = Message.objects.all()
    assert message.kind == "pickup_reminder" and "belum diambil" in message.body


@pytest.mark.django_db
def test_a_collected_passport_is_not_reminded(muara_enim):
    application = make(muara_enim)
    ready = timezone.now() - timedelta(days=28)
    application_event_record(application=application, name="ready", at=ready)
    application_event_record(application=application, name="handover", at=ready + timedelta(days=1))
    assert application_remind_uncollected(as_of=timezone.now()) == []


@pytest.mark.django_db
def test_a_late_allocation_tells_the_applicant_the_home_delivery_owed(muara_enim):
    application = make(muara_enim)
    now = timezone.now()
    application_event_record(application=application, name="payment", at=now - timedelta(days=14))
    assert not Message.objects.exists()  # not (yet) eligible
    application_event_record(application=application, name="allocation", at=now - timedelta(hours=1))
    [message] = Message.objects.all()
    assert message.kind == "compensation_decided"
    assert "Antar" in message.body or "antar" in message.body
    assert "Tidak perlu mengajukan klaim" in message.body


@pytest.mark.django_db
def test_every_channel_is_acknowledged_and_web_complaints_by_email(pamekasan):
    web = complaints.complaint_open(actor=None, office=pamekasan, channel="web", subject="Antrian",
                                    description="Nomor antrian saya tidak pernah dipanggil.",
                                    reporter=Reporter(name="Rina", email="rina@example.test"))
    [ack] = Message.objects.filter(kind="complaint_ack")
    assert (ack.channel, ack.recipient) == ("email", "rina@example.test")
    assert ack.subject.startswith(f"[{web.tracking_code}]")
    people = team(pamekasan)
    open_complaint(pamekasan, people["petugas_yankomas"], at=timezone.now(), reporter=Reporter(name="Tanpa kontak"))
    assert Message.objects.count() == 1  # a walk-in without a contact: nothing to send


@pytest.mark.django_db
def test_a_phone_only_complainant_receives_the_answer_by_sms(pamekasan):
    people = team(pamekasan)
    now = timezone.now()
    complaint = open_complaint(pamekasan, people["petugas_yankomas"], at=now,
                               reporter=Reporter(name="Budi", phone="081311112222"))
    complaints.complaint_close_general(
        actor=people["petugas_yankomas"], complaint_id=complaint.pk,
        step_id=complaint.steps.get(status="active").pk, category=category("status_check"),
        resolution="Dicek di SIMKIM.", reply="Paspor Anda dapat diambil besok pukul 13.00.", now=now)
    kinds = sorted(Message.objects.values_list("kind", "channel", "recipient"))
    assert kinds == [("complaint_ack", "sms", "6281311112222"), ("complaint_answer", "sms", "6281311112222")]
    answer = Message.objects.get(kind="complaint_answer")
    assert "Paspor Anda dapat diambil besok pukul 13.00." in answer.body and complaint.tracking_code in answer.body


@pytest.mark.django_db
@pytest.mark.parametrize("confidential", [False, True])
def test_the_public_status_page_shows_the_answer_unless_confidential(client, pamekasan, confidential):
    people = team(pamekasan)
    now = timezone.now()
    complaint = open_complaint(pamekasan, people["petugas_yankomas"], at=now, confidential=confidential,
                               reporter=Reporter(name="Budi", phone="081311112222"))
    complaints.complaint_close_general(
        actor=people["petugas_yankomas"], complaint_id=complaint.pk,
        step_id=complaint.steps.get(status="active").pk, category=category("status_check"),
        resolution="Dicek di SIMKIM.", reply="Paspor Anda dapat diambil besok pukul 13.00.", now=now)
    html = client.get(f"/pengaduan/status/{complaint.tracking_code}/").content.decode()
    assert ("Paspor Anda dapat diambil besok pukul 13.00." in html) is not confidential
    assert "Budi" not in html and "0813" not in html
