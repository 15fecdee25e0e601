"""'Your number is near' is queued once, in the call's transaction, for applicants who left a phone."""

from __future__ import annotations

import pytest

from maklumat.notifications.models import Message
from maklumat.queueing.models import QueueConfig, Ticket
from maklumat.queueing.services import call_next
from maklumat.queueing.tests.conftest import at, issue


@pytest.mark.django_db(transaction=True)
def test_near_notice_is_queued_once_when_the_number_is_within_n(queue, officer):
    QueueConfig.objects.filter(office=queue.office).update(near_notice_ahead=2)
    issue(queue, officer, now=at(8))
    issue(queue, officer, now=at(8, 1))
    issue(queue, officer, now=at(8, 2), phone="081234567890")
    counter = queue.counters["Loket 1"]
    call_next(counter=counter, actor=officer, now=at(8, 5))   # A-003 is now second in line
    call_next(counter=counter, actor=officer, now=at(8, 9))   # still near: not told again
    [message] = Message.objects.all()
    assert (message.kind, message.channel, message.recipient, message.status) == (
        "queue_near", "sms", "6281234567890", "pending")
    assert "A-003 tinggal 2 antrean lagi" in message.body
    assert Ticket.objects.get(number=3).near_notified_at == at(8, 5)


@pytest.mark.django_db(transaction=True)
def test_no_notice_without_a_phone(queue, officer):
    issue(queue, officer, now=at(8))
    issue(queue, officer, now=at(8, 1))
    call_next(counter=queue.counters["Loket 1"], actor=officer, now=at(8, 5))
    assert not Message.objects.exists()
