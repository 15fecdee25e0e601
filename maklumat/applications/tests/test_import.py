"""`maklumat applications import`: the exact contract (output, idempotency, atomic refusal, stdin)."""

from __future__ import annotations

import io
import json
import sys

import pytest
from django.core.management import call_command
from django.utils import timezone

from maklumat.applications.models import Application, ApplicationEvent
from maklumat.applications.selectors import application_timeline
from maklumat.applications.services import application_event_void
from maklumat.audit.models import AuditEntry
from maklumat.conftest import run_command


def run(args: list[str], stdin: str = "") -> tuple[int, str, str]:
    return run_command("applications", args, stdin)


VISIT = {"biometric_ticket": "2025-05-08T08:00:00+07:00", "biometric_start": "2025-05-08T08:40:00+07:00",
         "billing_issued": "2025-05-08T09:10:00"}


def line(**fields) -> str:
    base = {"id": "BLT-001", "service": "baru", "booking": "m_paspor", "smart_queue": True, "events": VISIT,
            "flags": []}
    return json.dumps({**base, **fields})


def write(tmp_path, *rows: str, name: str = "in.jsonl") -> str:
    path = tmp_path / name
    path.write_text("".join(row + "\n" for row in rows))
    return str(path)


def stored_events(number: str) -> list[tuple[str, str]]:
    return [(event.name, event.at.isoformat()) for event in
            ApplicationEvent.all_objects.filter(application__number=number).order_by("at", "name")]


@pytest.mark.django_db
def test_import_prints_the_counts_and_stores_applications_with_their_events(blitar, tmp_path):
    source = write(tmp_path,
                   line(applicant={"name": "Sri Wahyuni", "nik": "3505012345678901", "phone": "0812345678",
                                   "address": "Jl. Merdeka 1, Blitar"}),
                   "",
                   line(id="BLT-002", service="hilang", booking="walk_in", smart_queue=False, accelerated=False,
                        program="sambang_haji", flags=["under_review", "broker"],
                        events={"queue_ticket": "2025-05-09T08:00:00+07:00", "payment": None}))

    code, out, err = run(["import", "--office", "blitar", "--input", source])

    assert (code, err) == (0, "")
    assert out == '{"applications_created":2,"applications_updated":0,"events_added":4,"events_unchanged":0}\n'
    first = Application.objects.get(office=blitar, number="BLT-001")
    assert (first.service.code, first.booking_channel, first.smart_queue, first.accelerated, first.program) == (
        "baru", "m_paspor", True, False, "in_office")
    assert (first.applicant_name, first.applicant_nik, first.applicant_phone, first.applicant_address) == (
        "Sri Wahyuni", "3505012345678901", "0812345678", "Jl. Merdeka 1, Blitar")
    assert stored_events("BLT-001") == [("biometric_ticket", "2025-05-08T01:00:00+00:00"),
                                        ("biometric_start", "2025-05-08T01:40:00+00:00"),
                                        ("billing_issued", "2025-05-08T02:10:00+00:00")]
    second = Application.objects.get(office=blitar, number="BLT-002")
    assert (second.program, second.flags, second.applicant_name) == ("sambang_haji", ["under_review", "broker"], "")
    assert stored_events("BLT-002") == [("queue_ticket", "2025-05-09T01:00:00+00:00")]
    assert set(ApplicationEvent.objects.filter(application__office=blitar).values_list("source", flat=True)) == {
        "import"}


