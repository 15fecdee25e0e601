"""`maklumat compensation evaluate`: the exact batch contract, against the seeded database."""

from __future__ import annotations

import json

import pytest

from maklumat.conftest import run_command


def run(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    return run_command("compensation", args, stdin)


def line(**fields) -> str:
    base = {"id": "A1", "service": "baru", "booking": "m_paspor", "smart_queue": True, "events": {}, "flags": []}
    return json.dumps({**base, **fields})


WAITED_121 = {"biometric_ticket": "2025-05-08T08:00:00+07:00", "biometric_start": "2025-05-08T10:01:00+07:00"}


@pytest.mark.django_db
def test_eligible_line_lists_remedies_and_every_condition(blitar, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(line(events=WAITED_121) + "\n")
    code, out, err = run(["evaluate", "--office", "blitar", "--input", str(source),
                          "--as-of", "2025-05-08T16:00:00+07:00"])
    assert (code, err) == (0, "")
    [answer] = [json.loads(row) for row in out.splitlines()]
    assert answer["id"] == "A1" and answer["policy"] == "blitar-2025" and answer["decision"] == "eligible"
    assert answer["remedies"] == ["apology", "priority_service", "souvenir"]
    wait = next(c for c in answer["conditions"] if c["code"] == "b_wait_over_2h")
    assert wait == {"code": "b_wait_over_2h", "held": True, "measured": 121.0,
                    "reason_id": "Menunggu 2 jam 1 menit sejak nomor antrian biometrik, lebih dari 2 jam",
                    "reason_en": "Waited 2 h 1 min since biometric queue ticket, more than 2 h"}


@pytest.mark.django_db
def test_answers_keep_input_order_and_read_stdin(blitar):
    rows = [line(id="B", events={"biometric_ticket": "2025-05-08T08:00:00+07:00",
                                 "biometric_start": "2025-05-08T10:00:00+07:00"}),
            line(id="A", events=WAITED_121),
            line(id="C", service="hilang", events=WAITED_121)]
    code, out, _ = run(["evaluate", "--office", "blitar", "--input", "-", "--as-of", "2025-05-09T00:00:00+07:00"],
                       "\n".join(rows) + "\n")
    answers = [json.loads(row) for row in out.splitlines()]
    assert code == 0
    assert [(a["id"], a["decision"]) for a in answers] == [("B", "not_eligible"), ("A", "eligible"),
                                                            ("C", "not_eligible")]


@pytest.mark.django_db
def test_timestamp_without_offset_is_office_local_time(blitar):
    events = {"biometric_ticket": "2025-05-08T08:00:00", "biometric_start": "2025-05-08T03:01:00Z"}
    code, out, _ = run(["evaluate", "--office", "blitar", "--input", "-", "--as-of", "2025-05-09T00:00:00"],
                       line(events=events))
    assert code == 0 and json.loads(out)["decision"] == "eligible"


@pytest.mark.django_db
def test_unknown_events_are_ignored_and_missing_events_are_pending(blitar):
    code, out, _ = run(["evaluate", "--office", "blitar", "--input", "-", "--as-of", "2025-05-08T09:00:00+07:00"],
                       line(events={"biometric_ticket": "2025-05-08T08:00:00+07:00", "teleport": "yesterday"}))
    assert code == 0 and json.loads(out)["decision"] == "pending"


@pytest.mark.django_db
def test_application_before_the_policy_gets_one_not_applicable_line(blitar):
    events = {"biometric_ticket": "2025-03-24T08:00:00+07:00", "biometric_start": "2025-03-24T11:00:00+07:00"}
    code, out, _ = run(["evaluate", "--office", "blitar", "--input", "-", "--as-of", "2025-04-01T00:00:00+07:00"],
                       line(events=events))
    assert code == 0
    assert json.loads(out) == {"id": "A1", "policy": None, "decision": "not_applicable", "remedies": [],
                               "conditions": []}


@pytest.mark.django_db
def test_outages_file_excludes_a_disrupted_wait(blitar, tmp_path):
    outages = tmp_path / "outages.jsonl"
    outages.write_text(json.dumps({"start": "2025-05-08T09:00:00+07:00", "end": "2025-05-08T09:20:00+07:00",
                                   "scope": "national", "note": "SIMKIM"}) + "\n")
    code, out, _ = run(["evaluate", "--office", "blitar", "--input", "-", "--outages", str(outages),
                        "--as-of", "2025-05-09T00:00:00+07:00"], line(events=WAITED_121))
    assert code == 0 and json.loads(out)["decision"] == "not_eligible"


@pytest.mark.django_db
def test_every_bad_line_is_reported_and_nothing_is_printed(blitar):
    rows = [
        line(id="ok", events=WAITED_121),
        "{not json",
        line(booking="phone"),
        line(events={"payment": "tuesday"}),
        line(flags=["vip"]),
        json.dumps({"service": "baru", "booking": "m_paspor"}),
        line(smart_queue="yes"),
    ]
    code, out, err = run(["evaluate", "--office", "blitar", "--input", "-"], "\n".join(rows) + "\n")
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert lines[0].startswith("line 2: json: not valid JSON")
    assert lines[1:] == [
        "line 3: booking: must be one of m_paspor, walk_in, got 'phone'",
        "line 4: events.payment: not an ISO 8601 timestamp: 'tuesday'",
        "line 5: flags: unknown flag 'vip' (known: under_review, field_check, broker)",
        "line 6: id: required, a non-empty string",
        "line 7: smart_queue: must be true or false",
    ]


@pytest.mark.django_db
def test_unknown_office_or_policy_exits_2(blitar):
    assert run(["evaluate", "--office", "atlantis", "--input", "-"], "")[::2] == (
        2, "office: unknown office code 'atlantis'\n")
    assert run(["evaluate", "--office", "blitar", "--policy", "muara-enim-2020", "--input", "-"], "")[::2] == (
        2, "policy: no policy 'muara-enim-2020' for office blitar\n")


@pytest.mark.django_db
def test_muara_enim_late_allocation_earns_home_delivery(muara_enim):
    events = {"payment": "2025-07-10T10:00:00+07:00", "allocation": "2025-07-15T08:00:00+07:00"}
    code, out, _ = run(["evaluate", "--office", "muara-enim", "--input", "-", "--as-of", "2025-08-01T00:00:00"],
                       line(booking="walk_in", smart_queue=False, events=events))
    answer = json.loads(out)
    assert code == 0 and (answer["policy"], answer["decision"], answer["remedies"]) == (
        "muara-enim-2020", "eligible", ["home_delivery"])


def test_output_file_is_left_as_it_was_when_a_line_is_bad(tmp_path):
    from zoneinfo import ZoneInfo

    from maklumat.compensation.batch import evaluate_stream
    from maklumat.compensation.tests.helpers import at, context, seeded

    target = tmp_path / "out.jsonl"
    target.write_bytes(b"earlier answers\n")
    good = line(events=WAITED_121).encode() + b"\n"
    with target.open("ab") as out:
        result = evaluate_stream([good, b"{bad\n"], policies=[seeded("blitar-2025")], ctx=context(at(2025, 6, 1)),
                                 tz=ZoneInfo("Asia/Jakarta"), out=out)
    assert result.errors[0].startswith("line 2: json:")
    assert target.read_bytes() == b"earlier answers\n"
    with target.open("ab") as out:
        evaluate_stream([good], policies=[seeded("blitar-2025")], ctx=context(at(2025, 6, 1)),
                        tz=ZoneInfo("Asia/Jakarta"), out=out)
    assert target.read_bytes().startswith(b'earlier answers\n{"id":"A1","policy":"blitar-2025","decision":"eligible"')


@pytest.mark.django_db
def test_implausible_years_and_offsets_are_refused_naming_the_field(blitar, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join([
        line(id="Y1", events={"biometric_ticket": "0001-01-01T00:00:00+07:00"}),
        line(id="Y2", events={"payment": "9999-12-31T23:00:00+07:00"}),
        line(id="Y3", events={"payment": "2025-05-08T10:00:00+23:00"}),
    ]) + "\n")
    code, out, err = run(["evaluate", "--office", "blitar", "--input", str(source)])
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "line 1: events.biometric_ticket: year 1 is outside 2000–8999",
        "line 2: events.payment: year 9999 is outside 2000–8999",
        "line 3: events.payment: UTC offset +23:00 is beyond ±14:00",
    ]
    code, out, err = run(["evaluate", "--office", "blitar", "--input", str(source), "--as-of", "9999-12-31T23:59:59"])
    assert (code, out, err) == (2, "", "as-of: year 9999 is outside 2000–8999\n")


@pytest.mark.django_db
def test_compact_output_names_the_codes_that_failed_or_wait(blitar):
    rows = [line(id="A", events=WAITED_121),
            line(id="B", service="hilang", events={"biometric_ticket": "2025-05-08T15:00:00+07:00"}),
            line(id="C", events={"biometric_ticket": "2025-03-24T08:00:00+07:00"})]
    code, out, err = run(["evaluate", "--office", "blitar", "--input", "-", "--output", "compact",
                          "--as-of", "2025-05-08T16:00:00+07:00"], "\n".join(rows) + "\n")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        '{"id":"A","policy":"blitar-2025","decision":"eligible","remedies":["apology","priority_service","souvenir"],'
        '"failed":[],"pending":[]}',
        '{"id":"B","policy":"blitar-2025","decision":"not_eligible","remedies":[],'
        '"failed":["a_service_new_or_replacement","e_not_lost_or_damaged"],"pending":["b_wait_over_2h"]}',
        '{"id":"C","policy":null,"decision":"not_applicable","remedies":[],"failed":[],"pending":[]}',
    ]


