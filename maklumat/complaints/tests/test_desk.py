"""The complaint desk: search, filters and real pagination in SQL; a named owner per active step
(audited, refused outside the step's role and office); internal notes and the reply history kept off
the public status page; confirmations in the office's words; walk-in step 1 in the ambassador's name."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maklumat.accounts.roles import Role
from maklumat.audit.models import AuditEntry
from maklumat.complaints import services
from maklumat.complaints.desk import PAGE_SIZE
from maklumat.complaints.models import (
    CannedReply,
    Complaint,
    ComplaintEvent,
    ComplaintNotification,
    ComplaintReply,
    ComplaintStep,
    StepStatus,
)
from maklumat.complaints.services.intake import new_tracking_code
from maklumat.complaints.tests.factories import category, open_complaint, team
from maklumat.conftest import make_user

WIB = ZoneInfo("Asia/Jakarta")
AT = datetime(2025, 1, 13, 9, tzinfo=WIB)  # a Monday
DAYS_ID = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
             "November", "Desember"]


@pytest.fixture
def people(pamekasan):
    crew = team(pamekasan)
    crew["yankomas_2"] = make_user("yankomas2.pamekasan", Role.PETUGAS_YANKOMAS, office=pamekasan,
                                   first_name="Rina", last_name="Wati")
    return crew


@pytest.fixture
def complaint(pamekasan, people):
    return open_complaint(pamekasan, people["petugas_yankomas"], at=AT)


def active_step(complaint) -> ComplaintStep:
    return ComplaintStep.objects.select_related("owner").get(complaint=complaint, status=StepStatus.ACTIVE)


def clone(template: Complaint, count: int, *, owner=None, start: datetime, subject="Antrean panjang") -> list:
    """``count`` open complaints like ``template`` (bulk: the desk is tested at thousands of rows)."""
    step = active_step(template)
    rows = Complaint.objects.bulk_create([
        Complaint(office=template.office, tracking_code=new_tracking_code(), channel=template.channel,
                  subject=f"{subject} {index}", description="Menunggu lama di ruang tunggu.",
                  received_at=start + timedelta(minutes=index), sop_version=template.sop_version,
                  due_at=start + timedelta(hours=1, minutes=index), reporter_name=f"Pelapor {index}")
        for index in range(count)])
    ComplaintStep.objects.bulk_create([
        ComplaintStep(complaint=row, order=step.order, code=step.code, behaviour=step.behaviour,
                      actor_role=step.actor_role, actor_label=step.actor_label, activity_id=step.activity_id,
                      norm_minutes=step.norm_minutes, status=StepStatus.ACTIVE, started_at=row.received_at,
                      due_at=row.due_at, owner=owner) for row in rows])
    return rows


def desk(client, **params):
    return client.get("/kantor/pamekasan/pengaduan/", params)


# ----- the list -----------------------------------------------------------------------------------

def test_mine_finds_my_steps_beyond_the_first_300_rows_and_pages_through_all(client_of, pamekasan, people,
                                                                               complaint):
    me = people["yankomas_2"]
    clone(complaint, 320, start=AT - timedelta(days=3))
    mine = clone(complaint, 3, owner=me, start=AT + timedelta(days=2), subject="Milik Rina")  # sorted last
    client = client_of(me)
    html = desk(client, milik="saya").content.decode()
    assert all(row.tracking_code in html for row in mine)
    assert "3 pengaduan" in html
    everything = desk(client).content.decode()
    assert "324 pengaduan" in everything and "halaman 1 dari 7" in everything
    last = desk(client, hal=7).content.decode()
    assert all(row.tracking_code in last for row in mine)
    assert last.count('<tr class=') == 324 - 6 * PAGE_SIZE


def test_filters_stay_in_the_page_links(client_of, pamekasan, people, complaint):
    clone(complaint, PAGE_SIZE + 5, start=AT - timedelta(days=1))
    html = desk(client_of(people["kasubsi"]), kanal="walk_in", urut="baru").content.decode()
    assert 'href="?kanal=walk_in&amp;urut=baru&amp;hal=2"' in html
    page2 = desk(client_of(people["kasubsi"]), kanal="walk_in", urut="baru", hal=2).content.decode()
    assert "halaman 2 dari 2" in page2


def test_search_by_code_reporter_and_text(client_of, pamekasan, people, complaint):
    other = open_complaint(pamekasan, people["petugas_yankomas"], at=AT + timedelta(minutes=5),
                           subject="Kursi ruang tunggu rusak", description="Banyak kursi patah di ruang tunggu.")
    client = client_of(people["kasi"])
    by_code = desk(client, q=complaint.tracking_code.lower()).content.decode()
    assert complaint.tracking_code in by_code and other.tracking_code not in by_code
    by_text = desk(client, q="kursi patah").content.decode()
    assert other.tracking_code in by_text and complaint.tracking_code not in by_text
    assert complaint.tracking_code in desk(client, q="siti rahma").content.decode()


def test_a_supervisor_cannot_find_an_anonymous_complainant_by_name(client_of, pamekasan, people):
    hidden = open_complaint(pamekasan, people["petugas_yankomas"], at=AT, anonymous=True)
    supervisor = make_user("kanwil.jatim", Role.SUPERVISOR_KANWIL, kanwil=pamekasan.kanwil)
    assert hidden.tracking_code not in desk(client_of(supervisor), q="Siti Rahma").content.decode()
    assert hidden.tracking_code in desk(client_of(people["kasi"]), q="Siti Rahma").content.decode()


def test_owner_step_category_and_overdue_filters(client_of, pamekasan, people, complaint):
    late = open_complaint(pamekasan, people["petugas_yankomas"], at=AT - timedelta(days=2),
                          category=category("staff_conduct"))
    services.complaint_step_take(actor=people["yankomas_2"], complaint_id=late.pk, step_id=active_step(late).pk)
    client = client_of(people["kasubsi"])
    owned = desk(client, milik=str(people["yankomas_2"].pk)).content.decode()
    assert late.tracking_code in owned and complaint.tracking_code not in owned
    nobody = desk(client, milik="kosong").content.decode()
    assert complaint.tracking_code in nobody and late.tracking_code not in nobody
    assert late.tracking_code not in desk(client, kategori=category("status_check").pk).content.decode()
    assert late.tracking_code in desk(client, kategori=category("staff_conduct").pk).content.decode()
    assert complaint.tracking_code in desk(client, langkah="intake").content.decode()
    assert complaint.tracking_code not in desk(client, langkah="kasi_direct").content.decode()
    overdue = desk(client, terlambat="1").content.decode()  # both are long past due "now"
    assert late.tracking_code in overdue and complaint.tracking_code in overdue


def test_nonsense_filters_fall_back_and_never_fail(client_of, people, complaint):
    response = desk(client_of(people["kasi"]), status="x", kanal="<b>", kategori="9" * 30, milik="../",
                    urut="drop", hal="-3", q="\x00" * 5)
    assert response.status_code == 200
    assert complaint.tracking_code in response.content.decode()


def test_the_desk_answers_in_a_constant_number_of_queries(client_of, pamekasan, people, complaint):
    client = client_of(people["kasubsi"])
    clone(complaint, 4, owner=people["petugas_yankomas"], start=AT)
    with CaptureQueriesContext(connection) as few:
        desk(client, q="Antrean")
    clone(complaint, PAGE_SIZE + 10, owner=people["yankomas_2"], start=AT + timedelta(days=1))
    with CaptureQueriesContext(connection) as more:
        desk(client, q="Antrean")
    assert len(more.captured_queries) == len(few.captured_queries)


def test_an_htmx_request_gets_the_results_only(client_of, people, complaint):
    html = client_of(people["kasi"]).get("/kantor/pamekasan/pengaduan/", {"q": complaint.tracking_code},
                                         HTTP_HX_REQUEST="true").content.decode()
    assert complaint.tracking_code in html and "<html" not in html and "desk-filters" not in html


# ----- owners ---------------------------------------------------------------------------------------

def test_assign_and_take_over_are_audited_with_before_and_after(people, complaint):
    officer, colleague = people["petugas_yankomas"], people["yankomas_2"]
    step = services.complaint_step_assign(actor=officer, complaint_id=complaint.pk, step_id=active_step(complaint).pk,
                                          owner_id=colleague.pk)
    assert step.owner == colleague
    entry = AuditEntry.objects.filter(action="complaint.step_assign").get()
    assert (entry.actor, entry.before["owner"], entry.after["owner"]) == (officer, None, colleague.username)
    assert ComplaintNotification.objects.filter(user=colleague, step=step, read_at__isnull=True).count() == 1
    services.complaint_step_take(actor=officer, complaint_id=complaint.pk, step_id=step.pk)
    took = AuditEntry.objects.filter(action="complaint.step_take").get()
    assert (took.before["owner"], took.after["owner"]) == (colleague.username, officer.username)
    assert active_step(complaint).owner == officer
    assert list(ComplaintEvent.objects.filter(complaint=complaint, kind="step_assigned")
                .values_list("note", flat=True)) == ["Rina Wati", f"Rina Wati → {officer.display_name}"]


def test_a_senior_assigns_but_cannot_own_a_junior_step(people, complaint):
    step = active_step(complaint)
    services.complaint_step_assign(actor=people["kasubsi"], complaint_id=complaint.pk, step_id=step.pk,
                                   owner_id=people["yankomas_2"].pk)
    assert AuditEntry.objects.get(action="complaint.step_assign").actor == people["kasubsi"]
    with pytest.raises(PermissionDenied):
        services.complaint_step_take(actor=people["kasubsi"], complaint_id=complaint.pk, step_id=step.pk)
    assert active_step(complaint).owner == people["yankomas_2"]


@pytest.mark.parametrize("who", ["kasubsi", "other_office", "inactive"])
def test_reassignment_outside_the_role_or_office_changes_nothing(people, complaint, balikpapan, who):
    step = active_step(complaint)
    services.complaint_step_assign(actor=people["petugas_yankomas"], complaint_id=complaint.pk, step_id=step.pk,
                                   owner_id=people["yankomas_2"].pk)
    target = {"kasubsi": people["kasubsi"],
              "other_office": make_user("yankomas.balikpapan", Role.PETUGAS_YANKOMAS, office=balikpapan),
              "inactive": make_user("yankomas.lama", Role.PETUGAS_YANKOMAS, office=complaint.office,
                                    is_active=False)}[who]
    audits, events = AuditEntry.objects.count(), ComplaintEvent.objects.count()
    with pytest.raises(ValidationError, match="hanya dapat ditugaskan"):
        services.complaint_step_assign(actor=people["petugas_yankomas"], complaint_id=complaint.pk,
                                       step_id=step.pk, owner_id=target.pk)
    assert active_step(complaint).owner == people["yankomas_2"]
    assert (AuditEntry.objects.count(), ComplaintEvent.objects.count()) == (audits, events)


def test_a_counter_officer_or_a_stale_step_is_refused(people, complaint):
    step = active_step(complaint)
    with pytest.raises(PermissionDenied):
        services.complaint_step_take(actor=people["petugas_loket"], complaint_id=complaint.pk, step_id=step.pk)
    services.complaint_escalate(actor=people["petugas_yankomas"], complaint_id=complaint.pk, step_id=step.pk,
                                category=category("staff_conduct"))
    with pytest.raises(services.StepConflict):
        services.complaint_step_take(actor=people["yankomas_2"], complaint_id=complaint.pk, step_id=step.pk)
    assert not AuditEntry.objects.filter(action__startswith="complaint.step_").exists()


def test_the_page_assigns_and_the_header_badge_counts_my_work(client_of, people, complaint):
    colleague = people["yankomas_2"]
    url = f"/kantor/pamekasan/pengaduan/{complaint.tracking_code}/"
    response = client_of(people["kasubsi"]).post(url + "penanggung-jawab/", {
        "step": active_step(complaint).pk, "owner": colleague.pk})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        'Langkah "Penerimaan dan pemilahan" ditugaskan kepada Rina Wati.']
    client = client_of(colleague)
    badge = client.get("/pengaduan/kerja-saya/").content.decode()
    assert "1 tugas" in badge and "notifikasi" in badge
    assert 'hx-get="/pengaduan/kerja-saya/"' in client.get(url).content.decode()


# ----- notes and replies ------------------------------------------------------------------------------

def test_notes_and_interim_replies_never_reach_the_public_status_page(client, client_of, people, complaint):
    services.complaint_note_add(actor=people["kasubsi"], complaint_id=complaint.pk,
                                text="RAHASIA-INTERNAL: pelapor pernah marah-marah di loket.")
    services.complaint_reply_record(actor=people["petugas_yankomas"], complaint_id=complaint.pk, channel="phone",
                                    text="TELEPON-SAJA: paspor dicetak ulang besok.", sent_at=AT + timedelta(hours=1),
                                    now=AT + timedelta(hours=2))
    staff = client_of(people["kasi"]).get(f"/kantor/pamekasan/pengaduan/{complaint.tracking_code}/").content.decode()
    assert "RAHASIA-INTERNAL" in staff and "TELEPON-SAJA" in staff
    client.logout()
    public = client.get(f"/pengaduan/status/{complaint.tracking_code}/").content.decode()
    api = client.get(f"/api/v1/complaints/public/{complaint.tracking_code}").content.decode()
    for text in ("RAHASIA-INTERNAL", "TELEPON-SAJA", "Telepon"):
        assert text not in public and text not in api


def test_supervisors_read_notes_except_of_anonymous_complaints(client_of, pamekasan, people, complaint):
    hidden = open_complaint(pamekasan, people["petugas_yankomas"], at=AT, anonymous=True)
    for case in (complaint, hidden):
        services.complaint_note_add(actor=people["kasubsi"], complaint_id=case.pk, text=f"CATATAN-{case.pk}")
    supervisor = client_of(make_user("kanwil.jatim", Role.SUPERVISOR_KANWIL, kanwil=pamekasan.kanwil))
    assert f"CATATAN-{complaint.pk}" in supervisor.get(
        f"/kantor/pamekasan/pengaduan/{complaint.tracking_code}/").content.decode()
    page = supervisor.get(f"/kantor/pamekasan/pengaduan/{hidden.tracking_code}/").content.decode()
    assert f"CATATAN-{hidden.pk}" not in page and "Hanya untuk tim pengaduan" in page
    assert "Simpan catatan" not in page  # reading is not writing


def test_the_official_answer_joins_the_reply_history(people, complaint):
    services.complaint_close_general(actor=people["petugas_yankomas"], complaint_id=complaint.pk,
                                     step_id=active_step(complaint).pk, category=category("status_check"),
                                     resolution="Dicek di sistem.", reply="Paspor Anda siap diambil besok.")
    reply = ComplaintReply.objects.get(complaint=complaint)
    assert (reply.channel, reply.text, reply.sent_by) == ("official", "Paspor Anda siap diambil besok.",
                                                          people["petugas_yankomas"])


def test_bad_notes_and_replies_are_refused_and_store_nothing(people, complaint):
    officer = people["petugas_yankomas"]
    for call, kwargs in [(services.complaint_note_add, {"text": "  "}),
                         (services.complaint_reply_record, {"channel": "official", "text": "x"}),
                         (services.complaint_reply_record, {"channel": "pigeon", "text": "x"}),
                         (services.complaint_reply_record, {"channel": "phone", "text": ""}),
                         (services.complaint_reply_record, {"channel": "phone", "text": "x",
                                                            "sent_at": AT - timedelta(days=1)})]:
        with pytest.raises(ValidationError):
            call(actor=officer, complaint_id=complaint.pk, **kwargs)
    with pytest.raises(PermissionDenied):
        services.complaint_note_add(actor=people["petugas_loket"], complaint_id=complaint.pk, text="catatan")
    assert not complaint.internal_notes.exists() and not complaint.replies.exists()


def test_canned_replies_of_the_category_fill_the_reply_form(client_of, people, pamekasan):
    case = open_complaint(pamekasan, people["petugas_yankomas"], at=AT, category=category("passport_pickup"))
    html = client_of(people["petugas_yankomas"]).get(
        f"/kantor/pamekasan/pengaduan/{case.tracking_code}/").content.decode()
    pickup = CannedReply.objects.get(code="pengambilan-paspor")
    assert f'data-text="{pickup.text}"' in html and 'data-target="rr-text"' in html
    assert CannedReply.objects.get(code="kesalahan-data").text not in html  # another category's
    assert "complaints/desk.js" in html


# ----- confirmations -------------------------------------------------------------------------------

def expected_moment(moment: datetime, tz) -> str:
    local = moment.astimezone(tz)
    return f"{DAYS_ID[local.weekday()]} {local.day} {MONTHS_ID[local.month - 1]} {local:%H:%M}"


def test_forwarding_says_where_it_went_and_until_when_in_office_time(client_of, people, complaint, pamekasan):
    url = f"/kantor/pamekasan/pengaduan/{complaint.tracking_code}/aksi/"
    response = client_of(people["petugas_yankomas"]).post(url, {
        "action": "forward", "step": active_step(complaint).pk, "category": category("staff_conduct").pk})
    step = active_step(complaint)
    holder = step.actor_label or step.get_actor_role_display()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Diteruskan ke {holder} — tenggat {expected_moment(step.due_at, pamekasan.tz)}"]


def test_the_confirmation_speaks_english_to_an_english_reader(client_of, people, complaint):
    client = client_of(people["petugas_yankomas"])
    client.cookies["django_language"] = "en"
    response = client.post(f"/kantor/pamekasan/pengaduan/{complaint.tracking_code}/aksi/", {
        "action": "pause", "reason": "Menunggu fotokopi KTP."})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Complaint {complaint.tracking_code} paused waiting for the complainant: the deadline clock stopped."]


# ----- the ambassador on duty ---------------------------------------------------------------------

def test_walk_in_step_one_is_recorded_for_the_ambassador_on_duty(pamekasan, people):
    ambassador, officer = people["duta_layanan"], people["petugas_yankomas"]
    case = open_complaint(pamekasan, officer, at=AT, now=AT + timedelta(minutes=3), ambassador=ambassador)
    first = case.steps.get(order=1)
    assert (first.completed_by, first.owner, first.completed_at) == (ambassador, ambassador, AT + timedelta(minutes=3))
    assert ComplaintEvent.objects.get(complaint=case, kind="step_completed", step_code=first.code).actor == ambassador
    assert AuditEntry.objects.get(action="complaint.open", object_id=str(case.pk)).after["ambassador"] == \
        ambassador.username


def test_without_a_named_ambassador_step_one_is_not_the_officers(pamekasan, people):
    case = open_complaint(pamekasan, people["petugas_yankomas"], at=AT)
    first = case.steps.get(order=1)
    assert first.completed_by is None and "tidak dicatat" in first.note


def test_an_ambassador_of_another_office_is_refused_and_nothing_is_stored(pamekasan, balikpapan, people):
    stranger = make_user("duta.balikpapan", Role.DUTA_LAYANAN, office=balikpapan)
    before = Complaint.objects.count()
    for wrong in (stranger, people["petugas_loket"]):
        with pytest.raises(ValidationError, match="Duta Layanan"):
            open_complaint(pamekasan, people["petugas_yankomas"], at=AT, ambassador=wrong)
    assert Complaint.objects.count() == before


def test_the_intake_form_offers_the_offices_ambassadors_and_remembers_the_choice(client_of, people):
    client = client_of(people["petugas_yankomas"])
    ambassador = people["duta_layanan"]
    response = client.post("/kantor/pamekasan/pengaduan/baru/", {
        "channel": "walk_in", "reporter_name": "Ahmad", "reporter_phone": "081331234567",
        "subject": "Paspor belum jadi", "description": "Sudah lewat tiga hari kerja dan paspor belum jadi.",
        "ambassador": ambassador.pk})
    case = Complaint.objects.get(reporter_name="Ahmad")
    assert response.status_code == 302 and case.steps.get(order=1).completed_by == ambassador
    assert [str(m) for m in get_messages(response.wsgi_request)][0].startswith(
        f"Pengaduan {case.tracking_code} tercatat — Penerimaan dan pemilahan oleh")
    form = client.get("/kantor/pamekasan/pengaduan/baru/").content.decode()
    assert f'<option value="{ambassador.pk}" selected>' in form
