"""The SP4N-LAPOR! clocks next to the office's SOP: verification within 3 working days, follow-up within
5 working days after it, closing 10 working days after the answer without a reply; reopening before that."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maklumat.audit.models import AuditEntry
from maklumat.calendar.rules import WorkCalendar
from maklumat.complaints import rules, services
from maklumat.complaints.models import Complaint, ComplaintEvent, Status, StepStatus
from maklumat.complaints.sla import complaints_sweep
from maklumat.complaints.tests.factories import category, open_complaint, team

WIB = ZoneInfo("Asia/Jakarta")
CAL = WorkCalendar(tz_name="Asia/Jakarta")


def wib(y, m, d, h=0, mi=0):
    return datetime(y, m, d, h, mi, tzinfo=WIB)


# --- the pure rule at working-day boundaries ---

def test_verification_received_on_friday_is_due_at_the_end_of_wednesday():
    # Friday 10 Jan 2025: Mon 13 is day 1, Tue 14 day 2, Wed 15 day 3 → due at 24:00 Wednesday
    clocks = rules.national_clocks(CAL, received_at=wib(2025, 1, 10, 15), verified_at=None, answered_at=None,
                                   now=wib(2025, 1, 15, 23, 59))
    assert clocks.verification.due == wib(2025, 1, 16)
    assert clocks.verification.state == rules.ClockState.RUNNING
    assert clocks.follow_up.state == rules.ClockState.WAITING


def test_verification_at_the_last_minute_is_met_and_at_midnight_is_late():
    received = wib(2025, 1, 10, 15)
    met = rules.national_clocks(CAL, received_at=received, verified_at=wib(2025, 1, 15, 23, 59), answered_at=None,
                                now=wib(2025, 1, 20))
    late = rules.national_clocks(CAL, received_at=received, verified_at=wib(2025, 1, 16), answered_at=None,
                                 now=wib(2025, 1, 20))
    overdue = rules.national_clocks(CAL, received_at=received, verified_at=None, answered_at=None, now=wib(2025, 1, 16))
    assert (met.verification.state, late.verification.state, overdue.verification.state) == (
        rules.ClockState.MET, rules.ClockState.LATE, rules.ClockState.OVERDUE)


def test_follow_up_counts_five_working_days_from_verification_over_isra_miraj_and_imlek():
    # verified Friday 24 Jan 2025; Mon 27 (Isra Mi'raj) and Tue 28 (cuti bersama Imlek), Wed 29 (Imlek)
    # are not working days: Thu 30 day 1, Fri 31 day 2, Mon 3 Feb 3, Tue 4, Wed 5 Feb day 5.
    clocks = rules.national_clocks(CAL, received_at=wib(2025, 1, 23, 9), verified_at=wib(2025, 1, 24, 10),
                                   answered_at=None, now=wib(2025, 1, 24, 11))
    assert clocks.follow_up.due == wib(2025, 2, 6)
    assert clocks.follow_up.state == rules.ClockState.RUNNING


def test_an_answer_without_a_separate_verification_verifies_too():
    clocks = rules.national_clocks(CAL, received_at=wib(2025, 1, 13, 9), verified_at=None,
                                   answered_at=wib(2025, 1, 13, 10), now=wib(2025, 1, 13, 11))
    assert (clocks.verification.state, clocks.follow_up.state) == (rules.ClockState.MET, rules.ClockState.MET)


def test_reply_window_is_ten_working_days_after_the_answer():
    # answered Monday 13 Jan 2025: 14–17 Jan are days 1–4, 20–24 Jan days 5–9; 27 (Isra Mi'raj), 28 (cuti
    # bersama) and 29 Jan (Imlek) are closed, so Thursday 30 January is day 10: open until 24:00 that day.
    answered = wib(2025, 1, 13, 14)
    assert rules.reply_window_end(CAL, answered) == wib(2025, 1, 31)
    assert rules.may_reopen(CAL, answered_at=answered, closed=False, now=wib(2025, 1, 30, 23, 59))
    assert not rules.may_reopen(CAL, answered_at=answered, closed=False, now=wib(2025, 1, 31))
    assert rules.auto_close_due(CAL, answered_at=answered, closed=False, now=wib(2025, 1, 31))
    assert not rules.auto_close_due(CAL, answered_at=answered, closed=True, now=wib(2025, 1, 31))
    assert not rules.may_reopen(CAL, answered_at=None, closed=False, now=answered)


moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 31)).map(
    lambda d: d.replace(tzinfo=WIB))


@settings(max_examples=150, deadline=None)
@given(received=moments, days=st.integers(min_value=0, max_value=20))
def test_verification_due_is_local_midnight_after_exactly_three_working_days(received, days):
    due = rules.national_clocks(CAL, received_at=received, verified_at=None, answered_at=None,
                                now=received).verification.due
    assert due.time() == time(0) and due > received
    last_day = due.date() - timedelta(days=1)
    assert CAL.is_working_day(last_day)
    counted = [d for d in (received.date() + timedelta(days=i) for i in range(1, (last_day - received.date()).days + 1))
               if CAL.is_working_day(d)]
    assert len(counted) == rules.VERIFY_WORKING_DAYS
    # verifying any time before it is met, at or after it is late
    before = rules.national_clocks(CAL, received_at=received, verified_at=due - timedelta(seconds=1),
                                   answered_at=None, now=due).verification.state
    at = rules.national_clocks(CAL, received_at=received, verified_at=due + timedelta(hours=days),
                               answered_at=None, now=due).verification.state
    assert (before, at) == (rules.ClockState.MET, rules.ClockState.LATE)


@settings(max_examples=100, deadline=None)
@given(answered=moments, offset=st.integers(min_value=-3 * 24 * 60, max_value=3 * 24 * 60))
def test_reopen_and_auto_close_are_exact_complements(answered, offset):
    now = rules.reply_window_end(CAL, answered) + timedelta(minutes=offset)
    reopen = rules.may_reopen(CAL, answered_at=answered, closed=False, now=now)
    close = rules.auto_close_due(CAL, answered_at=answered, closed=False, now=now)
    assert reopen != close


# --- the sweep closes, the complainant reopens ---

@pytest.fixture
def answered(pamekasan):
    people = team(pamekasan)
    complaint = open_complaint(pamekasan, people["petugas_yankomas"], at=wib(2025, 1, 13, 9))
    step = complaint.steps.get(status=StepStatus.ACTIVE)
    services.complaint_close_general(actor=people["petugas_yankomas"], complaint_id=complaint.pk, step_id=step.pk,
                                     category=category("status_check"), resolution="Status dicek: siap diambil.",
                                     reply="Paspor Anda dapat diambil besok pukul 13.00.", now=wib(2025, 1, 13, 9, 20))
    return complaint


def test_the_sweep_closes_an_answer_left_unanswered_for_ten_working_days_once_and_audited(answered):
    assert complaints_sweep(now=wib(2025, 1, 30, 23, 59)).closed == 0  # day 10 is Thursday 30 January
    first = complaints_sweep(now=wib(2025, 1, 31, 0, 0))
    again = complaints_sweep(now=wib(2025, 2, 3, 9, 0))
    answered.refresh_from_db()
    assert (first.closed, again.closed, answered.closed_at) == (1, 0, wib(2025, 1, 31))
    assert AuditEntry.objects.filter(action="complaint.auto_close", object_id=str(answered.pk)).count() == 1
    assert ComplaintEvent.objects.filter(complaint=answered, kind="auto_closed", public=True).count() == 1
    with pytest.raises(services.common.ValidationError):
        services.complaint_reopen(tracking_code=answered.tracking_code, reason="Paspor ternyata belum ada di loket.",
                                  now=wib(2025, 2, 3, 9))


def test_the_complainant_reopens_inside_the_window_and_the_answering_step_runs_again(client, answered):
    page = f"/pengaduan/status/{answered.tracking_code}/"
    # the public page offers reopening while the window is open (the test's "now" is the real clock: use the service)
    services.complaint_reopen(tracking_code=answered.tracking_code,
                              reason="Saya datang jam 13.00 tetapi paspor belum ada di loket.",
                              now=wib(2025, 1, 20, 10))
    answered.refresh_from_db()
    step = answered.steps.get(status=StepStatus.ACTIVE)
    assert (answered.status, answered.resolved_at, step.code, step.started_at) == (
        Status.OPEN, None, "intake", wib(2025, 1, 20, 10))
    assert step.due_at == wib(2025, 1, 20, 10, 30)
    assert AuditEntry.objects.filter(action="complaint.reopen", object_id=str(answered.pk)).count() == 1
    assert "Dibuka kembali oleh pelapor" in client.get(page).content.decode()
    assert complaints_sweep(now=wib(2025, 2, 10)).closed == 0  # an open complaint is never auto-closed


def test_reopening_needs_a_reason_and_changes_nothing_without_one(answered):
    with pytest.raises(services.common.ValidationError) as refused:
        services.complaint_reopen(tracking_code=answered.tracking_code, reason="  ", now=wib(2025, 1, 14, 9))
    answered.refresh_from_db()
    assert "reason" in refused.value.message_dict and answered.status == Status.RESOLVED


def test_the_public_reopen_form_reopens_by_tracking_code(client, pamekasan, answered):
    # the reply window of a complaint answered now is open now
    Complaint.objects.filter(pk=answered.pk).update(replied_at=pamekasan.local_now() - timedelta(minutes=5),
                                                    resolved_at=pamekasan.local_now() - timedelta(minutes=5))
    page = f"/pengaduan/status/{answered.tracking_code}/"
    shown = client.get(page).content.decode()
    assert "Buka kembali pengaduan" in shown and "pukul 24.00" in shown
    assert "errorlist" not in shown  # neither form is bound on a plain GET
    client.post(page, {"action": "reopen", "reason": "Jawaban belum menyelesaikan masalah saya sama sekali."})
    answered.refresh_from_db()
    assert answered.status == Status.OPEN
