"""The Muara Enim 2020 policy (seed 001): allocation at most 2 working days after payment."""

from __future__ import annotations

import pytest

from maklumat.compensation.rules.evaluator import decide, evaluate
from maklumat.compensation.rules.facts import Outage
from maklumat.compensation.tests.helpers import at, context, facts, held, measured, seeded

MUARA_ENIM = seeded("muara-enim-2020")
AS_OF = at(2025, 12, 31, 12, 0)


def allocated(payment, allocation, **kwargs):
    return facts(service="baru", booking="walk_in", smart_queue=False, payment=payment, allocation=allocation,
                 **kwargs)


@pytest.mark.parametrize("payment, allocation, decision, days", [
    # Across a weekend: paid Thursday; Fri = 1st, Mon = 2nd, Tue = 3rd working day.
    (at(2025, 7, 10, 10), at(2025, 7, 14, 15, 59), "not_eligible", 2),
    (at(2025, 7, 10, 10), at(2025, 7, 15, 8, 0), "eligible", 3),
    # Across Waisak (Mon 12 May, national holiday) and its cuti bersama (Tue 13 May) after a weekend.
    (at(2025, 5, 9, 10), at(2025, 5, 15, 10), "not_eligible", 2),
    (at(2025, 5, 9, 10), at(2025, 5, 16, 8), "eligible", 3),
    # Across cuti bersama alone (Mon 18 Aug 2025): paid Thursday; Fri = 1st, Tue = 2nd, Wed = 3rd.
    (at(2025, 8, 14, 10), at(2025, 8, 19, 15), "not_eligible", 2),
    (at(2025, 8, 14, 10), at(2025, 8, 20, 9), "eligible", 3),
    # Across Kenaikan (Thu 29 May, holiday) and cuti bersama (Fri 30 May).
    (at(2025, 5, 28, 10), at(2025, 6, 3, 15), "not_eligible", 2),
    (at(2025, 5, 28, 10), at(2025, 6, 4, 8), "eligible", 3),
])
def test_allocation_on_the_2nd_working_day_is_on_time_and_on_the_3rd_is_late(payment, allocation, decision, days):
    result = evaluate(allocated(payment, allocation), MUARA_ENIM, context(AS_OF))
    assert result.decision == decision
    assert measured(result, "allocation_after_2_working_days") == days
    assert result.remedies == (("home_delivery",) if decision == "eligible" else ())


def test_allocation_at_the_last_second_of_the_2nd_working_day_is_on_time():
    result = evaluate(allocated(at(2025, 7, 10, 10), at(2025, 7, 14, 23, 59, 59)), MUARA_ENIM, context(AS_OF))
    assert result.decision == "not_eligible"


def test_allocation_reason_names_the_working_day():
    result = evaluate(allocated(at(2025, 7, 10, 10), at(2025, 7, 15, 8)), MUARA_ENIM, context(AS_OF))
    reason = next(c for c in result.conditions if c.code == "allocation_after_2_working_days")
    assert reason.reason_id == "Alokasi paspor pada hari kerja ke-3 setelah pembayaran PNBP, lewat dari 2 hari kerja"
    assert reason.reason_en == "Passport allocation on working day 3 after PNBP payment, later than 2 working days"


def test_not_allocated_and_due_today_is_pending():
    app = facts(booking="walk_in", payment=at(2025, 7, 10, 10))
    result = evaluate(app, MUARA_ENIM, context(at(2025, 7, 14, 15)))
    assert (result.decision, held(result, "allocation_after_2_working_days")) == ("pending", None)


def test_not_allocated_after_the_2nd_working_day_is_already_eligible():
    app = facts(booking="walk_in", payment=at(2025, 7, 10, 10))
    result = evaluate(app, MUARA_ENIM, context(at(2025, 7, 15, 0, 0)))
    assert result.decision == "eligible"


def test_not_paid_yet_is_pending():
    assert evaluate(facts(booking="walk_in"), MUARA_ENIM, context(AS_OF)).decision == "pending"


def test_late_allocation_needing_a_field_check_is_not_eligible():
    result = evaluate(allocated(at(2025, 7, 10, 10), at(2025, 7, 15, 8), flags={"field_check"}), MUARA_ENIM,
                      context(AS_OF))
    assert (result.decision, held(result, "no_field_check")) == ("not_eligible", False)


def test_late_allocation_with_an_outage_before_the_deadline_is_not_eligible():
    outage = Outage(start=at(2025, 7, 11, 9), end=at(2025, 7, 11, 15), note="SIMKIM")
    result = evaluate(allocated(at(2025, 7, 10, 10), at(2025, 7, 15, 8)), MUARA_ENIM, context(AS_OF, (outage,)))
    assert (result.decision, held(result, "no_system_disruption")) == ("not_eligible", False)


def test_outage_after_the_deadline_did_not_cause_the_lateness():
    outage = Outage(start=at(2025, 7, 15, 7), end=at(2025, 7, 15, 7, 30))
    result = evaluate(allocated(at(2025, 7, 10, 10), at(2025, 7, 15, 8)), MUARA_ENIM, context(AS_OF, (outage,)))
    assert result.decision == "eligible"


def test_broker_involvement_earns_home_delivery_even_when_allocation_was_on_time():
    result = evaluate(allocated(at(2025, 7, 10, 10), at(2025, 7, 11, 10), flags={"broker"}), MUARA_ENIM,
                      context(AS_OF))
    assert (result.decision, result.remedies) == ("eligible", ("home_delivery",))
    assert held(result, "late_allocation") is False and held(result, "broker_involved") is True


def test_conditions_are_reported_with_the_composites_first():
    result = evaluate(allocated(at(2025, 7, 10, 10), at(2025, 7, 11, 10)), MUARA_ENIM, context(AS_OF))
    assert [(c.code, c.held) for c in result.conditions] == [
        ("late_allocation_or_broker", False), ("late_allocation", False),
        ("allocation_after_2_working_days", False), ("no_system_disruption", True), ("no_field_check", True),
        ("broker_involved", False),
    ]


def test_policy_does_not_apply_before_4_november_2020():
    app = allocated(at(2020, 11, 3, 10), at(2020, 11, 10, 10))
    assert decide(app, [MUARA_ENIM], context(AS_OF))[0].decision == "not_applicable"
    app = allocated(at(2020, 11, 4, 10), at(2020, 11, 10, 10))
    assert decide(app, [MUARA_ENIM], context(AS_OF))[0].decision == "eligible"
