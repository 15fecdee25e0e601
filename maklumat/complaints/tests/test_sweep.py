"""The SLA worker warns owners, marks breaches, tells the next level, and is idempotent."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from maklumat.complaints import services
from maklumat.complaints.models import Complaint, ComplaintEvent, ComplaintNotification, StepStatus
from maklumat.complaints.selectors import complaints_visible_to
from maklumat.complaints.sla import complaints_sweep
from maklumat.complaints.tests.factories import open_complaint, team
from maklumat.complaints.workers import WORKERS

WIB = ZoneInfo("Asia/Jakarta")


def t(day, hour, minute=0):
    return datetime(2025, 1, day, hour, minute, tzinfo=WIB)


@pytest.fixture
def people(pamekasan):
    return team(pamekasan)


def test_owner_is_warned_at_three_quarters_of_the_norm_once(pamekasan, people,
                                                            django_capture_on_commit_callbacks):
    complaint = open_complaint(pamekasan, people["petugas_yankomas"], at=t(13, 9))  # intake due 09:30
    assert complaints_sweep(now=t(13, 9, 20)).warned == 0
    with django_capture_on_commit_callbacks(execute=True):
        first = complaints_sweep(now=t(13, 9, 23))
    again = complaints_sweep(now=t(13, 9, 25))
    assert (first.warned, first.notices, again.warned, again.notices) == (1, 1, 0, 0)
    notice = ComplaintNotification.objects.exclude(kind="assigned").get()
    assert (notice.user, notice.kind) == (people["petugas_yankomas"], "warning")
    assert "09:30" in notice.message
    assert [m.to for m in mail.outbox] == [["petugas_yankomas@pamekasan.test"]]
    assert complaint.events.filter(kind="warning").count() == 1


def test_breach_is_marked_and_the_next_level_notified(pamekasan, people):
    complaint = open_complaint(pamekasan, people["petugas_yankomas"], at=t(13, 9))
    result = complaints_sweep(now=t(13, 9, 31))
    complaint.refresh_from_db()
    step = complaint.steps.get(status=StepStatus.ACTIVE)
    assert (result.breached, complaint.breached, step.breached_at) == (1, True, t(13, 9, 31))
    assert sorted(ComplaintNotification.objects.exclude(kind="assigned").values_list("user__role", "kind")) == [
        ("kasubsi", "breach_escalated"), ("petugas_yankomas", "breach")]
    assert complaints_sweep(now=t(13, 9, 45)).breached == 0
    assert ComplaintEvent.objects.filter(kind="breach").count() == 1


def test_no_breach_over_the_weekend_and_holidays(pamekasan, people):
    open_complaint(pamekasan, people["petugas_yankomas"], at=t(24, 16, 20))  # due Thu 30 Jan 07:50
    assert complaints_sweep(now=t(29, 12)).breached == 0
    assert complaints_sweep(now=t(30, 7, 51)).breached == 1


def test_a_paused_complaint_is_not_swept(pamekasan, people):
    complaint = open_complaint(pamekasan, people["petugas_yankomas"], at=t(13, 9))
    services.complaint_pause(actor=people["petugas_yankomas"], complaint_id=complaint.pk, reason="Menunggu KTP",
                             now=t(13, 9, 5))
    assert complaints_sweep(now=t(14, 9)).breached == 0


def test_breached_complaints_come_first_in_lists(pamekasan, people):
    calm = open_complaint(pamekasan, people["petugas_yankomas"], at=t(13, 10, 30))
    late = open_complaint(pamekasan, people["petugas_yankomas"], at=t(13, 9))
    complaints_sweep(now=t(13, 10, 45))
    order = list(complaints_visible_to(people["kasubsi"]).values_list("pk", flat=True))
    assert order == [late.pk, calm.pk]
    assert Complaint.objects.get(pk=late.pk).breached is True


def test_sweep_command_reports_and_is_started_by_the_demo(pamekasan, people):
    open_complaint(pamekasan, people["petugas_yankomas"], at=t(13, 9))
    out = StringIO()
    call_command("complaints", "sweep", stdout=out)
    assert "1 pelanggaran tenggat" in out.getvalue()
    assert ["complaints", "sweep", "--loop", "--interval", "30"] in WORKERS


def test_a_step_breached_before_any_sweep_gets_no_late_warning(pamekasan, people):
    open_complaint(pamekasan, people["petugas_yankomas"], at=t(13, 9))
    first = complaints_sweep(now=t(13, 11))
    again = complaints_sweep(now=t(13, 11, 5))
    assert (first.breached, first.warned, again.warned) == (1, 0, 0)
    assert not ComplaintNotification.objects.filter(kind="warning").exists()


def test_the_kasubsi_is_told_when_a_complaint_is_escalated_to_them(pamekasan, people):
    from maklumat.complaints.tests.factories import category

    complaint = open_complaint(pamekasan, people["petugas_yankomas"], at=t(13, 9))
    services.complaint_escalate(actor=people["petugas_yankomas"], complaint_id=complaint.pk,
                                step_id=complaint.steps.get(status=StepStatus.ACTIVE).pk,
                                category=category("other"), now=t(13, 9, 10))
    assigned = ComplaintNotification.objects.filter(kind="assigned").values_list("user__role", "step__code")
    assert sorted(assigned) == [("kasubsi", "kasubsi_handle")]
