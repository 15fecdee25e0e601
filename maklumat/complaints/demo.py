"""Demo complaints on every channel and in every state, played through the real services."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile

from maklumat.accounts.models import User
from maklumat.accounts.seed import demo_username
from maklumat.calendar.selectors import work_calendar_for
from maklumat.complaints import services
from maklumat.complaints.models import ComplaintCategory
from maklumat.complaints.recap import recap_submit
from maklumat.complaints.sla import complaints_sweep
from maklumat.offices.models import Office

# Demo complainants have no e-mail address, so seeding the demo sends no replies.
PEOPLE = [("Siti Rahmawati", "081234567801", ""), ("Ahmad Fauzi", "081331234567", ""),
          ("Dewi Kartika", "087812340000", ""), ("Muhammad Rizal", "085712345678", ""),
          ("Nur Aini", "082145678901", ""), ("Bambang Sutrisno", "081298765432", "")]

# A one-page PDF standing in for the scanned official letter of the demo.
LETTER_SCAN = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
               b"endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF")

# (channel, subject, description, category, script, extras). Script steps: (action, minutes after previous).
CASES = [
    ("walk_in", "Status paspor belum selesai", "Permohonan tanggal 3 sudah lewat 3 hari kerja, paspor belum jadi.",
     "status_check", [("close_general", 12)], {}),
    ("walk_in", "Petugas loket tidak ramah", "Petugas loket 2 membentak saat saya bertanya persyaratan.",
     "staff_conduct", [("escalate", 20), ("escalate", 40), ("direct", 80), ("escalate", 30), ("resolve", 45)], {}),
    ("social_media", "Antrean M-Paspor penuh terus", "Kuota antrean M-Paspor selalu penuh sejak dua minggu.",
     "m_paspor_error", [("escalate", 8)],
     {"platform": "instagram", "post_url": "https://www.instagram.com/p/C0demo1/", "handle": "@warga_peduli"}),
    ("call_center", "Paspor rusak saat diambil", "Halaman data paspor terkelupas ketika diterima.",
     "data_error", [("escalate", 15), ("pause", 10)], {}),
    ("email", "Biaya tambahan di luar PNBP", "Ada oknum yang meminta uang tambahan agar cepat.",
     "broker_levy", [("escalate", 25)], {"confidential": True, "anonymous": True}),
    ("letter", "Surat keberatan penundaan paspor", "Surat resmi dari kantor desa tentang penundaan paspor warga.",
     "service_delay", [("escalate", 30), ("handle", 50), ("resolve", 40)],
     {"letter_number": "470/112/432.508/2026"}),
    ("web", "Ruang tunggu panas, AC mati", "AC di ruang tunggu tidak menyala sepanjang hari.", "facilities",
     [("escalate", 30), ("handle", 40)], {}),
    ("walk_in", "Cara mengganti paspor hilang", "Bertanya prosedur penggantian paspor yang hilang.",
     "requirements", [("close_general", 18)], {}),
]
SOCIAL_CASES = [
    ("social_media", "Keluhan antre terlalu lama", "Antre dari jam 8 baru dipanggil jam 11.", "service_delay",
     [("escalate", 8), ("escalate", 9), ("escalate", 9), ("direct", 12), ("escalate", 8), ("resolve", 9)],
     {"platform": "x", "post_url": "https://x.com/warga/status/1", "handle": "@bpn_warga"}),
    ("social_media", "Tanya syarat paspor anak", "Apa saja syarat paspor untuk anak usia 5 tahun?",
     "requirements", [("close_general", 7)],
     {"platform": "facebook", "post_url": "https://facebook.com/post/2", "handle": "Ibu Rina"}),
    ("social_media", "Petugas minta uang pelicin", "Video viral petugas meminta uang di parkiran.",
     "broker_levy", [("escalate", 6), ("escalate", 30)],
     {"platform": "tiktok", "post_url": "https://tiktok.com/@x/video/3", "handle": "@viral_bpn",
      "confidential": True}),
]


def _user(role: str, office: Office) -> User:
    return User.objects.get(username=demo_username(role, office.code))


def _ambassador(office: Office) -> User | None:
    return User.objects.filter(username=demo_username("duta_layanan", office.code)).first()


def _desk_work(complaint, office: Office, now: datetime) -> None:
    """A recent complaint as the desk shows it mid-work: an owner, an internal note, a call logged."""
    step = complaint.steps.filter(status="active").first()
    officer = _user(step.actor_role, office)
    at = min(now, complaint.received_at + timedelta(minutes=3))
    services.complaint_step_take(actor=officer, complaint_id=complaint.pk, step_id=step.pk, now=at)
    services.complaint_note_add(actor=officer, complaint_id=complaint.pk, now=at,
                                text="Pelapor sudah dua kali datang; cek berkas di loket 3 sebelum menelepon.")
    services.complaint_reply_record(actor=officer, complaint_id=complaint.pk, channel="phone", now=now, sent_at=at,
                                    text="Kami sedang memeriksa berkas Bapak/Ibu dan akan mengabari hari ini.")


def _play(complaint, office: Office, script, at: datetime) -> None:
    categories = {c.code: c for c in ComplaintCategory.objects.all()}
    for action, minutes in script:
        at = at + timedelta(minutes=minutes)
        step = complaint.steps.filter(status="active").first()
        owner = _user(step.actor_role if step.actor_role != "duta_layanan" else "petugas_yankomas", office)
        common = {"actor": owner, "complaint_id": complaint.pk, "now": at}
        if action == "close_general":
            services.complaint_close_general(**common, step_id=step.pk, category=complaint.category or categories[
                "status_check"], resolution="Dijelaskan langsung kepada pelapor dan dicek di SIMKIM.",
                reply="Terima kasih. Informasi dan penyelesaian sudah kami sampaikan.")
        elif action == "escalate":
            services.complaint_escalate(**common, step_id=step.pk, note="Diteruskan sesuai SOP.")
        elif action == "direct":
            services.complaint_direct(**common, step_id=step.pk,
                                      direction="Klarifikasi petugas terkait, sampaikan permohonan maaf, laporkan.")
        elif action == "handle":
            services.complaint_handle_at_kasubsi(**common, step_id=step.pk,
                                                 note="Minta bagian umum memperbaiki hari ini.")
        elif action == "resolve":
            services.complaint_resolve(**common, step_id=step.pk, resolution="Ditindaklanjuti sesuai arahan.",
                                       reply="Mohon maaf atas ketidaknyamanan; sudah kami tindak lanjuti.")
        elif action == "pause":
            services.complaint_pause(actor=_user("petugas_yankomas", office), complaint_id=complaint.pk, now=at,
                                     reason="Menunggu foto halaman paspor yang rusak dari pelapor.")
        complaint.refresh_from_db()


def _working_moment(office: Office, day, hour: int, minute: int = 0) -> datetime:
    """``hour:minute`` on ``day`` or, if the office is closed then, on the working day before it."""
    calendar = work_calendar_for(office)
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return datetime.combine(day, time(hour, minute), tzinfo=calendar.tz)


def _open(office: Office, case, index: int, received: datetime):
    channel, subject, description, category, script, extras = case
    name, phone, email = PEOPLE[index % len(PEOPLE)]
    extras = dict(extras)
    confidential, anonymous = extras.pop("confidential", False), extras.pop("anonymous", False)
    if channel == "letter":  # an official letter is recorded with its scan (the channel rule)
        extras["letter_scan"] = ContentFile(LETTER_SCAN, name=f"surat-{office.code}.pdf")
    categories = {c.code: c for c in ComplaintCategory.objects.all()}
    actor = _user("pengelola_medsos" if channel == "social_media" else "petugas_yankomas", office)
    recorded = received + timedelta(minutes=2) if channel == "walk_in" else received
    complaint = services.complaint_open(
        actor=None if channel == "web" else actor, office=office, channel=channel, subject=subject,
        description=description, received_at=received, now=recorded,
        category=categories[category] if script and script[0][0] == "close_general" else None,
        reporter=services.Reporter(name, phone, email), confidential=confidential, anonymous=anonymous,
        application=office.applications.order_by("pk").first() if index == 0 else None, details=extras,
        ambassador=_ambassador(office) if channel == "walk_in" else None)
    if script and script[0][0] == "escalate":
        step = complaint.steps.get(status="active")
        if step.behaviour == "triage":
            step_time = recorded + timedelta(minutes=script[0][1])
            services.complaint_escalate(actor=actor, complaint_id=complaint.pk, step_id=step.pk,
                                        category=categories[category], note="Perlu ditangani Kasubsi.",
                                        now=step_time)
            complaint.refresh_from_db()
            _play(complaint, office, script[1:], step_time)
            return complaint
    _play(complaint, office, script, recorded)
    return complaint


# Working minutes elapsed since the recent demo complaints came in (on track, due soon, overdue…).
RECENT_MINUTES = [8, 26, 75, 4, 15, 240]


def _working_time_ago(office: Office, now: datetime, minutes: int) -> datetime:
    """The latest moment from which ``minutes`` of the office's working time have passed by ``now``."""
    calendar = work_calendar_for(office)
    moment = calendar.local(now).replace(second=0, microsecond=0)
    while calendar.working_time_between(moment, now) < timedelta(minutes=minutes):
        if calendar.is_open_at(moment):
            moment -= timedelta(minutes=1)
            continue
        hours = calendar.hours_on(moment.date())
        if hours is not None and moment.time() >= hours[1]:
            moment = datetime.combine(moment.date(), hours[1], tzinfo=calendar.tz) - timedelta(minutes=1)
        else:
            moment = datetime.combine(moment.date() - timedelta(days=1), time(23, 59), tzinfo=calendar.tz)
    return moment


