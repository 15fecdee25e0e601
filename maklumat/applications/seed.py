"""Demo data: realistic passport applications at the seed offices, relative to today.

Each office gets finished applications (every SOP step recorded), some still in progress and,
at Blitar and Muara Enim, the cases their compensation policies are about: long waits for the
biometric capture, late allocations, a broker, an application under review, a disrupted day.
Idempotent: an application number that exists is left alone.

Behind them, each seed office gets a year of synthetic history (``synthetic.py``) loaded through
the bulk import (the code ``maklumat applications import`` runs), so the performance pages show
real figures. The volume is scaled down (``DEMO_HISTORY_PER_OFFICE`` applications a year against
some 27,000 at Blitar) to keep ``maklumat demo`` quick; an office that already has its history is
skipped.
"""

from __future__ import annotations

import time as clock
from datetime import date, datetime, time, timedelta

import orjson
from django.conf import settings
from django.utils import timezone

from maklumat.applications.importing import applications_import
from maklumat.applications.models import Application
from maklumat.applications.notify import batched
from maklumat.applications.services import application_event_record
from maklumat.applications.synthetic import synthetic_applications
from maklumat.audit.models import AuditEntry
from maklumat.calendar.rules import WorkCalendar
from maklumat.calendar.selectors import work_calendar_for
from maklumat.offices.models import Office
from maklumat.standards.models import Service

NAMES = ["Sri Wahyuni", "Agus Setiawan", "Dewi Anggraini", "Bambang Sutrisno", "Nur Aini", "Hendra Kurniawan",
         "Rina Marlina", "Joko Prasetyo", "Siti Rahmawati", "Eko Saputra", "Lestari Handayani", "Ahmad Fauzi",
         "Yuliana Putri", "Rudi Hartono", "Fitri Ramadhani"]
PREFIX = {"blitar": ("BLT", "3505"), "muara-enim": ("MRE", "1603"), "pamekasan": ("PMK", "3528"),
          "balikpapan": ("BPN", "6471")}
# (step, minutes it took) for a whole issuance at the counter; interview ran 4 minutes over its norm.
STEPS = [("intake", 4), ("data_entry", 5), ("biometric", 5), ("interview", 14), ("puskadim_check", 5),
         ("billing", 2)]


def working_day_before(calendar: WorkCalendar, day: date, n: int) -> date:
    """The date ``n`` working days before ``day``."""
    current = day
    for _ in range(n):
        current -= timedelta(days=1)
        while not calendar.is_working_day(current):
            current -= timedelta(days=1)
    return current


