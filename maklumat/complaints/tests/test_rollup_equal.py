"""The Kanwil roll-up from grouped aggregates (``rollup``) gives exactly the figures of each office's own recap
(``recap.recaps_for``, which reads every complaint and step): counts, channels, steps that fell due and on
time, overdue complaints and the oldest, average handling; offices in two time zones, complaints answered on
time, late, after a pause, escalated and left overdue, from this month and the one before, at moments
inside the month, at its end and after it. And its queries do not grow with the offices or complaints."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maklumat.accounts.roles import Role
from maklumat.complaints import rules, services
from maklumat.complaints.recap import recaps_for
from maklumat.complaints.rollup import kanwil_rollup, office_months
from maklumat.complaints.tests.factories import category, open_complaint, team
from maklumat.conftest import make_user
from maklumat.offices.models import Office

WIB, WITA = ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar")


def plain(offices, year, month, now):
    """The Kanwil figures as they were computed before: from each office's full recap."""
    recaps = recaps_for(offices=offices, year=year, month=month, now=now)
    out = {}
    for office in offices:
        r = recaps[office.pk]
        out[office.code] = {
            "total": r.total, "resolved": r.resolved, "still_open": r.still_open, "by_channel": r.by_channel,
            "steps_due": sum(s.due for s in r.step_rates), "steps_on_time": sum(s.on_time for s in r.step_rates),
            "overdue": r.overdue, "oldest_overdue": r.oldest_overdue, "average_handling": r.average_handling,
            "average_handling_text": r.average_handling_text, "as_of": r.as_of, "period_label": r.period_label,
            "definitions": (r.on_time_definition, r.average_handling_definition)}
    done = sum(o["steps_due"] for o in out.values())
    on_time = sum(o["steps_on_time"] for o in out.values())
    channels: Counter = Counter()
    for o in out.values():
        channels.update(dict(o["by_channel"]))
    totals = {
        "total": sum(o["total"] for o in out.values()), "resolved": sum(o["resolved"] for o in out.values()),
        "open": sum(o["still_open"] for o in out.values()),
        "on_time_rate": rules.on_time_rate([True] * on_time + [False] * (done - on_time)),
        "by_channel": sorted(channels.items()), "overdue": sum(o["overdue"] for o in out.values()),
        "oldest_overdue": min((o["oldest_overdue"] for o in out.values() if o["oldest_overdue"]),
                              key=lambda o: o.due_at, default=None)}
    return out, totals


def grouped(offices, year, month, now):
    months = office_months(offices=offices, year=year, month=month, now=now)
    out = {}
    for office in offices:
        m = months[office.pk]
        out[office.code] = {
            "total": m.total, "resolved": m.resolved, "still_open": m.still_open, "by_channel": m.by_channel,
            "steps_due": m.steps_due, "steps_on_time": m.steps_on_time, "overdue": m.overdue,
            "oldest_overdue": m.oldest_overdue, "average_handling": m.average_handling,
            "average_handling_text": m.average_handling_text, "as_of": m.as_of, "period_label": m.period_label,
            "definitions": (m.on_time_definition, m.average_handling_definition)}
    _rows, totals = kanwil_rollup(offices=offices, year=year, month=month, now=now)
    totals = {k: v for k, v in totals.items() if k != "submitted"}
    return out, totals


MONTHS = ((2, (24, 26, 27)), (3, (3, 4, 5, 6, 10, 11, 12, 13, 14, 17, 28, 31)))