@pytest.mark.django_db
def test_jobs_keep_input_order_and_the_same_bytes(blitar, tmp_path, monkeypatch):
    from maklumat.compensation import batch

    monkeypatch.setattr(batch, "CHUNK_LINES", 7)  # many chunks, answered by several processes
    source = tmp_path / "in.jsonl"
    waits = [{"biometric_ticket": "2025-05-08T08:00:00+07:00",
              "biometric_start": f"2025-05-08T{9 + n % 3:02d}:{n % 60:02d}:00+07:00"} for n in range(100)]
    source.write_text("".join(line(id=f"A{n:03d}", events=waits[n]) + "\n" for n in range(100)))
    args = ["evaluate", "--office", "blitar", "--input", str(source), "--as-of", "2025-05-09T00:00:00+07:00"]
    one = run(args)
    three = run([*args, "--jobs", "3"])
    assert one[0] == three[0] == 0
    assert three[1] == one[1]
    assert [json.loads(row)["id"] for row in three[1].splitlines()] == [f"A{n:03d}" for n in range(100)]


@pytest.mark.django_db
def test_jobs_report_every_bad_line_with_its_number_and_print_nothing(blitar, tmp_path, monkeypatch):
    from maklumat.compensation import batch

    monkeypatch.setattr(batch, "CHUNK_LINES", 4)
    rows = [line(id=f"A{n}") for n in range(20)]
    rows[5] = line(booking="fax")
    rows[17] = "{oops"
    code, out, err = run(["evaluate", "--office", "blitar", "--input", "-", "--jobs", "2"], "\n".join(rows) + "\n")
    assert (code, out) == (2, "")
    lines = err.splitlines()
    assert lines[0] == "line 6: booking: must be one of m_paspor, walk_in, got 'fax'"
    assert lines[1].startswith("line 18: json: not valid JSON") and len(lines) == 2


@pytest.mark.django_db
def test_unknown_output_or_bad_jobs_is_refused(blitar):
    from django.core.management import CommandError

    for extra, message in ((["--output", "short"], "invalid choice"), (["--jobs", "0"], "from 1 to 64"),
                           (["--jobs", "many"], "from 1 to 64")):
        with pytest.raises(CommandError, match=message):
            run(["evaluate", "--office", "blitar", "--input", "-", *extra])
