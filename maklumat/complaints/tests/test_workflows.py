"""Complaints follow the SOP in force when opened, with due times on the office's working time."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from maklumat.complaints.models import StepStatus
from maklumat.complaints.selectors import NoWorkflow, workflow_for
from maklumat.complaints.tests.factories import open_complaint, team
from maklumat.standards.models import SopKind
from maklumat.standards.selectors import sop_version_in_force
from maklumat.standards.services import sop_version_new_draft, sop_version_publish

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")


def steps_of(complaint):
    return list(complaint.steps.order_by("order"))


def test_walk_in_steps_are_the_pamekasan_sop_002_exactly(pamekasan):
    people = team(pamekasan)
    complaint = open_complaint(pamekasan, people["petugas_yankomas"], at=datetime(2025, 1, 24, 9, tzinfo=WIB))
    rows = [(s.code, s.actor_role, s.norm_minutes, s.behaviour) for s in steps_of(complaint)]
    assert rows == [
        ("direct", "duta_layanan", 2, "pass"),
        ("intake", "petugas_yankomas", 30, "triage"),
        ("kasubsi_handle", "kasubsi", 60, "decide"),
        ("kasi_direct", "kasi", 60, "direction"),
        ("kasubsi_forward", "kasubsi", 60, "pass"),
        ("resolve", "petugas_yankomas", 60, "resolve"),
    ]
    assert complaint.sop_version.sop.office == pamekasan and complaint.workflow_note == ""


def test_social_media_steps_are_the_balikpapan_sop_004_exactly(balikpapan):
    people = team(balikpapan)
    complaint = open_complaint(balikpapan, people["pengelola_medsos"], channel="social_media",
                               at=datetime(2025, 2, 3, 9, tzinfo=WITA),
                               details={"platform": "x", "handle": "@warga_bpn"})
    rows = [(s.code, s.actor_role, s.norm_minutes) for s in steps_of(complaint)]
    assert rows == [
        ("receive", "pengelola_medsos", 10), ("forward", "pengelola_medsos", 10), ("kasubsi_analyse", "kasubsi", 10),
        ("kasi_direct", "kasi", 15), ("kasubsi_instruct", "kasubsi", 10), ("answer", "pengelola_medsos", 10),
    ]


def test_walk_in_on_friday_afternoon_skips_weekend_isra_mikraj_cuti_bersama_and_imlek(pamekasan):
    # Given a complainant directed to the Yankomas post at 15:45 WIB on Friday 24 January 2025, recorded 15:47;
    # Mon 27 is Isra Mikraj, Tue 28 cuti bersama Imlek, Wed 29 Imlek.
    people = team(pamekasan)
    complaint = open_complaint(pamekasan, people["petugas_yankomas"], at=datetime(2025, 1, 24, 15, 45, tzinfo=WIB),
                               now=datetime(2025, 1, 24, 15, 47, tzinfo=WIB))
    # Then the chain's due times run into Thursday 30 January, the next working day.
    due = [s.due_at.astimezone(WIB) for s in steps_of(complaint)]
    assert due == [
        datetime(2025, 1, 24, 15, 47, tzinfo=WIB),
        datetime(2025, 1, 24, 16, 17, tzinfo=WIB),
        datetime(2025, 1, 30, 8, 17, tzinfo=WIB),
        datetime(2025, 1, 30, 9, 17, tzinfo=WIB),
        datetime(2025, 1, 30, 10, 17, tzinfo=WIB),
        datetime(2025, 1, 30, 11, 17, tzinfo=WIB),
    ]
    statuses = [s.status for s in steps_of(complaint)]
    assert statuses == ["done", "active", "pending", "pending", "pending", "pending"]
    assert complaint.due_at == datetime(2025, 1, 24, 16, 17, tzinfo=WIB)


def test_walk_in_before_idul_fitri_waits_for_8_april(pamekasan):
    # Thursday 27 March 2025 is the last working day before Tuesday 8 April (Nyepi, Idul Fitri, cuti bersama).
    people = team(pamekasan)
    complaint = open_complaint(pamekasan, people["petugas_yankomas"], at=datetime(2025, 3, 27, 15, 40, tzinfo=WIB),
                               now=datetime(2025, 3, 27, 15, 42, tzinfo=WIB))
    intake, kasubsi = steps_of(complaint)[1:3]
    assert intake.due_at.astimezone(WIB) == datetime(2025, 4, 8, 7, 42, tzinfo=WIB)
    assert kasubsi.due_at.astimezone(WIB) == datetime(2025, 4, 8, 8, 42, tzinfo=WIB)


def test_social_media_complaint_at_balikpapan_runs_on_wita(balikpapan):
    # Given a post received Monday 3 Feb 2025 at 15:55 WITA (14:55 WIB), five minutes before closing in Balikpapan.
    people = team(balikpapan)
    complaint = open_complaint(balikpapan, people["pengelola_medsos"], channel="social_media",
                               at=datetime(2025, 2, 3, 15, 55, tzinfo=WITA),
                               details={"platform": "instagram", "post_url": "https://instagram.com/p/abc",
                                        "handle": "@warga_bpn"})
    due = [s.due_at.astimezone(WITA) for s in steps_of(complaint)]
    # Then 5 minutes are used on Monday and the rest from 07:30 WITA on Tuesday.
    assert due == [datetime(2025, 2, 4, 7, 35, tzinfo=WITA), datetime(2025, 2, 4, 7, 45, tzinfo=WITA),
                   datetime(2025, 2, 4, 7, 55, tzinfo=WITA), datetime(2025, 2, 4, 8, 10, tzinfo=WITA),
                   datetime(2025, 2, 4, 8, 20, tzinfo=WITA), datetime(2025, 2, 4, 8, 30, tzinfo=WITA)]
    assert complaint.due_at.astimezone(WIB) == datetime(2025, 2, 4, 6, 35, tzinfo=WIB)


def test_a_new_sop_version_never_rewrites_an_open_complaint(pamekasan):
    people = team(pamekasan)
    complaint = open_complaint(pamekasan, people["petugas_yankomas"], at=datetime(2025, 1, 24, 9, tzinfo=WIB))
    before = [(s.norm_minutes, s.due_at) for s in steps_of(complaint)]
    old = sop_version_in_force(office=pamekasan, kind=SopKind.COMPLAINT_WALK_IN, on=date(2025, 1, 24))
    draft = sop_version_new_draft(version=old, actor=people["kepala_kantor"])
    draft.effective_date = date(2025, 1, 1)
    draft.save()
    draft.steps.filter(code="intake").update(norm_minutes=15)
    sop_version_publish(version=draft, actor=people["kepala_kantor"])

    complaint.refresh_from_db()
    assert [(s.norm_minutes, s.due_at) for s in steps_of(complaint)] == before
    newer = open_complaint(pamekasan, people["petugas_yankomas"], at=datetime(2025, 1, 27, 9, tzinfo=WIB))
    assert newer.sop_version == draft and steps_of(newer)[1].norm_minutes == 15


def test_an_office_without_a_walk_in_sop_uses_pamekasan_as_template(balikpapan):
    people = team(balikpapan)
    complaint = open_complaint(balikpapan, people["petugas_yankomas"], at=datetime(2025, 2, 3, 9, tzinfo=WITA))
    assert complaint.sop_version.sop.office.code == "pamekasan"
    assert "Pamekasan" in complaint.workflow_note
    # and its clock still runs on Balikpapan's own time zone
    assert steps_of(complaint)[1].due_at.astimezone(WITA) == datetime(2025, 2, 3, 9, 30, tzinfo=WITA)


def test_non_walk_in_channels_skip_the_ambassador_step(pamekasan):
    people = team(pamekasan)
    complaint = open_complaint(pamekasan, people["petugas_yankomas"], channel="email",
                               at=datetime(2025, 1, 24, 9, tzinfo=WIB))
    first, second = steps_of(complaint)[:2]
    assert (first.code, first.status) == ("direct", StepStatus.SKIPPED)
    assert (second.code, second.status) == ("intake", StepStatus.ACTIVE)
    assert second.due_at.astimezone(WIB) == datetime(2025, 1, 24, 9, 30, tzinfo=WIB)


def test_social_media_at_an_office_without_a_social_sop_follows_its_walk_in_chain(pamekasan):
    version, note = workflow_for(office=pamekasan, channel="social_media", on=date(2025, 1, 24))
    assert version.sop.kind == SopKind.COMPLAINT_WALK_IN and version.sop.office == pamekasan
    assert note != ""


def test_no_sop_in_force_before_the_sops_take_effect_is_an_error(blitar):
    with pytest.raises(NoWorkflow):
        workflow_for(office=blitar, channel="walk_in", on=date(2024, 1, 2))
