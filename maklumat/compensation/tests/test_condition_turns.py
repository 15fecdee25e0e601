"""``Condition.turns``: between two consecutive turns or events every condition's result, and so
every decision, is the same whatever the moment asked. Kinerja's ``eligible_at`` relies on it to
find the first eligible moment among those moments only."""

from __future__ import annotations

import bisect
from datetime import timedelta

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from maklumat.compensation.rules.compiled import facts_of
from maklumat.compensation.rules.evaluator import decide, decision_turns
from maklumat.compensation.rules.facts import Facts, Outage
from maklumat.compensation.rules.policy import policy_from_dict
from maklumat.compensation.tests.helpers import at, context
from maklumat.compensation.tests.test_compiled_policy import BASE, applications, outages, policy_specs

FAR = BASE + timedelta(days=400)


def _results(app: Facts, policies, outage_list, moment):
    """Each decision and each condition's held, as of ``moment`` (events after it not yet known)."""
    known = Facts(id=app.id, service=app.service, booking=app.booking, smart_queue=app.smart_queue,
                  events={name: at_ for name, at_ in app.events.items() if at_ <= moment}, flags=app.flags)
    return [(d.policy, d.decision, tuple(c.held for c in d.conditions))
            for d in decide(known, policies, context(moment, tuple(outage_list)))]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(policy_specs, min_size=1, max_size=2, unique_by=lambda spec: spec["code"]), outages, applications,
       st.integers(0, 60 * 24 * 20 * 60), st.integers(0, 59_999_999))
def test_decisions_are_constant_between_consecutive_turns_and_events(specs, outage_list, app, seconds, micro):
    policies = [policy_from_dict(spec) for spec in specs]
    facts = facts_of(app)
    marks = sorted(set(facts.events.values()) | decision_turns(facts, policies, context(FAR, tuple(outage_list))))
    # From the application's first event on (before it, it has not begun: no figure counts it).
    assume(facts.events)
    moment = min(facts.events.values()) + timedelta(seconds=seconds, microseconds=micro)
    same = marks[bisect.bisect_right(marks, moment) - 1]  # the latest mark at or before the moment
    assert _results(facts, policies, outage_list, moment) == _results(facts, policies, outage_list, same)


def test_a_policy_wait_longer_than_the_promise_turns_at_its_own_limit():
    # given a policy whose wait is 3 hours (the biometric promise is 2 hours) and an applicant still waiting
    policy = policy_from_dict({
        "code": "p", "office": "x", "title_id": "t", "effective_from": "2025-01-01", "remedies": ["apology"],
        "conditions": [{"code": "wait", "type": "wait_over", "from": "biometric_ticket", "to": "biometric_start",
                        "minutes": 180}]})
    ticket = at(2025, 5, 8, 9)
    facts = Facts(id="A1", service="baru", booking="m_paspor", smart_queue=True, flags=frozenset(),
                  events={"biometric_ticket": ticket, "biometric_start": at(2025, 5, 8, 14)})
    # then the decision turns at the 3-hour limit: eligible from a microsecond after it
    turns = decision_turns(facts, [policy], context(FAR))
    limit = ticket + timedelta(hours=3)
    assert limit + timedelta(microseconds=1) in turns
    assert _results(facts, [policy], (), limit)[0][1] == "pending"
    assert _results(facts, [policy], (), limit + timedelta(microseconds=1))[0][1] == "eligible"


def test_a_disruption_beginning_while_waiting_turns_the_condition():
    # given "no disruption from payment to allocation" and a disruption beginning the day after payment
    policy = policy_from_dict({
        "code": "p", "office": "x", "title_id": "t", "effective_from": "2025-01-01", "remedies": ["apology"],
        "conditions": [{"code": "calm", "type": "no_outage", "from": "payment", "to": "allocation"}]})
    payment, begins = at(2025, 5, 5, 10), at(2025, 5, 6, 9, 30)
    disruption = (Outage(start=begins, end=begins + timedelta(hours=2), scope="office", note=""),)
    facts = Facts(id="A1", service="baru", booking="m_paspor", smart_queue=True, flags=frozenset(),
                  events={"payment": payment})
    # then the condition turns just after the disruption began: held before, not held from then on
    assert begins + timedelta(microseconds=1) in decision_turns(facts, [policy], context(FAR, disruption))
    assert _results(facts, [policy], disruption, begins)[0][2] == (True,)
    assert _results(facts, [policy], disruption, begins + timedelta(microseconds=1))[0][2] == (False,)