class DemoOffice:
    def __init__(self, office: Office, now: datetime):
        self.office = office
        self.calendar = work_calendar_for(office)
        self.now = self.calendar.local(now)
        self.today = self.now.date()
        self.prefix, self.region = PREFIX.get(office.code, (office.code[:3].upper(), "3500"))
        self.count = 0

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), tzinfo=self.calendar.tz)

    def day(self, n_back: int) -> date:
        return working_day_before(self.calendar, self.today, n_back)

    def add(self, *, service="baru", booking="m_paspor", smart=True, accelerated=False, program="in_office",
            flags=(), events: dict[str, datetime]) -> Application | None:
        self.count += 1
        number = f"{self.prefix}-{self.today:%y%m}-{self.count:04d}"
        name = NAMES[(self.count + len(self.office.code)) % len(NAMES)]
        application, created = Application.objects.get_or_create(
            office=self.office, number=number,
            defaults={
                "service": Service.objects.get(code=service), "booking_channel": booking, "smart_queue": smart,
                "accelerated": accelerated, "program": program, "applicant_name": name,
                "booking_code": f"MP{self.count:06d}" if booking == "m_paspor" else "",
                "applicant_nik": f"{self.region}01{self.count:02d}0{self.count % 9 + 1}900{self.count:03d}"[:16],
                "applicant_phone": f"08123{self.count:07d}",
                "applicant_address": f"Jl. Merdeka No. {self.count + 3}, {self.office.city}",
                "under_review": "under_review" in flags, "needs_field_check": "field_check" in flags,
                "broker_involved": "broker" in flags,
            },
        )
        if not created:
            return None
        for name_, moment in events.items():
            if moment <= self.now + timedelta(minutes=1):
                application_event_record(application=application, name=name_, at=moment, source="demo")
        return application

    def counter_visit(self, day: date, hour: int, minute: int, wait_minutes: int) -> dict[str, datetime]:
        """Intake and data entry, the biometric queue ticket, then the wait and the remaining steps."""
        ticket = self.at(day, hour, minute)
        events = {"queue_ticket": ticket - timedelta(minutes=12),
                  "intake_start": ticket - timedelta(minutes=11), "intake_finish": ticket - timedelta(minutes=7),
                  "data_entry_start": ticket - timedelta(minutes=6), "data_entry_finish": ticket - timedelta(minutes=1),
                  "biometric_ticket": ticket}
        moment = ticket + timedelta(minutes=wait_minutes)
        for code, took in STEPS[2:]:
            events[f"{code}_start"] = moment
            moment += timedelta(minutes=took)
            events[f"{code}_finish"] = moment
            moment += timedelta(minutes=1)
        events["billing_issued"] = events["billing_finish"]
        return events

    def issued(self, visit: dict[str, datetime], paid: datetime, allocated: datetime | None,
               ready: datetime | None = None, handed: datetime | None = None) -> dict[str, datetime]:
        events = {**visit, "payment": paid}
        if allocated:
            events.update({"allocation": allocated, "printing": allocated + timedelta(minutes=10)})
        if ready:
            events.update({"kasi_check": ready - timedelta(minutes=20), "ready": ready})
        if handed:
            events["handover"] = handed
        return events


def _blitar(demo: DemoOffice) -> None:
    prev, prev2 = demo.day(1), demo.day(2)
    demo.add(events=demo.counter_visit(prev, 8, 5, 146))  # waited 2 h 26 m: eligible
    demo.add(service="penggantian", events=demo.counter_visit(prev, 8, 10, 120))  # exactly 2 h: not eligible
    demo.add(service="hilang", events=demo.counter_visit(prev, 8, 20, 180))  # lost passport: excluded
    demo.add(booking="walk_in", smart=False, events=demo.counter_visit(prev, 8, 30, 150))  # walk-in
    demo.add(flags=("under_review",), events=demo.counter_visit(prev, 8, 40, 160))  # under review
    demo.add(events=demo.counter_visit(prev2, 9, 0, 150))  # outage that day (compensation demo seed)
    demo.add(service="penggantian", events=demo.counter_visit(prev, 9, 15, 135))  # claimed in the demo
    now = demo.now
    demo.add(events={"queue_ticket": now - timedelta(minutes=120), "biometric_ticket": now - timedelta(minutes=110)})
    demo.add(events={"queue_ticket": now - timedelta(minutes=150), "biometric_ticket": now - timedelta(minutes=140)})
    old = demo.day(30)
    demo.add(events=demo.issued(demo.counter_visit(old, 9, 0, 40), demo.at(old, 13), demo.at(demo.day(29), 10),
                                ready=demo.at(demo.day(28), 14), handed=demo.at(demo.day(25), 10)))
    uncollected = demo.today - timedelta(days=40)
    while not demo.calendar.is_working_day(uncollected):
        uncollected -= timedelta(days=1)
    demo.add(events=demo.issued(demo.counter_visit(uncollected, 9, 30, 35), demo.at(uncollected, 14),
                                demo.at(uncollected + timedelta(days=1), 10),
                                ready=demo.at(uncollected + timedelta(days=1), 15)))
    demo.add(accelerated=True, program="mpp", events=demo.issued(
        demo.counter_visit(demo.day(3), 8, 0, 25), demo.at(demo.day(3), 9, 30), demo.at(demo.day(3), 10, 30),
        ready=demo.at(demo.day(3), 12)))