def _history(office, zone, prefix: str, months=MONTHS) -> None:
    """February and March complaints: answered on time, late, after a pause; escalated and left."""
    people = team(office)
    officer = people["petugas_yankomas"]

    def at(month, day, hour, minute=0):
        return datetime(2025, month, day, hour, minute, tzinfo=zone)

    for month, days in months:
        for i, day in enumerate(days):
            received = at(month, day, 9, 5 * i)
            complaint = open_complaint(office, officer, at=received, subject=f"{prefix} {month}-{day}",
                                       channel="walk_in" if i % 3 else "call_center")
            step = complaint.steps.get(status="active")
            kind = (i + day) % 5
            if kind == 0:  # answered within the hour
                services.complaint_close_general(actor=officer, complaint_id=complaint.pk, step_id=step.pk,
                                                 category=category("status_check"), resolution="ok", reply="ok",
                                                 now=received + timedelta(minutes=30))
            elif kind == 1:  # answered a week later: late
                services.complaint_close_general(actor=officer, complaint_id=complaint.pk, step_id=step.pk,
                                                 category=category("status_check"), resolution="ok", reply="ok",
                                                 now=received + timedelta(days=7))
            elif kind == 2:  # paused for the reporter, resumed, answered
                services.complaint_pause(actor=officer, complaint_id=complaint.pk, reason="Menunggu KTP",
                                         now=received + timedelta(minutes=10))
                services.complaint_resume(actor=officer, complaint_id=complaint.pk,
                                          now=received + timedelta(hours=2))
                services.complaint_close_general(actor=officer, complaint_id=complaint.pk, step_id=step.pk,
                                                 category=category("status_check"), resolution="ok", reply="ok",
                                                 now=received + timedelta(hours=3))
            elif kind == 3:  # forwarded to the Kasubsi and never touched: overdue once due
                services.complaint_escalate(actor=officer, complaint_id=complaint.pk, step_id=step.pk,
                                            category=category("other"), now=received + timedelta(minutes=10))
            # kind 4: left with the first-line officer


@pytest.fixture
def kanwil_offices(pamekasan, balikpapan, blitar):
    """Pamekasan (WIB), Balikpapan (WITA, moved into the same Kanwil), Blitar without complaints."""
    balikpapan.kanwil = pamekasan.kanwil
    balikpapan.save(update_fields=["kanwil"])
    _history(pamekasan, WIB, "P")
    _history(balikpapan, WITA, "B")
    return [blitar, pamekasan, balikpapan]


def test_the_grouped_roll_up_equals_each_offices_own_recap(kanwil_offices):
    for now in (datetime(2025, 3, 12, 10, tzinfo=WIB),     # inside March
                datetime(2025, 3, 31, 23, 30, tzinfo=WIB),  # the last half hour of March in WIB, April in WITA
                datetime(2025, 4, 2, 9, tzinfo=WIB),        # after March
                datetime(2025, 6, 1, 9, tzinfo=WIB)):       # long after: the late answers are in
        for month in (2, 3):
            expected, expected_totals = plain(kanwil_offices, 2025, month, now)
            got, totals = grouped(kanwil_offices, 2025, month, now)
            assert got == expected, (now, month)
            assert totals == expected_totals, (now, month)
    # The history exercises every figure (as of 2 April, March).
    got, totals = grouped(kanwil_offices, 2025, 3, datetime(2025, 4, 2, 9, tzinfo=WIB))
    march = got["pamekasan"]
    assert march["overdue"] > 0 and march["oldest_overdue"] is not None
    assert 0 < march["steps_on_time"] < march["steps_due"]
    assert march["average_handling"] is not None and len(march["by_channel"]) == 2
    assert got["balikpapan"]["total"] == 12 and got["balikpapan"]["oldest_overdue"] is not None
    assert got["blitar"]["total"] == 0 and got["blitar"]["average_handling"] is None


def test_the_roll_up_makes_the_same_number_of_queries_with_more_offices_and_complaints(pamekasan):
    now = datetime(2025, 4, 2, 9, tzinfo=WIB)
    offices = [pamekasan]
    _history(pamekasan, WIB, "P")
    with CaptureQueriesContext(connection) as small:
        kanwil_rollup(offices=offices, year=2025, month=3, now=now)
    for i in range(2):
        office = Office.objects.create(code=f"uji-{i}", name=f"Kantor Uji {i}", office_class=pamekasan.office_class,
                                       kanwil=pamekasan.kanwil, time_zone="Asia/Makassar" if i else "Asia/Jakarta",
                                       city="Uji")
        make_user(f"kasubsi.uji{i}", Role.KASUBSI, office=office)
        _history(office, WITA if i else WIB, f"U{i}", months=((2, (27,)), (3, (3, 4, 5, 6, 10))))
        offices.append(office)
    with CaptureQueriesContext(connection) as large:
        rows, _totals = kanwil_rollup(offices=offices, year=2025, month=3, now=now)
    assert [row.recap.total for row in rows] == [12, 5, 5]
    assert len(large.captured_queries) == len(small.captured_queries)
