"""The synthetic history generator: deterministic, importable, events in order on working days."""

from __future__ import annotations

import io
import sys
from datetime import date, datetime
from zoneinfo import ZoneInfo

import orjson
import pytest
from django.core.management import call_command
from django.utils import timezone

from maklumat.applications.importing import applications_import
from maklumat.applications.jsonlines import parse_line
from maklumat.applications.models import Application
from maklumat.applications.synthetic import synthetic_applications
from maklumat.calendar.rules import WorkCalendar

CALENDAR = WorkCalendar(tz_name="Asia/Jakarta")
SERVICES = {"baru", "penggantian", "hilang", "rusak", "percepatan"}
# Moments the office does not choose: online payment any day, the pickup job's cancellation at midnight.
OFF_CALENDAR_EVENTS = {"payment", "cancellation"}


def year(count: int = 400, seed: int = 0, **extra) -> list[dict]:
    return list(synthetic_applications(calendar=CALENDAR, office_code="blitar", start=date(2025, 1, 1),
                                       end=date(2025, 12, 31), count=count, seed=seed, **extra))


def test_the_same_seed_gives_the_same_year_and_another_seed_another():
    assert year(seed=7) == year(seed=7)
    assert year(seed=7) != year(seed=8)


def test_exactly_count_applications_with_unique_numbers():
    lines = year(count=1234)

    assert len(lines) == 1234
    assert len({line["id"] for line in lines}) == 1234


def test_every_line_passes_the_import_validation():
    now = datetime(2026, 6, 1, tzinfo=ZoneInfo("UTC"))
    for line in year(count=600):
        parsed = parse_line(orjson.loads(orjson.dumps(line)), tz=CALENDAR.tz, now=now, services=SERVICES)
        assert parsed.number == line["id"]


def test_events_are_in_time_order_and_office_events_on_working_days():
    for line in year(count=600):
        moments = [(name, datetime.fromisoformat(value)) for name, value in line["events"].items()]
        assert [at for _, at in moments] == sorted(at for _, at in moments), line["id"]
        for name, at in moments:
            if name not in OFF_CALENDAR_EVENTS:
                assert CALENDAR.is_working_day(CALENDAR.local(at).date()), (line["id"], name)


def test_the_year_has_the_cases_the_promises_are_about():
    lines = year(count=3000)
    waits = [datetime.fromisoformat(line["events"]["biometric_start"])
             - datetime.fromisoformat(line["events"]["biometric_ticket"]) for line in lines]
    over_two_hours = sum(wait.total_seconds() > 7200 for wait in waits) / len(lines)
    services = {line["service"] for line in lines}
    never_paid = sum("payment" not in line["events"] for line in lines) / len(lines)
    cancelled = sum("cancellation" in line["events"] for line in lines) / len(lines)

    assert 0.01 < over_two_hours < 0.10
    assert services == {"baru", "penggantian", "hilang", "rusak"}
    assert 0.005 < never_paid < 0.06 and 0.005 < cancelled < 0.06
    assert {line["booking"] for line in lines} == {"m_paspor", "walk_in"}
    assert any(line["accelerated"] for line in lines)
    assert {flag for line in lines for flag in line["flags"]} == {"under_review", "field_check", "broker"}
    assert {line["program"] for line in lines} == {"in_office", "mpp", "eazy_paspor", "sambang_haji",
                                                   "sambang_sakit"}


def test_events_after_until_have_not_happened_yet():
    until = datetime(2025, 6, 30, 12, tzinfo=CALENDAR.tz)

    lines = year(count=500, until=until)

    assert all(datetime.fromisoformat(value) <= until for line in lines for value in line["events"].values())


@pytest.mark.django_db
def test_a_generated_year_imports_whole(blitar):
    lines = [orjson.dumps(line) for line in synthetic_applications(
        calendar=CALENDAR, office_code="blitar", start=date(2025, 3, 1), end=date(2025, 3, 31), count=200)]

    result = applications_import(office=blitar, lines=lines, now=timezone.now())

    assert result.applications_created == 200
    assert result.events_added == sum(len(orjson.loads(line)["events"]) for line in lines)
    assert Application.objects.filter(office=blitar).count() == 200


@pytest.mark.django_db
def test_generate_command_prints_the_year_as_json_lines(blitar):
    saved, sys.stdout = sys.stdout, io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    try:
        call_command("applications", "generate", "--office", "blitar", "--year", "2025", "--count", "30",
                     "--seed", "4")
        sys.stdout.flush()
        out = sys.stdout.buffer.getvalue()
    finally:
        sys.stdout = saved

    lines = [orjson.loads(row) for row in out.splitlines()]
    assert len(lines) == 30
    assert lines[0]["id"].startswith("BLI2025")
