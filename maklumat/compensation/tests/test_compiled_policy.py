"""The compiled policies answer exactly what the plain evaluator decides, byte for byte, on generated
policies, contexts and applications (full and compact output)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import msgspec
import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maklumat.compensation.rules.compiled import OUTPUT_COMPACT, OUTPUT_FULL, compile_batch, decision_bytes, facts_of
from maklumat.compensation.rules.evaluator import decide
from maklumat.compensation.rules.facts import BOOKING_CHANNELS, FLAGS, REMEDIES, Outage
from maklumat.compensation.rules.policy import policy_from_dict
from maklumat.compensation.tests.helpers import at, context

SERVICES = ["baru", "penggantian", "hilang", "rusak", "percepatan"]
# Event names a policy may measure between; "never_recorded" is a name no application carries.
EVENT_NAMES = ["biometric_ticket", "biometric_start", "payment", "allocation"]
POLICY_EVENTS = [*EVENT_NAMES, "never_recorded"]
BASE = at(2025, 4, 28, 7, 30)  # a Monday; 1 May (holiday) and weekends fall inside the generated spans


def _nonempty_subset(values):
    return st.lists(st.sampled_from(values), min_size=1, max_size=len(values), unique=True)


leaf_specs = st.one_of(
    st.builds(lambda s: {"type": "service_in", "services": s}, _nonempty_subset(SERVICES)),
    st.builds(lambda s: {"type": "service_not_in", "services": s}, _nonempty_subset(SERVICES)),
    st.builds(lambda c: {"type": "booking_in", "channels": c}, _nonempty_subset(list(BOOKING_CHANNELS))),
    st.just({"type": "smart_queue"}),
    st.builds(lambda f: {"type": "flag_absent", "flags": [f]}, st.sampled_from(FLAGS)),
    st.builds(lambda f: {"type": "flag_present", "flags": [f]}, st.sampled_from(FLAGS)),
    st.builds(lambda a, b, m, s: {"type": "wait_over", "from": a, "to": b, "minutes": m, "strict": s},
              st.sampled_from(POLICY_EVENTS), st.sampled_from(POLICY_EVENTS),
              st.sampled_from([60, 120]) | st.integers(1, 300), st.booleans()),
    st.builds(lambda a, b, d: {"type": "deadline_missed", "from": a, "to": b, "working_days": d},
              st.sampled_from(POLICY_EVENTS), st.sampled_from(POLICY_EVENTS), st.integers(0, 5)),
    st.builds(lambda a, b, d: {"type": "no_outage", "from": a, "to": b,
                               **({} if d is None else {"within_working_days": d})},
              st.sampled_from(POLICY_EVENTS), st.sampled_from(POLICY_EVENTS), st.none() | st.integers(0, 4)),
)
condition_specs = st.recursive(
    leaf_specs,
    lambda inner: st.builds(lambda kind, parts: {"type": kind, "conditions": parts},
                            st.sampled_from(["any_of", "all_of"]), st.lists(inner, min_size=1, max_size=3)),
    max_leaves=8,
)


def _numbered(conditions: list[dict]) -> list[dict]:
    """Give every condition a unique code (the policy loader insists), in report order."""
    counter = iter(range(10_000))

    def number(spec: dict) -> dict:
        spec = {**spec, "code": f"c{next(counter)}"}
        if "conditions" in spec:
            spec["conditions"] = [number(part) for part in spec["conditions"]]
        return spec

    return [number(spec) for spec in conditions]


policy_specs = st.builds(
    lambda n, conditions, remedies, start, length: {
        "code": f"p{n}", "office": "blitar", "title_id": "Kebijakan", "claim_required": False,
        "effective_from": (BASE.date() + timedelta(days=start)).isoformat(),
        "effective_to": None if length is None else (BASE.date() + timedelta(days=start + length)).isoformat(),
        "remedies": remedies, "conditions": _numbered(conditions),
    },
    st.integers(0, 99), st.lists(condition_specs, min_size=1, max_size=4), _nonempty_subset(list(REMEDIES)),
    st.integers(-3, 6), st.none() | st.integers(0, 5),
)

moments = st.builds(lambda minutes: BASE + timedelta(minutes=minutes), st.integers(0, 60 * 24 * 12))
# Steps between consecutive events: around the thresholds (exactly 2 h, a day, a weekend) and anything.
steps = st.one_of(st.sampled_from([0, 60, 120, 60 * 24, 60 * 24 * 2, 60 * 24 * 3, 60 * 24 * 4 + 1]),
                  st.integers(0, 60 * 24 * 5)).map(lambda minutes: timedelta(minutes=minutes))


def _timeline(start, names, gaps, seconds):
    events, moment = {}, start
    for name, gap in zip(names, gaps, strict=False):
        moment = moment + gap
        events[name] = moment + timedelta(seconds=seconds)
    return events


timelines = st.builds(_timeline, moments, st.lists(st.sampled_from(EVENT_NAMES), unique=True, max_size=4),
                      st.lists(steps, min_size=4, max_size=4), st.sampled_from([0, 0, 0, 30]))
applications = st.builds(
    lambda n, service, booking, smart, flags, events: SimpleNamespace(
        id=f"A{n}", service=service, booking=booking, smart_queue=smart, flags=sorted(flags), events=events),
    st.integers(0, 9), st.sampled_from(SERVICES), st.sampled_from(BOOKING_CHANNELS), st.booleans(),
    st.sets(st.sampled_from(FLAGS)), timelines,
)
outages = st.lists(st.builds(
    lambda start, length, scope, note: Outage(start=start, end=None if length is None else
                                              start + timedelta(minutes=length), scope=scope, note=note),
    moments, st.none() | st.integers(1, 60 * 30), st.sampled_from(["office", "national"]),
    st.sampled_from(["", "SIMKIM"])), max_size=2)
as_of_moments = st.builds(lambda minutes: BASE + timedelta(minutes=minutes), st.integers(0, 60 * 24 * 20))


def _first(app, as_of):
    known = [moment for moment in app.events.values() if moment <= as_of]
    return min(known) if known else as_of


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(policy_specs, min_size=1, max_size=2, unique_by=lambda spec: spec["code"]), outages, as_of_moments,
       st.lists(applications, min_size=1, max_size=6), st.sampled_from([OUTPUT_FULL, OUTPUT_COMPACT]))
def test_compiled_policies_answer_what_the_plain_evaluator_decides(specs, outage_list, as_of, apps, output):
    policies = [policy_from_dict(spec) for spec in specs]
    ctx = context(as_of, tuple(outage_list))
    compiled = compile_batch(policies, ctx, output=output)
    # Several applications through one compiled batch: a memoised result is reused across them.
    expected = [b"".join(decision_bytes(d, output) for d in decide(facts_of(app), policies, ctx)) for app in apps]
    for app, lines in zip(apps, expected, strict=True):
        assert compiled.answer(app, _first(app, as_of)) == lines, compiled.source
    # The chunk loop (the batch's hot path) answers the same, in order; told that no event of the chunk
    # is later than the as-of moment (when true), it answers the same without asking.
    firsts = [_first(app, as_of) for app in apps]
    assert compiled.answer_all(apps, firsts) == b"".join(expected), compiled.source
    if all(moment <= as_of for app in apps for moment in app.events.values()):
        assert compiled.answer_all(apps, firsts, True) == b"".join(expected), compiled.source
        # And when every policy is in force for all of them or for none, without asking per application.
        in_force = compiled.in_force(min(firsts), as_of)
        if in_force is not None:
            assert compiled.answer_every(apps, in_force) == b"".join(expected), compiled.source


def test_compact_line_names_failed_and_pending_codes_in_report_order():
    policy = policy_from_dict({
        "code": "p", "office": "x", "title_id": "t", "effective_from": "2025-01-01", "remedies": ["apology"],
        "conditions": [
            {"code": "either", "type": "any_of", "conditions": [
                {"code": "smart", "type": "smart_queue"},
                {"code": "wait", "type": "wait_over", "from": "biometric_ticket", "to": "biometric_start",
                 "minutes": 120}]},
            {"code": "walk", "type": "booking_in", "channels": ["walk_in"]},
        ],
    })
    as_of = at(2025, 5, 8, 9)
    app = SimpleNamespace(id="A1", service="baru", booking="m_paspor", smart_queue=False, flags=[],
                          events={"biometric_ticket": at(2025, 5, 8, 8)})
    line = compile_batch([policy], context(as_of), output=OUTPUT_COMPACT).answer(app, at(2025, 5, 8, 8))
    assert line == (b'{"id":"A1","policy":"p","decision":"not_eligible","remedies":[],'
                    b'"failed":["smart","walk"],"pending":["either","wait"]}\n')


# Boundaries: one timed leaf, its two events (and the as-of moment) a second either side of its threshold
# (a wait of exactly the limit, an allocation at local midnight ending the deadline's day).
seconds_off = st.sampled_from([-1, 0, 1]).map(lambda s: timedelta(seconds=s))


@st.composite
def boundary_cases(draw):
    kind = draw(st.sampled_from(["wait_over", "deadline_missed", "no_outage"]))
    limit = draw(st.sampled_from([1, 60, 120]))
    days = draw(st.integers(0, 3))
    spec = {"code": "leaf", "type": kind, "from": "payment", "to": "allocation"}
    if kind == "wait_over":
        spec.update(minutes=limit, strict=draw(st.booleans()))
    elif kind == "deadline_missed":
        spec.update(working_days=days)
    elif draw(st.booleans()):
        spec.update(within_working_days=days)
    start = BASE + timedelta(days=draw(st.integers(0, 6)), minutes=draw(st.integers(0, 60 * 24)))
    midnight = BASE.replace(hour=0, minute=0) + timedelta(days=(start - BASE.replace(hour=0, minute=0)).days)
    threshold = (start + timedelta(minutes=limit) if kind == "wait_over" and draw(st.integers(0, 5))
                 else midnight + timedelta(days=draw(st.integers(1, 8))))
    end = threshold + draw(seconds_off)
    events = {"payment": start} if draw(st.integers(0, 3)) == 0 else {"payment": start, "allocation": end}
    as_of = draw(st.sampled_from([end, threshold, start + timedelta(days=10)])) + draw(seconds_off)
    outage_list = ()
    if kind == "no_outage" and draw(st.booleans()):
        outage_list = (Outage(start=threshold + draw(seconds_off), end=None if draw(st.booleans()) else
                              threshold + timedelta(hours=1), scope="office", note=""),)
    return spec, events, as_of, outage_list


@settings(max_examples=400, deadline=None)
@given(boundary_cases(), st.sampled_from([OUTPUT_FULL, OUTPUT_COMPACT]))
def test_compiled_leaves_agree_at_their_thresholds(case, output):
    spec, events, as_of, outage_list = case
    policy = policy_from_dict({"code": "p", "office": "x", "title_id": "t", "effective_from": "2025-01-01",
                               "remedies": ["apology"], "conditions": [spec]})
    ctx = context(as_of, outage_list)
    compiled = compile_batch([policy], ctx, output=output)
    # The same batch then answers the application without its second event: a memoised result of the
    # first must not answer for the second.
    for known in (events, {"payment": events["payment"]}, events):
        app = SimpleNamespace(id="A1", service="baru", booking="m_paspor", smart_queue=True, flags=[], events=known)
        expected = b"".join(decision_bytes(d, output) for d in decide(facts_of(app), [policy], ctx))
        assert compiled.answer(app, _first(app, as_of)) == expected
        assert compiled.answer_all([app], [_first(app, as_of)]) == expected


def test_ids_are_written_as_orjson_writes_them_for_every_code_point():
    """The compiled code writes ids with msgspec's encoder: byte for byte orjson's (escapes, UTF-8), checked
    on every code point a str read from JSON can hold (each is escaped on its own, independently of its
    neighbours, so one string holding them all checks each)."""
    every = "".join(chr(point) for point in range(0x110000) if not 0xD800 <= point <= 0xDFFF)
    assert msgspec.json.encode(every) == orjson.dumps(every)
    assert msgspec.json.encode('a"b\\c\x00\x1f\x7f\u2028é') == orjson.dumps('a"b\\c\x00\x1f\x7f\u2028é')


def test_policies_in_force_for_a_whole_chunk_or_for_none_of_it():
    """``in_force`` answers for a chunk only when no policy period begins or ends inside it."""
    def policy(code, start, end=None):
        return policy_from_dict({"code": code, "office": "x", "title_id": "t", "effective_from": start,
                                 "effective_to": end, "remedies": ["apology"],
                                 "conditions": [{"code": "c", "type": "smart_queue"}]})

    compiled = compile_batch([policy("old", "2025-01-01", "2025-04-30"), policy("new", "2025-05-01")],
                             context(at(2025, 6, 1)))
    assert compiled.in_force(at(2025, 5, 2), at(2025, 6, 1)) == (False, True)
    assert compiled.in_force(at(2025, 4, 30, 23, 59), at(2025, 6, 1)) is None  # the change falls inside
    assert compile_batch([policy("old", "2025-01-01", "2025-04-30")], context(at(2025, 4, 20))).in_force(
        at(2025, 4, 2), at(2025, 4, 20)) == (True,)
