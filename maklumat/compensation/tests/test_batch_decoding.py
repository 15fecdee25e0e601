"""The fast batch reader (msgspec, a chunk at a time) accepts, refuses and answers exactly what the
contract's own reader (orjson + ``facts_from_line`` + the plain evaluator) does, line for line."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from maklumat.compensation.batch import LineError, answer_chunk, facts_from_line
from maklumat.compensation.rules.compiled import OUTPUT_COMPACT, OUTPUT_FULL, compile_batch, decision_bytes
from maklumat.compensation.rules.evaluator import decide
from maklumat.compensation.rules.facts import Outage
from maklumat.compensation.tests.helpers import WIB, at, context, seeded

POLICIES = [seeded("blitar-2025"), seeded("muara-enim-2020")]
AS_OF = at(2025, 6, 2, 12)
CTX = context(AS_OF, (Outage(start=at(2025, 5, 8, 9), end=at(2025, 5, 8, 11), scope="national", note="SIMKIM"),))
BATCHES = {output: compile_batch(POLICIES, CTX, output=output) for output in (OUTPUT_FULL, OUTPUT_COMPACT)}


def reference(lines: list[bytes], output: str) -> tuple[bytes, list[str]]:
    """The contract, read the plain way: every line through orjson and ``facts_from_line``."""
    answers, errors = [], []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            facts = facts_from_line(orjson.loads(raw), WIB)
        except orjson.JSONDecodeError as exc:
            errors.append(f"line {number}: json: not valid JSON ({exc})")
            continue
        except LineError as exc:
            errors.append(f"line {number}: {exc.field}: {exc.reason}")
            continue
        answers += [decision_bytes(d, output) for d in decide(facts, POLICIES, CTX)]
    return (b"" if errors else b"".join(answers)), errors


# Timestamps as people write them, and as they mistype them: the fast reader must never accept what
# fromisoformat refuses, nor read a moment differently.
timestamps = st.one_of(
    st.sampled_from([
        "2025-05-08T08:00:00+07:00", "2025-05-08T10:01:00+07:00", "2025-05-08 10:01:00+07:00", "2025-05-08T10:01:00",
        "2025-05-08T03:01:00Z", "2025-05-08t03:01:00z", "2025-05-08t10:01:00+07:00", "2025-05-08T03:01:00z",
        "2025-05-08T10:01:00.1234567+07:00", "2025-05-08T10:00:59.9999999+07:00", "2025-05-08T10:01:00.5+07:00",
        "2025-05-08T10:01", "2025-05-08", "2025-05-08T10:01:00+0700", "2025-05-08T10:01:00+07",
        "2025-05-08T10:01:00+14:00", "2025-05-08T10:01:00+14:01", "2025-05-08T10:01:00-23:59",
        "1999-12-31T23:59:59+07:00", "2000-01-01T00:00:00+14:00", "8999-12-31T23:59:59-14:00",
        "9000-01-01T00:00:00", "2025-05-08T24:00:00", "2025-05-08T23:59:60+07:00", "tuesday", "",
        "2025-05-08T10:01:00+07:00:30", "20250508T100100", "2025-05-08T10:01:00,5",
        "2025-05-08\\u005410:01:00+07:00", "2025-05-08\\u007410:01:00+07:00",
    ]),
    st.builds(lambda d, m: f"2025-05-{d:02d}T{m // 60:02d}:{m % 60:02d}:00+07:00",
              st.integers(1, 31), st.integers(0, 60 * 24 - 1)),
)
good_timestamps = st.builds(lambda d, m: f"2025-05-{d:02d}T{m // 60:02d}:{m % 60:02d}:00+07:00",
                            st.integers(1, 31), st.integers(0, 60 * 24 - 1))
# What msgspec reads and fromisoformat refuses or reads otherwise: each must go to the exact reader.
lenient = st.sampled_from(["2025-05-08t03:01:00z", "2025-05-08t10:01:00+07:00", "2025-05-08T03:01:00z",
                           "2025-05-08T10:01:00.1234567+07:00", "2025-05-08T10:00:59.9999999+07:00",
                           "2025-05-08T10:01:00.12345678"])
event_values = st.one_of(timestamps.map(json.dumps), lenient.map(json.dumps), good_timestamps.map(json.dumps),
                         good_timestamps.map(json.dumps), st.sampled_from(["null", "5", "true", '["x"]']))
event_names = st.sampled_from(["biometric_ticket", "biometric_start", "payment", "allocation", "ready",
                               "queue_ticket", "biometric_ticket", "payment", "teleport"])


@st.composite
def input_lines(draw) -> bytes:
    kind = draw(st.integers(0, 9))
    if kind == 0 and draw(st.booleans()):
        return draw(st.sampled_from([b"\n", b"   \n", b"{not json\n", b"[]\n", b"5\n", b'{"id":"A"},{"id":"B"}\n',
                                     b'{"id":"A","service":"baru",\n', b'"booking":"m_paspor"}\n',
                                     b'{"id":"\\ud800","service":"baru","booking":"m_paspor"}\n',
                                     b'{"id":"A\xff","service":"baru","booking":"m_paspor"}\n']))
    def pick(good: list[str], odd: list[str]) -> str:
        return draw(st.sampled_from(odd)) if draw(st.integers(0, 7)) == 0 else draw(st.sampled_from(good))

    fields = {
        "id": pick(['"A1"', '"B-2"'], ['""', "7", '"t1"', '"Aziz"', '"\\u0041"', "null"]),
        "service": pick(['"baru"', '"penggantian"', '"hilang"'], ['""', "null", '"rusak"']),
        "booking": pick(['"m_paspor"', '"walk_in"'], ['"fax"']),
        "smart_queue": pick(["true", "false"], ['"yes"', "1"]),
        "flags": pick(["[]", '["under_review"]'], ['["broker","field_check"]', '["vip"]', "{}"]),
        "note": draw(st.sampled_from(['"x"', "1e999", '"\xff"', "[1,2]"])),
    }
    # How often each key is given (in 20ths): the required ones nearly always, an unknown key rarely.
    present = {"id": 19, "service": 19, "booking": 19, "smart_queue": 15, "flags": 15, "note": 2}
    pairs = [f'"{name}":{value}' for name, value in fields.items() if draw(st.integers(0, 19)) < present[name]]
    events = draw(st.lists(st.tuples(event_names, event_values), max_size=3))
    if events or draw(st.booleans()):
        pairs.append('"events":{' + ",".join(f'"{name}":{value}' for name, value in events) + "}")
    if draw(st.integers(0, 4)) == 0:  # a key given twice: the last one counts, for both readers
        pairs.append('"booking":' + draw(st.sampled_from(['"m_paspor"', '"fax"'])))
    order = draw(st.permutations(pairs))
    return ("{" + ", ".join(order) + "}\n").encode()


@settings(max_examples=300, deadline=None)
@given(st.lists(input_lines(), min_size=1, max_size=12), st.sampled_from([OUTPUT_FULL, OUTPUT_COMPACT]))
def test_fast_reader_answers_and_refuses_exactly_like_the_contract_reader(lines, output):
    chunk = answer_chunk(lines, 1, BATCHES[output], WIB, AS_OF)
    expected_output, expected_errors = reference(lines, output)
    assert chunk.errors == expected_errors
    assert (b"" if chunk.errors else b"".join(chunk.output)) == expected_output


GOLDEN = Path(__file__).parent / "golden"


def test_golden_input_answers_byte_for_byte_as_before():
    """``golden/input.jsonl`` answered by the evaluator before it was compiled (kept as the golden file)."""
    lines = (GOLDEN / "input.jsonl").read_bytes().splitlines(keepends=True)
    as_of = at(2025, 12, 1)
    outages = (Outage(start=at(2025, 5, 8, 9), end=at(2025, 5, 8, 11), scope="national", note="SIMKIM"),
               Outage(start=at(2025, 7, 11, 8), end=None, note="listrik padam"))
    compiled = compile_batch(POLICIES, context(as_of, outages))
    chunk = answer_chunk(lines, 1, compiled, WIB, as_of)
    assert chunk.errors == []
    assert b"".join(chunk.output) == (GOLDEN / "answers.jsonl").read_bytes()


def test_lenient_timestamps_are_read_as_fromisoformat_reads_them():
    """A lower-case z is refused; seven decimals are cut (a wait one tenth of a microsecond under 2 h
    stays under 2 h: 1 h 59 min)."""
    base = '{"id":"A1","service":"baru","booking":"m_paspor","smart_queue":true,"events":{'
    ticket = '"biometric_ticket":"2025-05-08T08:00:00+07:00",'
    lines = [
        base + ticket + '"biometric_start":"2025-05-08T09:59:59.9999999+07:00"}}\n',
        base + ticket.replace("T08", "t08") + '"biometric_start":"2025-05-08 10:01:00+07:00"}}\n',
    ]
    encoded = [line.encode() for line in lines]
    for batch in (encoded, encoded[::-1]):
        chunk = answer_chunk(batch, 1, BATCHES[OUTPUT_FULL], WIB, AS_OF)
        assert (b"".join(chunk.output), chunk.errors) == reference(batch, OUTPUT_FULL)
    assert "1 h 59 min" in answer_chunk(encoded[:1], 1, BATCHES[OUTPUT_FULL], WIB, AS_OF).output[0].decode()
    bad = [(base + '"payment":"2025-05-08T03:01:00z"}}\n').encode()]
    assert answer_chunk(bad, 1, BATCHES[OUTPUT_FULL], WIB, AS_OF).errors == [
        "line 1: events.payment: not an ISO 8601 timestamp: '2025-05-08T03:01:00z'"]
