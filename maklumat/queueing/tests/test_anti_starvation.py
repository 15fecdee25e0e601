"""Anti-starvation: a ticket that has waited past the office's limit is called before younger ones of any
queue class (compensation numbers stay queue-free, first of all: seed 000 point 1); the one-statement call
on PostgreSQL (and the ORM path on SQLite) picks exactly what the pure rule picks; the default limit is the
office's wait promise's warning point (docs/decisions.md)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maklumat.queueing import rules
from maklumat.queueing.models import QueueConfig, Ticket, TicketOrigin, TicketStatus, Visit
from maklumat.queueing.rules import CallingRule, RuleKind, TicketClass, Waiting, calling_order, next_ticket
from maklumat.queueing.selectors import config_for, max_wait_of, wait_promise
from maklumat.queueing.services import call_next
from maklumat.queueing.tests.conftest import at, issue

T0 = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)
G, P, K = TicketClass.GENERAL, TicketClass.PRIORITY, TicketClass.COMPENSATION
HOUR = timedelta(hours=1)


def w(pk: int, cls: TicketClass, minute: int) -> Waiting:
    return Waiting(id=pk, ticket_class=cls, waiting_since=T0 + timedelta(minutes=minute), number=pk)


def test_a_general_ticket_past_the_limit_is_called_before_newer_priority_tickets():
    # The day of the issue: A-001 had waited 65 minutes while new P tickets kept arriving.
    waiting = [w(1, G, 0), w(2, P, 50), w(3, P, 60)]
    now = T0 + timedelta(minutes=65)
    assert next_ticket(waiting, CallingRule(RuleKind.PRIORITY_FIRST, max_wait=HOUR), now=now).id == 1
    # Before the limit, or without one, priority first as before.
    assert next_ticket(waiting, CallingRule(RuleKind.PRIORITY_FIRST, max_wait=HOUR), now=T0 + HOUR).id == 2
    assert next_ticket(waiting, CallingRule(RuleKind.PRIORITY_FIRST), now=now).id == 2


def test_overdue_tickets_go_longest_waiting_first_whatever_their_class():
    waiting = [w(1, G, 10), w(2, P, 5), w(3, P, 100), w(4, G, 0), w(5, G, 90)]
    rule = CallingRule(RuleKind.PRIORITY_FIRST, max_wait=HOUR)
    order = calling_order(waiting, rule, now=T0 + timedelta(minutes=75))
    assert [t.id for t in order] == [4, 2, 1, 3, 5]  # three overdue by age, then priority first


def test_a_compensation_number_stays_queue_free_even_before_an_overdue_ticket():
    # Seed 000 point 1: the compensated applicant is served "bebas antrian" (without queueing).
    waiting = [w(1, G, 0), w(2, K, 100)]
    rule = CallingRule(RuleKind.PRIORITY_FIRST, max_wait=HOUR)
    assert [t.id for t in calling_order(waiting, rule, now=T0 + timedelta(minutes=105))] == [2, 1]


def test_the_limit_is_the_office_setting_else_the_promise_warning_point():
    assert rules.max_wait_for(50, timedelta(minutes=105)) == timedelta(minutes=50)
    assert rules.max_wait_for(None, timedelta(minutes=105)) == timedelta(minutes=105)
    assert rules.max_wait_for(None, None) is None
    with pytest.raises(ValueError):
        CallingRule(max_wait=timedelta(0))


classes = st.sampled_from(list(TicketClass))
rules_ = st.builds(CallingRule, kind=st.sampled_from(list(RuleKind)), general_per_priority=st.integers(1, 4),
                   max_wait=st.one_of(st.none(), st.integers(1, 150).map(lambda m: timedelta(minutes=m))))
waiting_lists = st.lists(st.tuples(classes, st.integers(0, 240)), max_size=12).map(
    lambda rows: [w(i + 1, cls, minute) for i, (cls, minute) in enumerate(rows)])


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(waiting=waiting_lists, rule=rules_, streak=st.integers(0, 5), room=st.booleans(),
       now_minute=st.integers(0, 300))
def test_no_ticket_waits_past_the_limit_while_a_younger_one_is_called(waiting, rule, streak, room, now_minute):
    now = T0 + timedelta(minutes=now_minute)
    chosen = next_ticket(waiting, rule, streak, room, now)
    if not waiting:
        assert chosen is None
        return
    free = [t for t in waiting if t.ticket_class == K]
    overdue = [t for t in waiting if rule.max_wait is not None and now - t.waiting_since > rule.max_wait]
    if free:
        # Compensation numbers are queue-free (seed 000 point 1): the longest waiting of them, first of all.
        assert chosen.ticket_class == K and all(chosen.waiting_since <= t.waiting_since for t in free)
    elif overdue:
        # A free counter never calls a ticket younger than one that has waited past the limit.
        assert all(chosen.waiting_since <= t.waiting_since for t in overdue)
        assert chosen in overdue
    else:
        # Otherwise the office's class order decides, exactly as without a limit (priority first etc.).
        order = rules.class_order(rule, streak, room)
        first_class = next(c for c in order if any(t.ticket_class == c for t in waiting))
        assert chosen.ticket_class == first_class
        assert chosen == next_ticket(waiting, CallingRule(rule.kind, rule.general_per_priority), streak, room)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(waiting=waiting_lists, rule=rules_, now_minute=st.integers(0, 300))
def test_one_counter_serves_every_overdue_ticket_before_any_other(waiting, rule, now_minute):
    now = T0 + timedelta(minutes=now_minute)
    order = calling_order(waiting, rule, now=now)
    free = [t for t in order if t.ticket_class == K]
    assert order[:len(free)] == free  # queue-free first
    order = order[len(free):]
    late = [rule.max_wait is not None and now - t.waiting_since > rule.max_wait for t in order]
    assert late == sorted(late, reverse=True)
    overdue = [t for t, is_late in zip(order, late, strict=True) if is_late]
    assert overdue == sorted(overdue, key=lambda t: (t.waiting_since, t.number, t.id))


# --- the database paths --------------------------------------------------------------------------

def test_call_next_calls_the_general_ticket_that_waited_past_the_office_limit(queue, officer):
    QueueConfig.objects.filter(office=queue.office).update(max_wait_minutes=60)
    issue(queue, officer, "A", now=at(8))
    issue(queue, officer, "P", now=at(8, 50))
    issue(queue, officer, "P", now=at(9))
    counter = queue.counters["Loket 1"]
    called = [call_next(counter=counter, actor=officer, now=at(9, 5 + i)).display_number for i in range(3)]
    assert called == ["A-001", "P-001", "P-002"]


def test_blitar_defaults_to_its_wait_promise_warning_point(queue, officer):
    config = config_for(queue.office)
    promise = wait_promise(queue.office, at(8).date())
    assert config.max_wait_minutes is None and promise is not None
    assert max_wait_of(queue.office, at(8).date(), config) == promise.warn_after
    issue(queue, officer, "A", now=at(8))
    issue(queue, officer, "P", now=at(8) + promise.warn_after)
    counter = queue.counters["Loket 1"]
    just_before = at(8) + promise.warn_after  # A-001 has waited exactly the warning point: priority first
    assert call_next(counter=counter, actor=officer, now=just_before).display_number == "P-001"
    issue(queue, officer, "P", now=just_before)
    after = just_before + timedelta(minutes=1)
    assert call_next(counter=counter, actor=officer, now=after).display_number == "A-001"


SERIES = {G: "A", P: "P", K: "K"}
scenarios = st.tuples(
    st.lists(st.tuples(classes, st.integers(0, 200)), min_size=1, max_size=8),
    st.sampled_from(["priority_first", "ratio"]), st.integers(1, 3), st.one_of(st.none(), st.integers(20, 150)),
    st.sampled_from(["Loket 1", "Ruang Prioritas"]),
)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(scenario=scenarios)
def test_the_database_call_picks_what_the_pure_rule_picks(queue, officer, scenario):
    rows, kind, per_priority, max_wait_minutes, counter_name = scenario
    now = at(12)
    with transaction.atomic():
        config = QueueConfig.objects.get(office=queue.office)
        config.calling_rule, config.general_per_priority, config.max_wait_minutes = kind, per_priority, max_wait_minutes
        config.save()
        numbers = {cls: 0 for cls in TicketClass}
        waiting = []
        for cls, minutes_ago in rows:
            numbers[cls] += 1
            since = now - timedelta(minutes=minutes_ago)
            ticket = Ticket.objects.create(
                office=queue.office, series=queue.series[SERIES[cls]], day=now.date(), number=numbers[cls],
                ticket_class=cls, origin=TicketOrigin.OFFICER, step=queue.steps["intake"],
                status=TicketStatus.WAITING, waiting_since=since, issued_at=since)
            Visit.objects.create(ticket=ticket, office=queue.office, day=now.date(), step=ticket.step,
                                 ticket_class=cls, joined_at=since)
            waiting.append(Waiting(id=ticket.pk, ticket_class=cls, waiting_since=since, number=ticket.number))
        counter = queue.counters[counter_name]
        rule = CallingRule(RuleKind(kind), per_priority,
                           timedelta(minutes=max_wait_minutes) if max_wait_minutes else
                           max_wait_of(queue.office, now.date(), config))
        expected = next_ticket(waiting, rule, 0, counter.priority_room, now)
        called = call_next(counter=counter, actor=officer, now=now)
        assert called.pk == expected.id
        transaction.set_rollback(True)
