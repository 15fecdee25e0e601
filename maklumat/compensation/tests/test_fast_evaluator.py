"""The batch evaluator answers exactly what the plain evaluator decides, byte for byte."""

from __future__ import annotations

from datetime import timedelta

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from maklumat.compensation.rules.evaluator import decide
from maklumat.compensation.rules.facts import Outage
from maklumat.compensation.rules.fast import FastPolicy, answer_lines
from maklumat.compensation.tests.helpers import at, context, facts, seeded

POLICIES = [seeded("blitar-2025"), seeded("muara-enim-2020")]
BASE = at(2025, 3, 20, 7, 30)
AS_OF = at(2025, 9, 1, 12)
OUTAGES = (Outage(start=at(2025, 5, 8, 9), end=at(2025, 5, 8, 11), scope="national", note="SIMKIM"),
           Outage(start=at(2025, 7, 11, 8), end=None, note="listrik padam"))

# One batch evaluator per outage set, shared by every example: its memo must never answer wrongly.
FAST = {flag: [FastPolicy(policy, context(AS_OF, OUTAGES if flag else ())) for policy in POLICIES]
        for flag in (False, True)}

minutes = st.integers(min_value=0, max_value=60 * 24 * 200)
applications = st.builds(
    lambda service, booking, smart, flags, ticket, wait, pay, alloc, keep: facts(
        service=service, booking=booking, smart_queue=smart, flags=flags,
        **{name: moment for name, moment in {
            "biometric_ticket": BASE + timedelta(minutes=ticket),
            "biometric_start": BASE + timedelta(minutes=ticket + wait),
            "payment": BASE + timedelta(minutes=ticket + pay),
            "allocation": BASE + timedelta(minutes=ticket + pay + alloc),
        }.items() if name in keep},
    ),
    st.sampled_from(["baru", "penggantian", "hilang", "rusak"]), st.sampled_from(["m_paspor", "walk_in"]),
    st.booleans(), st.sets(st.sampled_from(["under_review", "field_check", "broker"])), minutes,
    st.integers(min_value=0, max_value=300), st.integers(min_value=0, max_value=60 * 24 * 5),
    st.integers(min_value=0, max_value=60 * 24 * 8),
    st.sets(st.sampled_from(["biometric_ticket", "biometric_start", "payment", "allocation"])),
)


@settings(max_examples=1000)
@given(applications, st.booleans())
def test_batch_lines_equal_the_plain_decisions(app, with_outages):
    ctx = context(AS_OF, OUTAGES if with_outages else ())
    expected = b"".join(orjson.dumps(d.as_dict(), option=orjson.OPT_APPEND_NEWLINE)
                        for d in decide(app, POLICIES, ctx))
    # The batch instances live across examples, so a memoised result is reused for other applications.
    assert answer_lines(app, FAST[with_outages], AS_OF) == expected
