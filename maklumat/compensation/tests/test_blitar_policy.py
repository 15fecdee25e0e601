"""The Blitar 2025 policy (seed 000) at and around every boundary."""

from __future__ import annotations

from datetime import timedelta

import pytest

from maklumat.compensation.rules.evaluator import decide, evaluate
from maklumat.compensation.rules.facts import Outage
from maklumat.compensation.tests.helpers import at, context, facts, held, measured, seeded

BLITAR = seeded("blitar-2025")
TICKET = at(2025, 5, 8, 8, 0)
LATER = at(2025, 5, 8, 16, 0)


def waited(minutes: float, **kwargs):
    return facts(biometric_ticket=TICKET, biometric_start=TICKET + timedelta(minutes=minutes), **kwargs)


def test_served_exactly_2_hours_after_the_ticket_is_not_eligible():
    decision = evaluate(waited(120), BLITAR, context(LATER))
    assert decision.decision == "not_eligible"
    assert held(decision, "b_wait_over_2h") is False and measured(decision, "b_wait_over_2h") == 120.0
    assert decision.remedies == ()


def test_served_2_hours_1_minute_after_the_ticket_is_eligible_with_three_remedies():
    decision = evaluate(waited(121), BLITAR, context(LATER))
    assert decision.decision == "eligible"
    assert decision.remedies == ("apology", "priority_service", "souvenir")
    assert measured(decision, "b_wait_over_2h") == 121.0
    reason = next(c for c in decision.conditions if c.code == "b_wait_over_2h")
    assert reason.reason_id == "Menunggu 2 jam 1 menit sejak nomor antrian biometrik, lebih dari 2 jam"
    assert reason.reason_en == "Waited 2 h 1 min since biometric queue ticket, more than 2 h"


def test_half_a_minute_over_2_hours_is_already_more_than_2_hours():
    assert evaluate(waited(120.5), BLITAR, context(LATER)).decision == "eligible"


def test_still_waiting_under_2_hours_is_pending():
    decision = evaluate(facts(biometric_ticket=TICKET), BLITAR, context(TICKET + timedelta(minutes=119)))
    assert decision.decision == "pending"
    assert held(decision, "b_wait_over_2h") is None and measured(decision, "b_wait_over_2h") == 119.0


def test_still_waiting_after_2_hours_is_already_eligible():
    decision = evaluate(facts(biometric_ticket=TICKET), BLITAR, context(TICKET + timedelta(minutes=121)))
    assert decision.decision == "eligible"


def test_no_ticket_yet_is_pending():
    assert evaluate(facts(), BLITAR, context(LATER)).decision == "pending"


def test_events_after_the_as_of_moment_are_not_known_yet():
    decision = evaluate(waited(60), BLITAR, context(TICKET + timedelta(minutes=30)))
    assert decision.decision == "pending" and measured(decision, "b_wait_over_2h") == 30.0


@pytest.mark.parametrize("service, expected", [
    ("baru", "eligible"), ("penggantian", "eligible"), ("hilang", "not_eligible"), ("rusak", "not_eligible"),
    ("percepatan", "not_eligible"),
])
def test_only_new_and_replacement_passports_qualify(service, expected):
    assert evaluate(waited(150, service=service), BLITAR, context(LATER)).decision == expected


def test_lost_passport_fails_both_service_conditions():
    decision = evaluate(waited(150, service="hilang"), BLITAR, context(LATER))
    assert held(decision, "a_service_new_or_replacement") is False
    assert held(decision, "e_not_lost_or_damaged") is False


def test_walk_in_applicant_is_not_eligible():
    decision = evaluate(waited(150, booking="walk_in"), BLITAR, context(LATER))
    assert (decision.decision, held(decision, "c_booked_m_paspor")) == ("not_eligible", False)


def test_applicant_not_in_smart_queue_is_not_eligible():
    decision = evaluate(waited(150, smart_queue=False), BLITAR, context(LATER))
    assert (decision.decision, held(decision, "c_smart_queue")) == ("not_eligible", False)


def test_application_under_review_is_not_eligible():
    decision = evaluate(waited(150, flags={"under_review"}), BLITAR, context(LATER))
    assert (decision.decision, held(decision, "g_not_under_review")) == ("not_eligible", False)


def test_field_check_and_broker_flags_do_not_matter_in_blitar():
    assert evaluate(waited(150, flags={"field_check", "broker"}), BLITAR, context(LATER)).decision == "eligible"


def test_outage_inside_the_wait_makes_it_not_eligible():
    outage = Outage(start=at(2025, 5, 8, 9, 0), end=at(2025, 5, 8, 9, 30), scope="national", note="SIMKIM down")
    decision = evaluate(waited(150), BLITAR, context(LATER, (outage,)))
    assert decision.decision == "not_eligible"
    reason = next(c for c in decision.conditions if c.code == "f_no_system_disruption")
    assert (reason.held, reason.measured) == (False, 1)
    assert reason.reason_id == "Gangguan sistem (nasional) sejak 2025-05-08 09:00: SIMKIM down"


def test_outage_ending_exactly_at_the_ticket_does_not_overlap():
    outage = Outage(start=at(2025, 5, 8, 7, 0), end=TICKET)
    assert evaluate(waited(150), BLITAR, context(LATER, (outage,))).decision == "eligible"


def test_outage_starting_exactly_when_service_starts_does_not_overlap():
    outage = Outage(start=TICKET + timedelta(minutes=150), end=LATER)
    assert evaluate(waited(150), BLITAR, context(LATER, (outage,))).decision == "eligible"


def test_ongoing_outage_that_began_during_the_wait_overlaps():
    outage = Outage(start=at(2025, 5, 8, 9, 59), end=None)
    assert evaluate(waited(150), BLITAR, context(LATER, (outage,))).decision == "not_eligible"


def test_outage_on_another_day_does_not_matter():
    outage = Outage(start=at(2025, 5, 7, 9, 0), end=at(2025, 5, 7, 12, 0))
    assert evaluate(waited(150), BLITAR, context(LATER, (outage,))).decision == "eligible"


def test_policy_does_not_apply_the_day_before_its_effective_date():
    ticket = at(2025, 3, 24, 8, 0)
    app = facts(biometric_ticket=ticket, biometric_start=ticket + timedelta(hours=3))
    [decision] = decide(app, [BLITAR], context(at(2025, 3, 24, 16, 0)))
    assert (decision.policy, decision.decision) == (None, "not_applicable")


def test_policy_applies_on_its_effective_date():
    ticket = at(2025, 3, 25, 8, 0)
    app = facts(biometric_ticket=ticket, biometric_start=ticket + timedelta(hours=3))
    [decision] = decide(app, [BLITAR], context(at(2025, 3, 25, 16, 0)))
    assert (decision.policy, decision.decision) == ("blitar-2025", "eligible")


def test_every_condition_is_reported_in_policy_order():
    decision = evaluate(waited(121), BLITAR, context(LATER))
    assert [c.code for c in decision.conditions] == [
        "a_service_new_or_replacement", "b_wait_over_2h", "c_booked_m_paspor", "c_smart_queue",
        "e_not_lost_or_damaged", "f_no_system_disruption", "g_not_under_review",
    ]
    assert all(c.reason_id and c.reason_en for c in decision.conditions)
