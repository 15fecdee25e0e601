"""The ticket's wait estimate (issue 13): fitted service minutes with a data-sufficiency guard, busy
counters, and a manual delay; three people ahead never print "± 0 menit" while counters are busy."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maklumat.queueing import rules
from maklumat.queueing.rules import ServiceEstimate, newcomer_wait_minutes, service_minutes_for_estimate


def test_three_ahead_with_every_counter_busy_is_not_zero():
    # Given 3 counters, all serving, 3 people waiting ahead, services of 12 minutes
    # Then the newcomer waits for 4 ends of service: 4 × 12 / 3 = 16 minutes
    assert newcomer_wait_minutes(3, 3, 3, 12.0) == 16


def test_a_free_counter_calls_at_once_and_the_manual_delay_is_added():
    assert newcomer_wait_minutes(0, 2, 1, 12.0) == 0
    assert newcomer_wait_minutes(0, 2, 1, 12.0, delay_minutes=20) == 20
    assert newcomer_wait_minutes(2, 2, 2, 10.0, delay_minutes=5) == 15 + 5


def test_too_few_services_fall_back_to_the_sop_norm():
    few = ServiceEstimate(mean_minutes=3.0, samples=rules.MIN_ESTIMATE_SAMPLES - 1)
    enough = ServiceEstimate(mean_minutes=3.0, samples=rules.MIN_ESTIMATE_SAMPLES)
    assert service_minutes_for_estimate(few, 15) == (15.0, False)
    assert service_minutes_for_estimate(None, 15) == (15.0, False)
    assert service_minutes_for_estimate(enough, 15) == (3.0, True)


@given(st.integers(0, 200), st.integers(0, 10), st.integers(0, 10), st.floats(0, 60), st.integers(0, 120))
def test_estimate_never_falls_when_one_more_waits(ahead, counters, busy, mean, delay):
    now = newcomer_wait_minutes(ahead, counters, busy, mean, delay)
    assert now >= delay
    assert now <= newcomer_wait_minutes(ahead + 1, counters, busy, mean, delay)


@pytest.mark.django_db
def test_the_printed_ticket_uses_history_fitted_service_and_the_days_delay(blitar):
    from maklumat.accounts.roles import Role
    from maklumat.conftest import make_user as create_user
    from maklumat.queueing import services
    from maklumat.queueing.models import Counter, Step
    from maklumat.queueing.selectors import estimated_wait
    from maklumat.simulation.services import wait_delay_set
    from maklumat.simulation.tests.conftest import load_history

    today = blitar.local_date()
    load_history(blitar, count=200, start=today - timedelta(days=30), end=today - timedelta(days=1))
    officer = create_user("loket.est", Role.PETUGAS_LOKET, office=blitar)
    kasubsi = create_user("kasubsi.est", Role.KASUBSI, office=blitar)
    intake = Step.objects.get(office=blitar, code="intake")
    counters = list(Counter.objects.filter(office=blitar, steps=intake, is_active=True))
    now = blitar.start_of_day(today) + timedelta(hours=9)
    for i in range(len(counters) + 3):
        services.kiosk_ticket_issue(office=blitar, actor=officer, ticket_class="general", step=intake,
                                    phone="", now=now + timedelta(seconds=i))
    for counter in counters:
        services.call_next(counter=counter, actor=officer, now=now + timedelta(minutes=1))
    # 3 waiting, every counter busy: the estimate is (3 + 1) ends of service of the fitted intake (2–8 min)
    minutes = estimated_wait(blitar, intake, "general", now=now + timedelta(minutes=2))
    assert minutes > 0
    assert minutes <= 4 * 8 / len(counters) + 1
    wait_delay_set(actor=kasubsi, office=blitar, minutes=25, reason="SIMKIM lambat")
    assert estimated_wait(blitar, intake, "general", now=now + timedelta(minutes=2)) == minutes + 25
