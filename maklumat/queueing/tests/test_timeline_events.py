"""Ticket actions feed the application timeline, so the Blitar 2-hour rule is evaluated live."""

from __future__ import annotations

from maklumat.applications.models import ApplicationEvent
from maklumat.queueing.services import call_next, compensation_ticket_issue, ticket_transfer
from maklumat.queueing.tests.conftest import at, issue


def events(application):
    return list(ApplicationEvent.objects.filter(application=application).order_by("at", "id")
                .values_list("name", "at", "source"))


def test_first_ticket_of_the_day_records_queue_ticket(queue, officer, application):
    issue(queue, officer, application=application, now=at(8))
    issue(queue, officer, application=application, now=at(10))
    assert events(application) == [("queue_ticket", at(8), "antrian")]


def test_transfer_to_biometrics_records_biometric_ticket_and_the_call_biometric_start(queue, officer, application):
    issue(queue, officer, application=application, now=at(8))
    call_next(counter=queue.counters["Loket 1"], actor=officer, now=at(8, 2))
    ticket_transfer(counter=queue.counters["Loket 1"], actor=officer, step=queue.steps["biometric"], now=at(8, 7))
    call_next(counter=queue.counters["Loket 3"], actor=officer, now=at(10, 30))
    assert events(application) == [
        ("queue_ticket", at(8), "antrian"), ("intake_start", at(8, 2), "antrian"),
        ("intake_finish", at(8, 7), "antrian"), ("biometric_ticket", at(8, 7), "antrian"),
        ("biometric_start", at(10, 30), "antrian"),
    ]


def test_a_ticket_issued_straight_for_biometrics_records_biometric_ticket(queue, officer, application):
    issue(queue, officer, step="biometric", application=application, now=at(8))
    assert [name for name, _, _ in events(application)] == ["queue_ticket", "biometric_ticket"]


def test_calls_at_non_biometric_counters_record_no_biometric_start(queue, officer, application):
    issue(queue, officer, application=application, now=at(8))
    call_next(counter=queue.counters["Loket 1"], actor=officer, now=at(8, 2))
    assert [name for name, _, _ in events(application)] == ["queue_ticket", "intake_start"]


def test_end_of_service_records_the_step_finish_and_no_show_records_nothing(queue, officer, application):
    from maklumat.queueing.services import ticket_end, ticket_no_show, ticket_recall

    issue(queue, officer, step="handover", application=application, now=at(8))
    call_next(counter=queue.counters["Loket 5"], actor=officer, now=at(8, 2))
    ticket_end(counter=queue.counters["Loket 5"], actor=officer, now=at(8, 6))
    issue(queue, officer, application=application, now=at(9))
    call_next(counter=queue.counters["Loket 1"], actor=officer, now=at(9, 1))
    ticket_recall(counter=queue.counters["Loket 1"], actor=officer, now=at(9, 2))
    ticket_recall(counter=queue.counters["Loket 1"], actor=officer, now=at(9, 3))
    ticket_no_show(counter=queue.counters["Loket 1"], actor=officer, now=at(9, 5))
    assert [(name, when) for name, when, _ in events(application)] == [
        ("queue_ticket", at(8)), ("handover_start", at(8, 2)), ("handover_finish", at(8, 6)),
        ("intake_start", at(9, 1))]


def test_tickets_without_application_record_nothing(queue, officer):
    issue(queue, officer, step="biometric", now=at(8))
    assert ApplicationEvent.objects.count() == 0


def test_compensation_ticket_issue_contract(queue, officer, yankomas, application):
    """The compensation remedy calls ``compensation_ticket_issue(*, office, actor, application=None)``."""
    issue(queue, officer, application=application, now=at(8))
    call_next(counter=queue.counters["Loket 1"], actor=officer, now=at(8, 2))
    ticket_transfer(counter=queue.counters["Loket 1"], actor=officer, step=queue.steps["biometric"], now=at(8, 5))
    ticket = compensation_ticket_issue(office=queue.office, actor=yankomas, application=application, now=at(10, 30))
    assert (ticket.display_number, ticket.step.code, ticket.application_id) == ("K-001", "biometric", application.pk)
    # The compensated applicant is called before the general number that waits longer.
    assert call_next(counter=queue.counters["Loket 4"], actor=officer, now=at(10, 31)).pk == ticket.pk


def test_compensation_ticket_without_application_goes_to_the_entry_step(queue, yankomas):
    ticket = compensation_ticket_issue(office=queue.office, actor=yankomas, now=at(9))
    assert (ticket.display_number, ticket.step.code, ticket.application) == ("K-001", "intake", None)
