"""Triage, escalation officer → Kasubsi → Kasi, directions, resolution, reply, rating, pause/resume."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from maklumat.audit.models import AuditEntry
from maklumat.complaints import services
from maklumat.complaints.models import ComplaintEvent, Outcome, Status, StepStatus
from maklumat.complaints.tests.factories import category, open_complaint, team
from maklumat.notifications.services import messages_send_due

WIB = ZoneInfo("Asia/Jakarta")


def t(day, hour, minute=0):
    return datetime(2025, 1, day, hour, minute, tzinfo=WIB)


def active(complaint):
    return complaint.steps.get(status=StepStatus.ACTIVE)


@pytest.fixture
def people(pamekasan):
    return team(pamekasan)


@pytest.fixture
def complaint(pamekasan, people):
    return open_complaint(pamekasan, people["petugas_yankomas"], at=t(13, 9))


def test_officer_closes_a_general_complaint_alone(complaint, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_close_general(
            actor=people["petugas_yankomas"], complaint_id=complaint.pk, step_id=active(complaint).pk,
            category=category("status_check"), resolution="Status dicek di SIMKIM: siap diambil.",
            reply="Paspor Anda sudah dapat diambil besok pukul 13.00.", now=t(13, 9, 20))
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome) == (Status.RESOLVED, Outcome.BY_OFFICER)
    assert [s.status for s in complaint.steps.order_by("order")] == [
        "done", "done", "skipped", "skipped", "skipped", "skipped"]
    messages_send_due()  # the outbox worker sends the acknowledgement and the answer
    assert [m.to for m in mail.outbox] == [["siti@example.test"]] * 2
    [answer] = [m for m in mail.outbox if "Tanggapan" in m.subject]
    assert complaint.tracking_code in answer.subject and "besok pukul 13.00" in answer.body
    assert AuditEntry.objects.filter(action="complaint.close_general", object_id=str(complaint.pk)).count() == 1


def test_a_non_general_complaint_cannot_be_closed_by_the_officer(complaint, people):
    with pytest.raises(ValidationError, match="diteruskan ke Kasubsi"):
        services.complaint_close_general(
            actor=people["petugas_yankomas"], complaint_id=complaint.pk, step_id=active(complaint).pk,
            category=category("staff_conduct"), resolution="x", reply="y", now=t(13, 9, 20))
    complaint.refresh_from_db()
    assert complaint.status == Status.OPEN and complaint.category is None
    assert active(complaint).code == "intake"


def test_full_chain_officer_kasubsi_kasi_back_to_officer(complaint, people):
    # Given a complaint about staff behaviour escalated by the officer
    services.complaint_escalate(actor=people["petugas_yankomas"], complaint_id=complaint.pk,
                                step_id=active(complaint).pk, category=category("staff_conduct"),
                                note="Perlu ditangani Kasubsi", now=t(13, 9, 20))
    kasubsi_step = active(complaint)
    assert (kasubsi_step.code, kasubsi_step.due_at) == ("kasubsi_handle", t(13, 10, 20))
    # When the Kasubsi asks the Kasi, the Kasi directs, the Kasubsi forwards and the officer resolves
    services.complaint_escalate(actor=people["kasubsi"], complaint_id=complaint.pk, step_id=kasubsi_step.pk,
                                note="Minta arahan Kasi", now=t(13, 10))
    services.complaint_direct(actor=people["kasi"], complaint_id=complaint.pk, step_id=active(complaint).pk,
                              direction="Panggil petugas loket, minta maaf kepada pelapor.", now=t(13, 11))
    services.complaint_escalate(actor=people["kasubsi"], complaint_id=complaint.pk,
                                step_id=active(complaint).pk, note="Diteruskan ke petugas", now=t(13, 11, 30))
    services.complaint_resolve(actor=people["petugas_yankomas"], complaint_id=complaint.pk,
                               step_id=active(complaint).pk, resolution="Petugas ditegur; pelapor dilayani.",
                               reply="Mohon maaf atas ketidaknyamanan.", now=t(13, 13))
    # Then every step is done, the Kasi's direction is recorded and the outcome says so
    complaint.refresh_from_db()
    assert complaint.outcome == Outcome.WITH_KASI
    assert complaint.direction == "Panggil petugas loket, minta maaf kepada pelapor."
    assert [s.status for s in complaint.steps.order_by("order")] == ["done"] * 6
    assert list(complaint.events.values_list("kind", flat=True)) == [
        "opened", "step_started", "step_completed", "step_started", "escalated", "step_started", "escalated",
        "step_started", "direction", "step_started", "step_completed", "step_started", "resolved", "replied"]
    # resolve step started 11:30 with 60 minutes; done 13:00 → late
    assert [s.on_time for s in complaint.steps.order_by("order")] == [True, True, True, True, True, False]


def test_kasubsi_handling_alone_skips_the_kasi_steps(complaint, people):
    services.complaint_escalate(actor=people["petugas_yankomas"], complaint_id=complaint.pk,
                                step_id=active(complaint).pk, category=category("service_delay"), now=t(13, 9, 5))
    services.complaint_handle_at_kasubsi(actor=people["kasubsi"], complaint_id=complaint.pk,
                                         step_id=active(complaint).pk, note="Percepat penyelesaian", now=t(13, 9, 30))
    assert active(complaint).code == "resolve"
    assert [s.status for s in complaint.steps.order_by("order")] == [
        "done", "done", "done", "skipped", "skipped", "active"]
    services.complaint_resolve(actor=people["petugas_yankomas"], complaint_id=complaint.pk,
                               step_id=active(complaint).pk, resolution="Selesai", reply="Sudah selesai",
                               now=t(13, 10))
    complaint.refresh_from_db()
    assert complaint.outcome == Outcome.BY_KASUBSI


def test_triage_without_category_is_refused(complaint, people):
    with pytest.raises(ValidationError, match="kategori"):
        services.complaint_escalate(actor=people["petugas_yankomas"], complaint_id=complaint.pk,
                                    step_id=active(complaint).pk, now=t(13, 9, 5))
    assert active(complaint).code == "intake"


def test_a_counter_officer_may_not_act_on_a_complaint(complaint, people):
    with pytest.raises(PermissionDenied):
        services.complaint_escalate(actor=people["petugas_loket"], complaint_id=complaint.pk,
                                    step_id=active(complaint).pk, category=category("other"), now=t(13, 9, 5))


def test_the_officer_may_not_give_the_kasi_direction(complaint, people):
    services.complaint_escalate(actor=people["petugas_yankomas"], complaint_id=complaint.pk,
                                step_id=active(complaint).pk, category=category("other"), now=t(13, 9, 5))
    services.complaint_escalate(actor=people["kasubsi"], complaint_id=complaint.pk, step_id=active(complaint).pk,
                                now=t(13, 9, 10))
    with pytest.raises(PermissionDenied):
        services.complaint_direct(actor=people["petugas_yankomas"], complaint_id=complaint.pk,
                                  step_id=active(complaint).pk, direction="x", now=t(13, 9, 15))
    assert active(complaint).code == "kasi_direct"


def test_acting_on_a_step_that_moved_on_is_a_conflict(complaint, people):
    stale = active(complaint).pk
    services.complaint_escalate(actor=people["petugas_yankomas"], complaint_id=complaint.pk, step_id=stale,
                                category=category("other"), now=t(13, 9, 5))
    with pytest.raises(services.StepConflict):
        services.complaint_escalate(actor=people["kasubsi"], complaint_id=complaint.pk, step_id=stale,
                                    category=category("other"), now=t(13, 9, 6))
    assert complaint.events.filter(kind="escalated").count() == 1


def test_an_outsider_of_another_office_may_not_act_and_learns_nothing(complaint, outsider):
    with pytest.raises(Http404):
        services.complaint_escalate(actor=outsider, complaint_id=complaint.pk, step_id=active(complaint).pk,
                                    category=category("other"), now=t(13, 9, 5))


def test_pause_stops_the_clock_and_resume_moves_the_due(complaint, people):
    # intake started 09:00, due 09:30; paused 09:10–10:10 (waiting for a copy of the receipt)
    services.complaint_pause(actor=people["petugas_yankomas"], complaint_id=complaint.pk,
                             reason="Menunggu bukti bayar", now=t(13, 9, 10))
    complaint.refresh_from_db()
    assert (complaint.status, complaint.due_at, active(complaint).due_at) == (Status.PAUSED, None, None)
    with pytest.raises(ValidationError, match="dijeda"):
        services.complaint_escalate(actor=people["petugas_yankomas"], complaint_id=complaint.pk,
                                    step_id=active(complaint).pk, category=category("other"), now=t(13, 9, 20))
    services.complaint_resume(actor=people["petugas_yankomas"], complaint_id=complaint.pk, now=t(13, 10, 10))
    complaint.refresh_from_db()
    assert complaint.status == Status.OPEN
    assert active(complaint).due_at == t(13, 10, 30) and complaint.due_at == t(13, 10, 30)
    assert list(complaint.events.filter(kind__in=["paused", "resumed"]).values_list("kind", "public")) == [
        ("paused", True), ("resumed", True)]


def test_rating_once_after_resolution(complaint, people):
    with pytest.raises(ValidationError, match="setelah pengaduan selesai"):
        services.complaint_rate(tracking_code=complaint.tracking_code, rating=4)
    services.complaint_close_general(actor=people["petugas_yankomas"], complaint_id=complaint.pk,
                                     step_id=active(complaint).pk, category=category("requirements"),
                                     resolution="Dijelaskan", reply="Persyaratan: KTP, KK", now=t(13, 9, 10))
    services.complaint_rate(tracking_code=complaint.tracking_code, rating=4, comment="Cepat")
    with pytest.raises(ValidationError, match="sudah dinilai"):
        services.complaint_rate(tracking_code=complaint.tracking_code, rating=1)
    complaint.refresh_from_db()
    assert (complaint.rating, complaint.rating_comment) == (4, "Cepat")


def test_events_are_append_only_rows_in_order(complaint):
    kinds = list(ComplaintEvent.objects.filter(complaint=complaint).values_list("kind", flat=True))
    assert kinds == ["opened", "step_started", "step_completed", "step_started"]
