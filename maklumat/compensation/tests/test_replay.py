"""`maklumat compensation replay`: stored applications re-decided under another policy version."""

from __future__ import annotations

import json
from io import StringIO

from django.core.management import call_command

from maklumat.compensation.rules.policy import seeded_policy_specs
from maklumat.compensation.tests.fixtures import application_with


def test_replay_counts_decisions_and_remedies_under_a_stricter_policy(blitar, tmp_path):
    for number, wait in (("BLT-1", 100), ("BLT-2", 121), ("BLT-3", 200)):
        application_with(blitar, number, wait_minutes=wait)
    application_with(blitar, "BLT-4", booking="walk_in", wait_minutes=200)
    spec = next(s for s in seeded_policy_specs() if s["code"] == "blitar-2025")
    stricter = {**spec, "code": "blitar-2026-draft", "remedies": ["apology"],
                "conditions": [{**c, "minutes": 180} if c["type"] == "wait_over" else c for c in spec["conditions"]]}
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(stricter))
    out = StringIO()
    call_command("compensation", "replay", "--office", "blitar", "--policy", str(path), "--from", "2025-05-01",
                 "--to", "2025-05-31", "--as-of", "2025-06-01T00:00:00+07:00", stdout=out)
    assert out.getvalue().splitlines() == [
        "office blitar, applications dated 2025-05-01 to 2025-05-31: 4",
        "candidate blitar-2026-draft: eligible 1, not_eligible 3",
        "  remedies: apology 1",
        "in force: eligible 2, not_eligible 2",
        "  remedies: apology 2, priority_service 2, souvenir 2",
        "eligible only under blitar-2026-draft: 0",
        "eligible only under the policy in force: 1 (BLT-2)",
    ]


def test_replay_outside_the_dates_counts_nothing(blitar, tmp_path):
    application_with(blitar, "BLT-1", wait_minutes=150)
    path = tmp_path / "p.json"
    path.write_text(json.dumps(seeded_policy_specs()[0]))
    out = StringIO()
    call_command("compensation", "replay", "--office", "blitar", "--policy", str(path), "--from", "2025-06-01",
                 "--to", "2025-06-30", stdout=out)
    assert out.getvalue().splitlines()[0] == "office blitar, applications dated 2025-06-01 to 2025-06-30: 0"


def test_replay_dates_applications_by_the_office_calendar_day_in_wit(jayapura, tmp_path):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from maklumat.applications.services import application_event_record

    wit = ZoneInfo("Asia/Jayapura")
    # Given two tickets either side of midnight at Jayapura (00:30 WIT on 1 June is still 31 May in UTC)
    for number, moment in (("JPR-1", datetime(2025, 5, 31, 23, 30, tzinfo=wit)),
                           ("JPR-2", datetime(2025, 6, 1, 0, 30, tzinfo=wit))):
        application = application_with(jayapura, number)
        application_event_record(application=application, name="biometric_ticket", at=moment)
    path = tmp_path / "p.json"
    path.write_text(json.dumps({**seeded_policy_specs()[0], "office": "jayapura"}))
    out = StringIO()
    call_command("compensation", "replay", "--office", "jayapura", "--policy", str(path), "--from", "2025-06-01",
                 "--to", "2025-06-30", "--as-of", "2025-06-02T00:00:00+09:00", stdout=out)
    # Then only the 00:30 ticket belongs to June
    assert out.getvalue().splitlines()[0] == "office jayapura, applications dated 2025-06-01 to 2025-06-30: 1"
