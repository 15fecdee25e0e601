"""A realistic synthetic history of an office's passport applications (pure: no ORM).

Yields dicts in the import's JSON-lines shape (``maklumat applications import``), deterministic for
a given seed. The benchmarks and the demo's year of history use it. What it imitates:

- applications on the office's working days (its ``WorkCalendar``), busier on Mondays;
- service mix: mostly new passports and replacements, some lost or damaged; M-Paspor bookings
  (registered in the SMART queue) against walk-ins; a small accelerated share; the office's
  programmes (MPP counter, Eazy Paspor, Sambang Haji, Sambang Sakit);
- the wait for the biometric capture: usually under an hour, a long tail past 2 hours;
- PNBP payment usually the same day, some within days (weekends included: payment is online),
  a few never; allocation usually within 2 working days of payment, some late; the passport ready
  within the service's term (3 working days; accelerated the same day, collected from 12:00; lost
  or damaged after an examination), some late; collected within 30 days, a few never (then the
  pickup job's cancellation at the end of the 30th day);
- a few applications under review, needing a field check, or with a broker.

Events later than ``until`` have not happened yet and are left out.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from maklumat.applications.deadlines import pickup_expired
from maklumat.calendar.rules import WorkCalendar

SERVICES = (("baru", 55), ("penggantian", 35), ("hilang", 6), ("rusak", 4))
PROGRAMS = (("in_office", 88), ("mpp", 6), ("eazy_paspor", 3), ("sambang_haji", 2), ("sambang_sakit", 1))
M_PASPOR_SHARE = 0.8
ACCELERATED_SHARE = 0.04
FLAG_SHARES = (("under_review", 0.015), ("field_check", 0.01), ("broker", 0.005))
FIRST_NAMES = ("Agus", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gilang", "Hendra", "Indah", "Joko", "Kartika",
               "Lestari", "Made", "Nur", "Oktaviani", "Putri", "Rudi", "Sri", "Teguh", "Utami", "Wahyu", "Yuliana")
LAST_NAMES = ("Setiawan", "Wahyuni", "Saputra", "Anggraini", "Sutrisno", "Hartono", "Rahmawati", "Kurniawan",
              "Prasetyo", "Handayani", "Fauzi", "Marlina", "Siregar", "Nasution", "Wibowo", "Susanti")
STREETS = ("Jl. Merdeka", "Jl. Sudirman", "Jl. Diponegoro", "Jl. Ahmad Yani", "Jl. Pahlawan", "Jl. Kartini")
WEEKDAY_WEIGHT = {0: 1.3, 1: 1.1, 2: 1.0, 3: 1.0, 4: 0.8, 5: 0.6, 6: 0.6}


def office_tag(code: str) -> str:
    """A short upper-case tag of the office for application numbers (blitar → BLI)."""
    letters = "".join(ch for ch in code.upper() if ch.isalnum())
    return (letters[:3] or "OFF").ljust(3, "X")


def synthetic_applications(*, calendar: WorkCalendar, office_code: str, start: date, end: date, count: int,
                           seed: int = 0, until: datetime | None = None) -> Iterator[dict]:
    """``count`` applications spread over the working days from ``start`` to ``end``, in date order."""
    rng = random.Random(zlib.crc32(f"{office_code}:{seed}".encode()))
    days = list(calendar.working_days(start, end))
    if not days or count <= 0:
        return
    weights = [WEEKDAY_WEIGHT[day.weekday()] * rng.uniform(0.85, 1.15) for day in days]
    total = sum(weights)
    # Largest-remainder split of ``count`` over the days, so the total is exact.
    shares = [count * weight / total for weight in weights]
    per_day = [int(share) for share in shares]
    for index in sorted(range(len(days)), key=lambda i: shares[i] - per_day[i], reverse=True)[:count - sum(per_day)]:
        per_day[index] += 1
    maker = _Maker(calendar, office_code, rng, until)
    for day, n in zip(days, per_day, strict=True):
        arrivals = sorted(rng.random() for _ in range(n))
        for seq, fraction in enumerate(arrivals, start=1):
            yield maker.application(day, seq, fraction)


class _Maker:
    def __init__(self, calendar: WorkCalendar, office_code: str, rng: random.Random, until: datetime | None):
        self.calendar = calendar
        self.tz = calendar.tz
        self.rng = rng
        self.until = until
        self.tag = office_tag(office_code)
        self.region = f"{zlib.crc32(office_code.encode()) % 9000 + 1000}"
        self.services = [code for code, _ in SERVICES]
        self.service_weights = [weight for _, weight in SERVICES]
        self.programs = [code for code, _ in PROGRAMS]
        self.program_weights = [weight for _, weight in PROGRAMS]

    def at(self, day: date, minutes: float) -> datetime:
        """``minutes`` after local midnight of ``day``, to the second."""
        return datetime.combine(day, time(0), tzinfo=self.tz) + timedelta(seconds=int(minutes * 60))

    def working_moment(self, day: date, *, earliest: datetime | None = None, latest_hour: float | None = None,
                       ) -> datetime:
        """A moment within the office hours of ``day`` (a working day), not before ``earliest``."""
        opens, closes = self.calendar.hours_on(day)
        low = opens.hour * 60 + opens.minute
        high = closes.hour * 60 + closes.minute - 5
        if latest_hour is not None:
            high = min(high, latest_hour * 60)
        if earliest is not None and self.calendar.local(earliest).date() == day:
            local = self.calendar.local(earliest)
            low = max(low, local.hour * 60 + local.minute + 1)
        if low >= high:
            low = high - 1
        return self.at(day, self.rng.uniform(low, high))

    def application(self, day: date, seq: int, fraction: float) -> dict:
        rng = self.rng
        service = rng.choices(self.services, self.service_weights)[0]
        booking = "m_paspor" if rng.random() < M_PASPOR_SHARE else "walk_in"
        smart = rng.random() < (0.95 if booking == "m_paspor" else 0.3)
        accelerated = service in ("baru", "penggantian") and rng.random() < ACCELERATED_SHARE
        program = rng.choices(self.programs, self.program_weights)[0]
        flags = [flag for flag, share in FLAG_SHARES if rng.random() < share]
        events = self.visit(day, fraction, accelerated)
        self.afterwards(events, service, accelerated, flags)
        if self.until is not None:
            events = {name: at for name, at in events.items() if at <= self.until}
        number = f"{self.tag}{day:%Y%m%d}{seq:05d}"  # no "-0007": the demo picks its own numbers by suffix
        nik_tail = zlib.crc32(number.encode()) % 10**12
        line = {
            "id": number, "service": service, "booking": booking, "smart_queue": smart,
            "accelerated": accelerated, "program": program,
            "events": {name: at.replace(microsecond=0).isoformat() for name, at in events.items()}, "flags": flags,
            "applicant": {
                "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "nik": f"{self.region}{nik_tail:012d}",
                "phone": f"08{rng.randrange(10**9, 10**10)}",
                "address": f"{rng.choice(STREETS)} No. {rng.randrange(1, 200)}",
            },
        }
        return line

    def visit(self, day: date, fraction: float, accelerated: bool) -> dict[str, datetime]:
        """The counter visit: queue ticket, intake, the biometric queue and capture, interview, billing."""
        rng = self.rng
        opens, closes = self.calendar.hours_on(day)
        first = opens.hour * 60 + opens.minute
        # Arrivals crowd the morning; accelerated applicants come early to be served the same day.
        last = max(first + 30, closes.hour * 60 + closes.minute - 120)
        if accelerated:
            last = min(last, first + 90)
        arrival = self.at(day, first + (last - first) * fraction ** 1.4)
        events: dict[str, datetime] = {"queue_ticket": arrival}
        moment = arrival + timedelta(minutes=rng.uniform(1, 15))
        events["intake_start"] = moment
        moment += timedelta(minutes=rng.uniform(2, 8))
        events["intake_finish"] = moment
        moment += timedelta(minutes=rng.uniform(1, 4))
        events["biometric_ticket"] = moment
        # The wait for the biometric capture: log-normal around 35 minutes, a tail past 2 hours (~4 %).
        wait = min(rng.lognormvariate(3.55, 0.7), 300)
        moment += timedelta(minutes=wait)
        events["biometric_start"] = moment
        moment += timedelta(minutes=rng.uniform(3, 8))
        events["biometric_finish"] = moment
        moment += timedelta(minutes=rng.uniform(1, 20))
        events["interview_start"] = moment
        moment += timedelta(minutes=rng.uniform(5, 16))
        events["interview_finish"] = moment
        moment += timedelta(minutes=rng.uniform(1, 10))
        events["billing_issued"] = moment
        return events

    def afterwards(self, events: dict[str, datetime], service: str, accelerated: bool, flags: list[str]) -> None:
        """Payment, allocation, ready and collection (or the cancellation of a passport never collected)."""
        rng, calendar = self.rng, self.calendar
        billed = events["billing_issued"]
        roll = rng.random()
        if accelerated:
            paid = billed + timedelta(minutes=rng.uniform(5, 40))
        elif roll < 0.68:
            paid = billed + timedelta(minutes=rng.uniform(10, 240))
        elif roll < 0.90:
            paid = self.at(calendar.local(billed).date() + timedelta(days=rng.randint(1, 5)), rng.uniform(420, 1290))
        elif roll < 0.97:
            paid = self.at(calendar.local(billed).date() + timedelta(days=rng.randint(6, 29)),
                           rng.uniform(420, 1290))
        else:
            return  # never paid
        events["payment"] = paid
        paid_day = calendar.local(paid).date()
        if accelerated:
            allocated = paid + timedelta(minutes=rng.uniform(20, 60))
            ready = allocated + timedelta(minutes=rng.uniform(30, 90))
            noon = datetime.combine(paid_day, time(12), tzinfo=self.tz)
            events.update(allocation=allocated, ready=ready)
            collected = max(ready, noon) + timedelta(minutes=rng.uniform(5, 180))
            events["handover"] = collected
            return
        if "field_check" in flags or "under_review" in flags:
            delay = rng.randint(2, 6)  # the check takes its time
        else:
            late = rng.random() < 0.06
            delay = rng.randint(3, 5) if late else rng.choice((0, 1, 1, 2))
        if delay == 0 and (not calendar.is_working_day(paid_day) or calendar.local(paid).hour >= 14):
            delay = 1
        alloc_day = calendar.nth_working_day_after(paid_day, delay) if delay else paid_day
        allocated = self.working_moment(alloc_day, earliest=paid)
        events["allocation"] = allocated
        if service in ("hilang", "rusak"):
            ready_day = calendar.nth_working_day_after(alloc_day, rng.randint(2, 8))  # after the examination
        else:
            ready_day = alloc_day if rng.random() < 0.5 else calendar.nth_working_day_after(alloc_day, 1)
            if rng.random() < 0.04:
                ready_day = calendar.nth_working_day_after(ready_day, rng.randint(1, 3))
        ready = self.working_moment(ready_day, earliest=allocated)
        if ready <= allocated:
            ready = allocated + timedelta(minutes=5)
        events["ready"] = ready
        roll = rng.random()
        if roll < 0.97:
            if roll < 0.85:
                after = rng.randint(0, 6)
                pickup_day = calendar.nth_working_day_after(ready_day, after) if after else ready_day
            else:  # weeks later, still within the 30 days
                pickup_day = calendar.nth_working_day_after(ready_day + timedelta(days=rng.randint(7, 26)), 0)
            collected = self.working_moment(pickup_day, earliest=ready)
            if collected <= ready:
                collected = self.working_moment(calendar.nth_working_day_after(pickup_day, 1))
            if collected - ready < timedelta(days=30):
                events["handover"] = collected
                return
        cancelled = pickup_expired(events={"ready": ready}, calendar=calendar, as_of=ready + timedelta(days=400))
        if cancelled is not None:
            events["cancellation"] = cancelled
