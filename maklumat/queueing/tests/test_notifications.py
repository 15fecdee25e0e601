"""'Your number is near' goes once to applicants who left a phone, through the configured backend."""

from __future__ import annotations

import pytest

from maklumat.queueing.models import QueueConfig, Ticket
from maklumat.queueing.notifications import LogNotifier, MemoryNotifier, get_notifier, notify
from maklumat.queueing.services import call_next
from maklumat.queueing.tests.conftest import at, issue


@pytest.fixture
def outbox(settings):
    settings.QUEUE_NOTIFIER = "maklumat.queueing.notifications.MemoryNotifier"
    MemoryNotifier.outbox = []
    return MemoryNotifier.outbox


def test_the_default_backend_writes_to_the_log_with_the_phone_number_masked(caplog):
    assert isinstance(get_notifier(), LogNotifier)
    with caplog.at_level("INFO", logger="maklumat.queueing.notifications"):
        assert notify(phone="081234567890", message="halo") is True
    assert [record.getMessage() for record in caplog.records] == ["notifikasi ke 0812••••7890: halo"]
    assert "081234567890" not in caplog.text


def test_a_failing_gateway_does_not_break_the_counter_and_logs_no_full_number(settings, caplog):
    settings.QUEUE_NOTIFIER = "builtins.object"  # object() has no send(): the gateway "fails"
    with caplog.at_level("INFO", logger="maklumat.queueing.notifications"):
        assert notify(phone="081234567890", message="x") is False
    assert [record.getMessage() for record in caplog.records] == ["notifikasi ke 0812••••7890 gagal"]
    assert "081234567890" not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_near_notice_is_sent_once_when_the_number_is_within_n(outbox, queue, officer):
    QueueConfig.objects.filter(office=queue.office).update(near_notice_ahead=2)
    issue(queue, officer, now=at(8))
    issue(queue, officer, now=at(8, 1))
    issue(queue, officer, now=at(8, 2), phone="081234567890")
    counter = queue.counters["Loket 1"]
    call_next(counter=counter, actor=officer, now=at(8, 5))   # A-003 is now second in line
    call_next(counter=counter, actor=officer, now=at(8, 9))   # still near: not told again
    assert len(outbox) == 1
    phone, message = outbox[0]
    assert phone == "081234567890"
    assert "A-003 tinggal 2 antrean lagi" in message
    assert Ticket.objects.get(number=3).near_notified_at == at(8, 5)


@pytest.mark.django_db(transaction=True)
def test_no_notice_without_a_phone(outbox, queue, officer):
    issue(queue, officer, now=at(8))
    issue(queue, officer, now=at(8, 1))
    call_next(counter=queue.counters["Loket 1"], actor=officer, now=at(8, 5))
    assert outbox == []