@pytest.mark.django_db
def test_import_writes_one_audit_row_per_run_with_file_and_counts(blitar, tmp_path):
    source = write(tmp_path, line(), line(id="BLT-002"))

    run(["import", "--office", "blitar", "--input", source])

    [entry] = AuditEntry.objects.filter(office=blitar)
    assert entry.action == "application.import"
    assert entry.after["file"] == source
    assert {key: entry.after[key] for key in ("applications_created", "applications_updated", "events_added",
                                              "events_unchanged")} == {
        "applications_created": 2, "applications_updated": 0, "events_added": 6, "events_unchanged": 0}
    assert entry.summary == f"{source}: 2 dibuat, 0 diperbarui, 6 peristiwa baru, 0 sudah ada"


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing(blitar, tmp_path):
    source = write(tmp_path, line(), line(id="BLT-002", flags=["field_check"]))
    run(["import", "--office", "blitar", "--input", source])
    before = list(ApplicationEvent.all_objects.values_list("id", "application_id", "name", "at", "recorded_at"))

    code, out, err = run(["import", "--office", "blitar", "--input", source])

    assert (code, err) == (0, "")
    assert out == '{"applications_created":0,"applications_updated":0,"events_added":0,"events_unchanged":6}\n'
    assert list(ApplicationEvent.all_objects.values_list("id", "application_id", "name", "at", "recorded_at")) == before
    assert Application.objects.filter(office=blitar).count() == 2


@pytest.mark.django_db
def test_new_events_of_a_known_application_are_added_and_old_ones_kept(blitar, tmp_path):
    run(["import", "--office", "blitar", "--input", write(tmp_path, line())])
    later = {**VISIT, "billing_issued": "2025-05-08T02:10:00Z", "payment": "2025-05-08T13:00:00+07:00"}

    code, out, err = run(["import", "--office", "blitar", "--input",
                          write(tmp_path, line(events=later, flags=["broker"]), name="later.jsonl")])

    assert (code, err) == (0, "")
    assert out == '{"applications_created":0,"applications_updated":1,"events_added":1,"events_unchanged":3}\n'
    assert stored_events("BLT-001")[-1] == ("payment", "2025-05-08T06:00:00+00:00")
    assert Application.objects.get(number="BLT-001").broker_involved is True


@pytest.mark.django_db
def test_an_event_voided_by_an_officer_is_not_stored_again(blitar, kasubsi, tmp_path):
    source = write(tmp_path, line())
    run(["import", "--office", "blitar", "--input", source])
    start = ApplicationEvent.objects.get(application__number="BLT-001", name="biometric_start")
    application_event_void(actor=kasubsi, event=start, reason="salah catat")

    code, out, err = run(["import", "--office", "blitar", "--input", source])

    assert out == '{"applications_created":0,"applications_updated":0,"events_added":0,"events_unchanged":3}\n'
    assert ApplicationEvent.all_objects.filter(application__number="BLT-001", name="biometric_start").count() == 1
    assert not ApplicationEvent.objects.filter(application__number="BLT-001", name="biometric_start").exists()


@pytest.mark.django_db
def test_bad_lines_are_all_reported_and_nothing_is_stored(blitar, tmp_path):
    source = write(
        tmp_path,
        line(),                                                                # 1 good
        "{not json",                                                           # 2
        "",                                                                    # 3 blank, counted
        line(id="BLT-004", service="visa"),                                    # 4
        line(id="BLT-005", booking="phone"),                                   # 5
        line(id="BLT-006", events={"payment": "yesterday"}),                   # 6
        line(id="BLT-007", applicant={"nik": "12345"}),                        # 7
        line(id="BLT-008", events={"paymnet": "2025-05-08T10:00:00+07:00"}),   # 8
        line(id="BLT-009", events={"payment": "2099-01-01T08:00:00+07:00"}),   # 9
        line(),                                                                # 10 same id as line 1
        line(id="BLT\u0000010"),                                               # 11
        line(id="BLT-012", applicant={"name": "x" * 201}),                     # 12
        line(id="BLT-013", accelerated="yes"),                                 # 13
        line(id="BLT-014", events={"payment": "1999-12-31T08:00:00+07:00"}),   # 14
        json.dumps(["BLT-015"]),                                               # 15
    )

    code, out, err = run(["import", "--office", "blitar", "--input", source])

    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "line 2: json: not valid JSON (unexpected character, expected a string key: line 1 column 2 (char 1))",
        "line 4: service: unknown service code 'visa' (known: baru, hilang, penggantian, percepatan, rusak)",
        "line 5: booking: must be one of m_paspor, walk_in, got 'phone'",
        "line 6: events.payment: not an ISO 8601 timestamp: 'yesterday'",
        "line 7: applicant.nik: must be 16 digits",
        "line 8: events: unknown event name 'paymnet'",
        "line 9: events.payment: Waktu 2099-01-01 08:00 masih di masa depan.",
        "line 10: id: 'BLT-001' repeats line 1",
        "line 11: id: Teks mengandung karakter NUL.",
        "line 12: applicant.name: Teks terlalu panjang (paling banyak 200 karakter).",
        "line 13: accelerated: must be true or false",
        "line 14: events.payment: Waktu 1999-12-31 08:00 terlalu lampau (paling awal 2000-01-01).",
        "line 15: line: must be a JSON object",
    ]
    assert Application.objects.filter(office=blitar).count() == 0
    assert ApplicationEvent.all_objects.count() == 0
    assert not AuditEntry.objects.filter(action="application.import").exists()


