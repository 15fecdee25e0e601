"""The pure queue rules: calling order, check-in window, walk-in quota, waiting alerts, estimates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maklumat.queueing.rules import (
    CallingRule,
    CheckInVerdict,
    RuleKind,
    TicketClass,
    WaitAlert,
    Waiting,
    WalkInVerdict,
    booking_slot_problem,
    calling_order,
    check_in_verdict,
    check_in_window,
    estimated_wait_minutes,
    next_ticket,
    phone_problem,
    position_of_newcomer,
    wait_alert,
    walk_in_verdict,
)

T0 = datetime(2025, 6, 2, 8, 0, tzinfo=UTC)
G, P, K = TicketClass.GENERAL, TicketClass.PRIORITY, TicketClass.COMPENSATION
PRIORITY_FIRST = CallingRule(RuleKind.PRIORITY_FIRST)


def w(pk: int, cls: TicketClass, minute: int) -> Waiting:
    return Waiting(id=pk, ticket_class=cls, waiting_since=T0 + timedelta(minutes=minute), number=pk)


waiting_lists = st.lists(
    st.tuples(st.sampled_from(list(TicketClass)), st.integers(0, 300)), max_size=25
).map(lambda rows: [w(i + 1, cls, minute) for i, (cls, minute) in enumerate(rows)])
rules_ = st.builds(CallingRule, st.sampled_from(list(RuleKind)), st.integers(1, 6))


def test_nobody_waiting_calls_nobody():
    assert next_ticket([], PRIORITY_FIRST) is None


def test_compensation_goes_before_an_older_priority_ticket():
    assert next_ticket([w(1, P, 0), w(2, K, 50), w(3, G, 0)], PRIORITY_FIRST).id == 2


def test_priority_first_calls_priority_before_older_general():
    assert next_ticket([w(1, G, 0), w(2, P, 30)], PRIORITY_FIRST).id == 2


def test_ratio_three_to_one_calls_three_general_then_one_priority():
    tickets = [w(i, G, i) for i in range(1, 8)] + [w(10, P, 0), w(11, P, 1)]
    order = calling_order(tickets, CallingRule(RuleKind.RATIO, 3))
    assert [t.ticket_class for t in order] == [G, G, G, P, G, G, G, P, G]


def test_ratio_calls_priority_when_no_general_waits():
    assert next_ticket([w(1, P, 5)], CallingRule(RuleKind.RATIO, 3), general_streak=0).id == 1


def test_priority_room_serves_priority_first_even_under_a_ratio_rule():
    assert next_ticket([w(1, G, 0), w(2, P, 9)], CallingRule(RuleKind.RATIO, 5), 0, priority_room=True).id == 2


def test_ratio_of_zero_is_refused():
    with pytest.raises(ValueError):
        CallingRule(RuleKind.RATIO, 0)


@given(waiting_lists, rules_, st.integers(0, 10), st.booleans())
def test_compensation_always_called_before_everyone_else(tickets, rule, streak, room):
    order = calling_order(tickets, rule, streak, room)
    classes = [t.ticket_class for t in order]
    n_comp = classes.count(K)
    assert classes[:n_comp] == [K] * n_comp


@given(waiting_lists, rules_, st.integers(0, 10), st.booleans())
def test_calling_order_calls_everyone_once_and_fifo_within_class(tickets, rule, streak, room):
    order = calling_order(tickets, rule, streak, room)
    assert sorted(t.id for t in order) == sorted(t.id for t in tickets)
    for cls in TicketClass:
        same = [(t.waiting_since, t.number) for t in order if t.ticket_class == cls]
        assert same == sorted(same)


@given(waiting_lists, st.integers(1, 6), st.integers(0, 6))
def test_ratio_never_lets_more_than_n_general_pass_a_waiting_priority(tickets, n, streak):
    order = calling_order(tickets, CallingRule(RuleKind.RATIO, n), min(streak, n))
    run = min(streak, n)
    priority_left = sum(1 for t in tickets if t.ticket_class == P)
    for t in order:
        if t.ticket_class == G:
            run += 1
            if priority_left:
                assert run <= n
        elif t.ticket_class == P:
            run, priority_left = 0, priority_left - 1


@given(waiting_lists, rules_, st.integers(0, 10), st.booleans())
def test_choosing_from_the_heads_of_each_class_equals_choosing_from_all(tickets, rule, streak, room):
    heads = []
    for cls in TicketClass:
        same = sorted((t for t in tickets if t.ticket_class == cls), key=lambda t: (t.waiting_since, t.number, t.id))
        heads += same[:1]
    assert next_ticket(heads, rule, streak, room) == next_ticket(tickets, rule, streak, room)


@given(st.dictionaries(st.sampled_from(list(TicketClass)), st.integers(0, 12)), st.sampled_from(list(TicketClass)),
       rules_, st.integers(0, 6), st.booleans())
def test_position_of_newcomer_matches_the_simulated_calling_order(counts, newcomer, rule, streak, room):
    tickets, pk = [], 0
    for cls, n in counts.items():
        for _ in range(n):
            pk += 1
            tickets.append(w(pk, cls, pk))
    tickets.append(w(999, newcomer, 10_000))
    order = calling_order(tickets, rule, streak, room)
    expected = [t.id for t in order].index(999)
    assert position_of_newcomer(counts, newcomer, rule, streak, room) == expected


# --- check-in window ---

def test_check_in_window_opens_early_and_closes_late():
    window = check_in_window(T0, T0 + timedelta(minutes=30), early_minutes=30, late_minutes=15)
    assert window.opens == T0 - timedelta(minutes=30)
    assert window.closes == T0 + timedelta(minutes=45)
    assert check_in_verdict(window.opens - timedelta(seconds=1), window) == CheckInVerdict.TOO_EARLY
    assert check_in_verdict(window.opens, window) == CheckInVerdict.OK
    assert check_in_verdict(window.closes, window) == CheckInVerdict.OK
    assert check_in_verdict(window.closes + timedelta(seconds=1), window) == CheckInVerdict.TOO_LATE


@given(st.integers(-300, 300), st.integers(0, 120), st.integers(0, 120), st.integers(0, 120))
def test_check_in_is_ok_exactly_inside_the_window(offset, slot, early, late):
    start = T0
    window = check_in_window(start, start + timedelta(minutes=slot), early, late)
    now = start + timedelta(minutes=offset)
    inside = -early <= offset <= slot + late
    assert (check_in_verdict(now, window) == CheckInVerdict.OK) == inside


def test_slot_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError):
        check_in_window(T0, T0 - timedelta(minutes=1), 0, 0)


# --- walk-in quota ---

def test_walk_in_within_quota_is_ok_and_the_quota_is_a_hard_limit():
    allowed = frozenset({G, P})
    assert walk_in_verdict(G, allowed, issued_today=149, daily_quota=150) == WalkInVerdict.OK
    assert walk_in_verdict(G, allowed, issued_today=150, daily_quota=150) == WalkInVerdict.QUOTA_FULL
    assert walk_in_verdict(P, allowed, issued_today=10_000, daily_quota=None) == WalkInVerdict.OK
    assert walk_in_verdict(G, allowed, issued_today=0, daily_quota=0) == WalkInVerdict.QUOTA_FULL


def test_walk_in_of_a_class_not_allowed_is_refused_before_the_quota():
    assert walk_in_verdict(K, frozenset({G, P}), 0, 100) == WalkInVerdict.CLASS_NOT_ALLOWED


# --- waiting alert: the thresholds are the office's promise, passed in (Blitar: 2 h, warn past 1 h 45 m) ---

BLITAR_LIMIT, BLITAR_WARN = timedelta(hours=2), timedelta(hours=1, minutes=45)


@pytest.mark.parametrize(("minutes", "alert"), [
    (0, WaitAlert.OK), (105, WaitAlert.OK), (105.01, WaitAlert.WARN), (120, WaitAlert.WARN),
    (120.01, WaitAlert.BREACH), (500, WaitAlert.BREACH),
])
def test_wait_alert_thresholds(minutes, alert):
    assert wait_alert(timedelta(minutes=minutes), BLITAR_LIMIT, BLITAR_WARN) == alert


@pytest.mark.parametrize(("minutes", "alert"), [
    (60, WaitAlert.OK), (60.01, WaitAlert.WARN), (90, WaitAlert.WARN), (90.01, WaitAlert.BREACH),
])
def test_wait_alert_follows_a_promise_with_another_threshold(minutes, alert):
    assert wait_alert(timedelta(minutes=minutes), timedelta(minutes=90), timedelta(hours=1)) == alert


def test_without_a_wait_promise_no_wait_is_ever_an_alert():
    assert wait_alert(timedelta(hours=9), None, None) == WaitAlert.OK


@given(st.integers(0, 10_000), st.integers(1, 600), st.integers(0, 600))
def test_a_longer_wait_never_lowers_the_alert(seconds, limit_minutes, warn_minutes):
    order = [WaitAlert.OK, WaitAlert.WARN, WaitAlert.BREACH]
    limit, warn = timedelta(minutes=limit_minutes), timedelta(minutes=warn_minutes)
    before = wait_alert(timedelta(seconds=seconds), limit, warn)
    after = wait_alert(timedelta(seconds=seconds + 1), limit, warn)
    assert order.index(after) >= order.index(before)


# --- phone numbers: one rule for kiosk, check-in, officer form, API and the M-Paspor feed ---

@pytest.mark.parametrize("phone", ["", "08123456", "081234567890", "+6281234567890", "123456789012345"])
def test_phone_numbers_the_rule_accepts(phone):
    assert phone_problem(phone) is None


@pytest.mark.parametrize("phone", ["12ab", "0812345", "0812-3456-7890", "+", "1234567890123456", "0812\x00345678",
                                   "081234567890\n"])
def test_phone_numbers_the_rule_refuses(phone):
    assert phone_problem(phone) == "Nomor telepon tidak valid: 8–15 angka, boleh diawali +."


# --- estimate ---

@pytest.mark.parametrize(("ahead", "counters", "mean", "minutes"), [
    (0, 2, 5, 0), (1, 2, 5, 5), (2, 2, 5, 5), (3, 2, 5, 10), (10, 0, 4.5, 45), (7, 3, 2.5, 8),
])
def test_estimated_wait(ahead, counters, mean, minutes):
    assert estimated_wait_minutes(ahead, counters, mean) == minutes


@given(st.integers(0, 500), st.integers(0, 20), st.floats(0, 60))
def test_estimate_never_negative_and_grows_with_people_ahead(ahead, counters, mean):
    assert 0 <= estimated_wait_minutes(ahead, counters, mean) <= estimated_wait_minutes(ahead + 1, counters, mean)


# --- M-Paspor slots: times that can be real ---

def test_a_normal_slot_is_accepted():
    assert booking_slot_problem(T0, T0 + timedelta(minutes=30), now=T0) is None


@pytest.mark.parametrize(("start", "end", "field"), [
    (T0.replace(tzinfo=None), T0 + timedelta(minutes=30), "slot_start"),
    (T0, T0.replace(tzinfo=timezone(timedelta(hours=14, minutes=1))), "slot_end"),
    (T0.replace(tzinfo=timezone(timedelta(hours=-15))), T0 + timedelta(hours=20), "slot_start"),
    (T0.replace(year=1999), T0.replace(year=1999) + timedelta(minutes=30), "slot_start"),
    (T0 + timedelta(days=367), T0 + timedelta(days=367, minutes=30), "slot_start"),
    (T0, T0 - timedelta(minutes=1), "slot_end"),
    (T0, T0 + timedelta(days=1, seconds=1), "slot_end"),
])
def test_impossible_slots_are_refused_naming_the_field(start, end, field):
    assert booking_slot_problem(start, end, now=T0)[0] == field


def test_offsets_of_exactly_14_hours_are_real():
    east, west = timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))
    assert booking_slot_problem(T0.astimezone(east), (T0 + timedelta(minutes=30)).astimezone(west), now=T0) is None
