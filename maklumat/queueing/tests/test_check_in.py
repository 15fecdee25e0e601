"""M-Paspor bookings check in by code inside their slot window; walk-ins within the daily quota."""

from __future__ import annotations

from datetime import timedelta

import pytest

from maklumat.applications.models import ApplicationEvent
from maklumat.queueing.models import Booking, QueueConfig, Series, Ticket
from maklumat.queueing.services import QueueError, booking_check_in, kiosk_ticket_issue
from maklumat.queueing.tests.conftest import at


@pytest.fixture
def booking(blitar):
    return Booking.objects.create(office=blitar, code="MPX123", applicant_name="Sri Wahyuni", phone="081234567890",
                                  slot_start=at(9), slot_end=at(9, 30))


def test_check_in_inside_the_window_gives_a_number_and_links_the_application(queue, duta, booking, application):
    ticket = booking_check_in(office=queue.office, actor=duta, code=" mpx123 ", now=at(8, 45))
    assert (ticket.display_number, ticket.origin, ticket.step.code, ticket.phone) == (
        "A-001", "booking", "intake", "081234567890")
    assert ticket.application_id == application.pk
    assert ApplicationEvent.objects.filter(application=application, name="queue_ticket").exists()
    booking.refresh_from_db()
    assert booking.checked_in_at == at(8, 45)


def test_check_in_too_early_says_when_it_opens_and_changes_nothing(queue, duta, booking):
    with pytest.raises(QueueError) as refused:
        booking_check_in(office=queue.office, actor=duta, code="MPX123", now=at(8, 29))
    assert refused.value.code == "too_early"
    assert "08:30" in refused.value.message
    assert Ticket.objects.count() == 0
    booking.refresh_from_db()
    assert booking.checked_in_at is None


def test_check_in_too_late_is_refused(queue, duta, booking):
    with pytest.raises(QueueError) as refused:
        booking_check_in(office=queue.office, actor=duta, code="MPX123", now=at(9, 46))
    assert refused.value.code == "too_late"


def test_the_window_follows_the_office_settings(queue, duta, booking):
    QueueConfig.objects.filter(office=queue.office).update(check_in_early_minutes=60, check_in_late_minutes=0)
    assert booking_check_in(office=queue.office, actor=duta, code="MPX123", now=at(8, 0)).number == 1


def test_checking_in_twice_is_refused_with_the_number_already_given(queue, duta, booking):
    booking_check_in(office=queue.office, actor=duta, code="MPX123", now=at(9))
    with pytest.raises(QueueError) as refused:
        booking_check_in(office=queue.office, actor=duta, code="MPX123", now=at(9, 1))
    assert refused.value.code == "twice"
    assert "A-001" in refused.value.message
    assert Ticket.objects.count() == 1


def test_unknown_code_and_another_offices_booking_are_not_found(queue, duta, pamekasan):
    Booking.objects.create(office=pamekasan, code="MPPMK1", applicant_name="X", slot_start=at(9), slot_end=at(10))
    for code in ["NOPE", "MPPMK1"]:
        with pytest.raises(QueueError) as refused:
            booking_check_in(office=queue.office, actor=duta, code=code, now=at(9))
        assert refused.value.code == "unknown"


def test_priority_booking_gets_a_priority_number(queue, duta, blitar):
    Booking.objects.create(office=blitar, code="MPP1", applicant_name="Ibu", ticket_class="priority",
                           slot_start=at(9), slot_end=at(9, 30))
    assert booking_check_in(office=queue.office, actor=duta, code="MPP1", now=at(9)).display_number == "P-001"


def test_walk_ins_stop_at_the_daily_quota(queue, duta):
    QueueConfig.objects.filter(office=queue.office).update(walk_in_daily_quota=2)
    for minute in range(2):
        kiosk_ticket_issue(office=queue.office, actor=duta, ticket_class="general", step=queue.steps["intake"],
                           now=at(8, minute))
    with pytest.raises(QueueError) as refused:
        kiosk_ticket_issue(office=queue.office, actor=duta, ticket_class="priority", step=queue.steps["intake"],
                           now=at(8, 5))
    assert refused.value.code == "quota_full"
    assert Ticket.objects.count() == 2


def test_bookings_and_officer_tickets_do_not_use_the_walk_in_quota(queue, duta, booking, officer):
    from maklumat.queueing.tests.conftest import issue

    QueueConfig.objects.filter(office=queue.office).update(walk_in_daily_quota=0)
    issue(queue, officer, now=at(8))
    assert booking_check_in(office=queue.office, actor=duta, code="MPX123", now=at(9)).number == 2


def test_walk_in_of_a_class_not_allowed_is_refused(queue, duta):
    Series.objects.filter(office=queue.office, code="P").update(walk_in_allowed=False)
    with pytest.raises(QueueError) as refused:
        kiosk_ticket_issue(office=queue.office, actor=duta, ticket_class="priority", step=queue.steps["intake"],
                           now=at(8))
    assert refused.value.code == "class_not_allowed"
    with pytest.raises(QueueError):
        kiosk_ticket_issue(office=queue.office, actor=duta, ticket_class="compensation", step=queue.steps["intake"],
                           now=at(8))


def test_kiosk_cannot_pick_a_step_not_offered_at_the_kiosk(queue, duta):
    with pytest.raises(QueueError) as refused:
        kiosk_ticket_issue(office=queue.office, actor=duta, ticket_class="general", step=queue.steps["biometric"],
                           now=at(8))
    assert refused.value.code == "step_not_allowed"


def test_quota_counts_only_today(queue, duta):
    QueueConfig.objects.filter(office=queue.office).update(walk_in_daily_quota=1)
    kiosk_ticket_issue(office=queue.office, actor=duta, ticket_class="general", step=queue.steps["intake"],
                       now=at(8) - timedelta(days=1))
    assert kiosk_ticket_issue(office=queue.office, actor=duta, ticket_class="general", step=queue.steps["intake"],
                              now=at(8)).number == 1


def test_an_unknown_class_is_refused_clearly(queue, duta):
    with pytest.raises(QueueError) as refused:
        kiosk_ticket_issue(office=queue.office, actor=duta, ticket_class="vip", step=queue.steps["intake"], now=at(8))
    assert (refused.value.code, refused.value.message) == ("invalid", "Kelas antrian tidak dikenal: vip.")
    assert Ticket.objects.count() == 0