def _muara_enim(demo: DemoOffice) -> None:
    for wait, flags, allocation_days in ((30, (), 3), (25, (), 2), (40, ("broker",), 1), (35, ("field_check",), 4)):
        paid_day = demo.day(8)
        visit = demo.counter_visit(paid_day, 9, 0, wait)
        alloc_day = demo.calendar.nth_working_day_after(paid_day, allocation_days)
        demo.add(booking="walk_in", smart=False, flags=flags,
                 events=demo.issued(visit, demo.at(paid_day, 13), demo.at(alloc_day, 10)))
    due_today = demo.day(2)
    demo.add(booking="walk_in", smart=False,
             events=demo.issued(demo.counter_visit(due_today, 9, 30, 30), demo.at(due_today, 11), None))
    demo.add(booking="walk_in", smart=False, program="eazy_paspor",
             events=demo.issued(demo.counter_visit(demo.day(1), 8, 30, 20), demo.at(demo.day(1), 10), None))


def _general(demo: DemoOffice) -> None:
    for back, wait, program in ((5, 35, "in_office"), (4, 70, "in_office"), (3, 50, "sambang_haji"),
                                (2, 95, "in_office"), (1, 20, "sambang_sakit")):
        day = demo.day(back)
        visit = demo.counter_visit(day, 9, 0, wait)
        alloc = demo.calendar.nth_working_day_after(day, 1)
        demo.add(booking="m_paspor" if back % 2 else "walk_in", program=program,
                 events=demo.issued(visit, demo.at(day, 13), demo.at(alloc, 10)))


HISTORY_OFFICES = ("blitar", "pamekasan", "muara-enim", "balikpapan", "jayapura")
HISTORY_SOURCE = "demo:riwayat-setahun"
# Applications per office in the demo's year of history (Blitar really handles some 27,000 a year).
DEMO_HISTORY_PER_OFFICE = 3000
REAL_OFFICE_YEAR = 27000


def seed_history(log, *, now: datetime, per_office: int) -> None:
    """A year of history (the 365 days before today) per seed office, through the bulk import."""
    started = clock.monotonic()
    loaded = []
    for office in Office.objects.filter(code__in=HISTORY_OFFICES).order_by("code"):
        if AuditEntry.objects.filter(action="application.import", office=office,
                                     after__file=HISTORY_SOURCE).exists():
            continue
        calendar = work_calendar_for(office)
        today = office.local_date(now)
        midnight = office.start_of_day(today)
        lines = (orjson.dumps(line) for line in synthetic_applications(
            calendar=calendar, office_code=office.code, start=today - timedelta(days=365),
            end=today - timedelta(days=1), count=per_office, seed=1, until=midnight))
        result = applications_import(office=office, lines=lines, source_name=HISTORY_SOURCE, now=now)
        loaded.append(f"{office.code} {result.applications_created}")
    if loaded:
        log(f"applications: riwayat 12 bulan dimuat lewat impor massal ({', '.join(loaded)} permohonan; "
            f"skala ±1/{round(REAL_OFFICE_YEAR / max(per_office, 1))} volume kantor nyata) "
            f"dalam {clock.monotonic() - started:.1f} s")


def seed_demo(log) -> None:
    now = timezone.now()
    builders = {"blitar": _blitar, "muara-enim": _muara_enim}
    for office in Office.objects.all():
        with batched():  # an office's demo applications are recounted once, not once per event
            builders.get(office.code, _general)(DemoOffice(office, now))
    seed_history(log, now=now, per_office=getattr(settings, "DEMO_HISTORY_PER_OFFICE", DEMO_HISTORY_PER_OFFICE))
    log(f"applications: {Application.objects.count()} permohonan demo")