@pytest.mark.django_db
def test_an_accelerated_passport_handed_over_before_noon_is_refused_like_at_the_counter(blitar, tmp_path):
    source = write(tmp_path, line(accelerated=True, events={"payment": "2025-05-08T09:00:00+07:00",
                                                            "handover": "2025-05-08T11:30:00+07:00"}))

    code, out, err = run(["import", "--office", "blitar", "--input", source])

    assert (code, out) == (2, "")
    assert err == "line 1: events.handover: Paspor percepatan diambil mulai pukul 12.00 pada hari layanannya.\n"
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_import_reads_stdin(blitar):
    code, out, err = run(["import", "--office", "blitar", "--input", "-"], stdin=line() + "\n\n" + line(id="B2"))

    assert (code, err) == (0, "")
    assert json.loads(out) == {"applications_created": 2, "applications_updated": 0, "events_added": 6,
                               "events_unchanged": 0}
    assert AuditEntry.objects.get(action="application.import").after["file"] == "stdin"


@pytest.mark.django_db
def test_unknown_office_is_refused(blitar, tmp_path):
    code, out, err = run(["import", "--office", "nowhere", "--input", write(tmp_path, line())])

    assert (code, out, err) == (2, "", "office: unknown office code 'nowhere'\n")
    assert Application.objects.count() == 0


@pytest.mark.django_db
def test_unreadable_input_is_refused(blitar, tmp_path):
    code, out, err = run(["import", "--office", "blitar", "--input", str(tmp_path / "missing.jsonl")])

    assert (code, out) == (2, "")
    assert err == f"input: cannot read {tmp_path / 'missing.jsonl'}: No such file or directory\n"


@pytest.mark.django_db
def test_imported_events_count_in_the_deadlines_on_the_working_calendar(blitar, tmp_path):
    events = {**VISIT, "payment": "2025-05-08T13:00:00+07:00", "allocation": "2025-05-15T10:00:00+07:00"}
    # Paid Thursday 8 May 2025; 12 May (Waisak) and 13 May (cuti bersama) are not working days, so the
    # 2nd working day is Wednesday 14 May and an allocation on the 15th is late.
    run(["import", "--office", "blitar", "--input", write(tmp_path, line(events=events))])

    timeline = application_timeline(Application.objects.get(number="BLT-001"), as_of=timezone.now())

    allocation = next(row for row in timeline["deadlines"] if row.code == "allocation")
    assert (allocation.status, allocation.met_at.isoformat()) == ("late", "2025-05-15T03:00:00+00:00")


class Terminal(io.TextIOWrapper):
    def isatty(self) -> bool:
        return True


@pytest.mark.django_db
def test_a_terminal_sees_a_progress_bar_on_stderr_and_stdout_stays_one_object(blitar, tmp_path):
    source = write(tmp_path, line(), line(id="B2"))
    stdout = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    stderr = Terminal(io.BytesIO(), encoding="utf-8")
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = stdout, stderr
    try:
        call_command("applications", "import", "--office", "blitar", "--input", source)
    finally:
        sys.stdout, sys.stderr = saved
    stdout.flush()
    stderr.flush()

    assert json.loads(stdout.buffer.getvalue()) == {"applications_created": 2, "applications_updated": 0,
                                                    "events_added": 6, "events_unchanged": 0}
    assert "events       [##############################] 6/6" in stderr.buffer.getvalue().decode()
