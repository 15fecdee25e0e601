"""The outbox: written with its event, sent by the worker with retries, each message delivered once
even when the gateway errs or the worker dies between sending and marking (issue 14 item 2)."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from maklumat.notifications import rules, services
from maklumat.notifications.models import Message, OptOut, Status
from maklumat.notifications.services import message_enqueue, messages_send_due
from maklumat.notifications.tests.fake_gateway import FakeGateway

PHONE = "081234567890"
NORMALIZED = "6281234567890"


class WorkerKilled(BaseException):
    """Stands for the worker process dying (SIGKILL, power cut): nothing after it runs."""


@pytest.fixture
def sms_gateway(settings):
    with FakeGateway() as gateway:
        settings.NOTIFY_SMS_BACKEND = "sms_http"
        settings.NOTIFY_PHONE_CHANNEL = "sms"
        settings.NOTIFY_SMS_URL = gateway.url + "/send"
        settings.NOTIFY_SMS_TOKEN = "secret-token"
        yield gateway


def enqueue(office, key="passport_ready:1", **contacts):
    with transaction.atomic():
        return message_enqueue(office=office, kind="passport_ready", key=key, subject="Paspor siap",
                               body="Paspor Anda siap diambil.", **contacts)


@pytest.mark.django_db
def test_gateway_errors_are_retried_with_growing_pauses_and_the_message_is_delivered_once(blitar, sms_gateway):
    sms_gateway.script = [503, 503]
    [message] = enqueue(blitar, phone=PHONE)
    t0 = message.next_attempt_at

    first = messages_send_due(now=t0)
    message.refresh_from_db()
    assert (first.retried, message.status, message.attempts) == (1, Status.PENDING, 1)
    assert message.next_attempt_at == t0 + timedelta(minutes=1)
    assert message.last_error == "HTTP 503"

    assert messages_send_due(now=t0 + timedelta(seconds=59)).retried == 0  # not due yet: no request
    assert len(sms_gateway.requests) == 1

    messages_send_due(now=t0 + timedelta(minutes=1))
    message.refresh_from_db()
    assert message.next_attempt_at == t0 + timedelta(minutes=1) + timedelta(minutes=2)

    last = messages_send_due(now=t0 + timedelta(minutes=3))
    message.refresh_from_db()
    assert (last.sent, message.status, message.attempts, message.provider_ref) == (1, Status.SENT, 3, "gw-1")
    assert len(sms_gateway.requests) == 3
    keys = {request["headers"]["Idempotency-Key"] for request in sms_gateway.requests}
    assert keys == {str(message.idempotency_key)}
    assert list(sms_gateway.delivered.values()) == [{"to": NORMALIZED, "message": "Paspor Anda siap diambil.",
                                                     "sender": "IMIGRASI", "reference": str(message.idempotency_key)}]
    assert sms_gateway.requests[0]["headers"]["Authorization"] == "Bearer secret-token"
    assert messages_send_due(now=t0 + timedelta(hours=1)).sent == 0  # sent stays sent


@pytest.mark.django_db
def test_a_worker_killed_between_send_and_mark_leaves_the_message_delivered_once(blitar, sms_gateway, monkeypatch):
    [message] = enqueue(blitar, phone=PHONE)
    t0 = message.next_attempt_at
    real_mark = services._mark

    def killed_after_sending(*args, **kwargs):
        raise WorkerKilled

    monkeypatch.setattr(services, "_mark", killed_after_sending)
    with pytest.raises(WorkerKilled):
        messages_send_due(now=t0)
    monkeypatch.setattr(services, "_mark", real_mark)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENDING, 1)
    assert len(sms_gateway.delivered) == 1

    # While the dead worker's lease runs, no other worker touches the message.
    assert messages_send_due(now=t0 + rules.LEASE - timedelta(seconds=1)).sent == 0
    assert len(sms_gateway.requests) == 1

    # After it, the message is sent again with the same key: the gateway delivers it once.
    result = messages_send_due(now=t0 + rules.LEASE + timedelta(seconds=1))
    message.refresh_from_db()
    assert (result.sent, message.status, message.attempts) == (1, Status.SENT, 2)
    assert len(sms_gateway.requests) == 2
    assert len(sms_gateway.delivered) == 1


@pytest.mark.django_db
def test_an_interrupted_email_is_marked_uncertain_and_never_sent_twice(blitar, settings, monkeypatch):
    settings.NOTIFY_EMAIL_BACKEND = "email"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    [message] = enqueue(blitar, email="Dewi@Example.ORG")
    t0 = message.next_attempt_at
    monkeypatch.setattr(services, "_mark", lambda *a, **k: (_ for _ in ()).throw(WorkerKilled()))
    with pytest.raises(WorkerKilled):
        messages_send_due(now=t0)
    monkeypatch.undo()
    assert [m.to for m in mail.outbox] == [["dewi@example.org"]]

    result = messages_send_due(now=t0 + rules.LEASE + timedelta(minutes=1))
    message.refresh_from_db()
    assert (result.uncertain, message.status) == (1, Status.UNCERTAIN)
    assert messages_send_due(now=t0 + timedelta(days=1)).sent == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == f"<{message.idempotency_key}@maklumat>"


@pytest.mark.django_db
def test_whatsapp_cloud_api_gets_its_payload_and_a_server_error_is_retried(blitar, settings):
    with FakeGateway([500]) as gateway:
        settings.NOTIFY_PHONE_CHANNEL = "whatsapp"
        settings.NOTIFY_WHATSAPP_BACKEND = "whatsapp_cloud"
        settings.NOTIFY_WHATSAPP_URL = gateway.url + "/v21.0"
        settings.NOTIFY_WHATSAPP_PHONE_NUMBER_ID = "1234567"
        settings.NOTIFY_WHATSAPP_TOKEN = "wa-token"
        [message] = enqueue(blitar, phone="+62 812-3456-7890")
        t0 = message.next_attempt_at
        assert messages_send_due(now=t0).retried == 1
        assert messages_send_due(now=t0 + timedelta(minutes=1)).sent == 1
    message.refresh_from_db()
    assert (message.channel, message.status, message.provider_ref) == ("whatsapp", Status.SENT, "wamid.TEST")
    assert [r["path"] for r in gateway.requests] == ["/v21.0/1234567/messages"] * 2
    assert gateway.requests[1]["headers"]["Authorization"] == "Bearer wa-token"
    assert gateway.requests[1]["json"] == {
        "messaging_product": "whatsapp", "recipient_type": "individual", "to": NORMALIZED,
        "biz_opaque_callback_data": str(message.idempotency_key), "type": "text",
        "text": {"preview_url": False, "body": "Paspor Anda siap diambil."}}


@pytest.mark.django_db
def test_a_refused_number_fails_at_once_and_attempts_run_out_after_the_last_retry(blitar, sms_gateway):
    sms_gateway.script = [400]
    [refused] = enqueue(blitar, key="a", phone=PHONE)
    messages_send_due(now=refused.next_attempt_at)
    refused.refresh_from_db()
    assert (refused.status, refused.attempts, refused.last_error) == (Status.FAILED, 1, "HTTP 400")

    sms_gateway.script = [503] * rules.MAX_ATTEMPTS
    [busy] = enqueue(blitar, key="b", phone=PHONE)
    moment = busy.next_attempt_at
    for _attempt in range(rules.MAX_ATTEMPTS):
        messages_send_due(now=moment)
        moment += rules.RETRY_MAX
    busy.refresh_from_db()
    assert (busy.status, busy.attempts) == (Status.FAILED, rules.MAX_ATTEMPTS)
    assert sms_gateway.delivered == {}


@pytest.mark.django_db
def test_the_message_commits_or_rolls_back_with_its_event(blitar):
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(blitar, phone=PHONE)
        raise RuntimeError("the event's service failed")
    assert not Message.objects.exists()
    enqueue(blitar, phone=PHONE)
    enqueue(blitar, phone=PHONE)  # the same event again queues nothing more
    assert Message.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_enqueuing_outside_a_transaction_is_refused(blitar):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        message_enqueue(office=blitar, kind="passport_ready", key="x", body="b", phone=PHONE)
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_an_opted_out_contact_gets_nothing_whenever_it_opted_out(blitar, sms_gateway, officer):
    services.optout_record(actor=officer, office=blitar, contact="0812 3456 7890", reason="tidak mau SMS")
    [early] = enqueue(blitar, key="early", phone=PHONE)
    assert early.status == Status.SKIPPED
    services.optout_remove(actor=officer, office=blitar, contact=PHONE)
    [late] = enqueue(blitar, key="late", phone=PHONE)
    assert late.status == Status.PENDING
    services.optout_record(actor=officer, office=blitar, contact="+6281234567890")
    result = messages_send_due(now=late.next_attempt_at)
    late.refresh_from_db()
    assert (result.skipped, late.status) == (1, Status.SKIPPED)
    assert sms_gateway.requests == []
    assert OptOut.objects.get().contact == NORMALIZED


@pytest.mark.django_db
def test_full_phone_numbers_never_reach_the_log(blitar, sms_gateway, settings, caplog):
    sms_gateway.script = [503]
    caplog.set_level(logging.INFO, logger="maklumat.notifications")
    [message] = enqueue(blitar, phone=PHONE)
    messages_send_due(now=message.next_attempt_at)
    settings.NOTIFY_SMS_BACKEND = "log"
    messages_send_due(now=message.next_attempt_at + timedelta(minutes=1))
    assert "0812" in caplog.text or "6281" in caplog.text  # something was logged about the number
    assert NORMALIZED not in caplog.text and PHONE not in caplog.text and "34567" not in caplog.text


@pytest.mark.django_db
def test_a_contact_that_is_neither_phone_nor_email_is_refused_with_the_field(blitar, officer):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.optout_record(actor=officer, office=blitar, contact="bukan kontak")
    assert "contact" in refused.value.message_dict
    assert not OptOut.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_workers_in_parallel_send_every_message_exactly_once(blitar, sms_gateway):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks with SKIP LOCKED need PostgreSQL")
    import threading

    from django.db import connections

    for n in range(30):
        enqueue(blitar, key=f"parallel:{n}", phone=PHONE)
    now = timezone.now()
    barrier = threading.Barrier(2)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(messages_send_due(now=now, limit=30))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(result.sent for result in results) == 30
    assert len(sms_gateway.requests) == 30
    assert len({r["headers"]["Idempotency-Key"] for r in sms_gateway.requests}) == 30
    assert Message.objects.filter(status=Status.SENT).count() == 30


@pytest.mark.django_db
def test_the_send_command_sends_what_is_due_and_says_what_happened(blitar, sms_gateway):
    from maklumat.conftest import run_command

    sms_gateway.script = [503]
    enqueue(blitar, key="one", phone=PHONE)
    enqueue(blitar, key="two", phone="081299998888")
    code, out, _err = run_command("notifications", ["send"])
    assert code == 0
    assert out.strip() == "notifikasi: 1 terkirim, 1 dicoba lagi, 0 gagal, 0 tidak pasti, 0 ditolak"