def create_demo_complaints(now: datetime) -> int:
    count = 0
    for office in Office.objects.all():
        calendar = work_calendar_for(office)
        today = now.astimezone(calendar.tz).date()
        cases = CASES + (SOCIAL_CASES if office.code == "balikpapan" else [])
        # Last month: every case played to the end of its script, for the recap report.
        first_of_month = today.replace(day=1)
        last_month = (first_of_month - timedelta(days=1)).replace(day=1)
        for index, case in enumerate(cases):
            received = _working_moment(office, last_month + timedelta(days=2 * index + 1), 9, 10 * index % 50)
            complaint = _open(office, case, index, received)
            if complaint.status == "resolved" and index % 3 != 2:
                services.complaint_rate(tracking_code=complaint.tracking_code, rating=4 - index % 2,
                                        now=complaint.resolved_at + timedelta(hours=2))
            count += 1
        # This month: recent ones at the first step, some inside their norm, some due soon, some overdue.
        for index, case in enumerate(cases[:6]):
            received = _working_time_ago(office, now, RECENT_MINUTES[index])
            recent = _open(office, case[:4] + ([],) + case[5:], index, received)
            if index == 2:
                _desk_work(recent, office, now)
            count += 1
        # Pamekasan and Balikpapan have sent last month's recap up to their Kanwil.
        if office.code in {"pamekasan", "balikpapan"}:
            recap_submit(actor=_user("kasubsi", office), office=office, year=last_month.year,
                         month=last_month.month, now=now)
    complaints_sweep(now=now)
    return count
