"""The monthly recap report (*Laporan Rekapitulasi Penanganan Pengaduan*, 002 step 6).

Per office and month (in the office's own time zone): counts by channel, category and outcome,
the on-time rate of each SOP step, the average handling time (working time, pauses excluded),
the list of complaints; and its submission up the hierarchy.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maklumat.audit.services import audit_record
from maklumat.calendar.selectors import work_calendar_for
from maklumat.complaints import rules
from maklumat.complaints.models import Channel, Complaint, RecapSubmission, Status, StepStatus
from maklumat.offices.models import Office

MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
             "November", "Desember"]


def duration_text(delta: timedelta | None) -> str:
    """``timedelta(hours=1, minutes=25)`` → ``1 j 25 m`` (working time, as the report prints it)."""
    if delta is None:
        return "—"
    minutes = round(delta.total_seconds() / 60)
    return f"{minutes // 60} j {minutes % 60} m" if minutes >= 60 else f"{minutes} m"


@dataclass
class StepRate:
    order: int
    code: str
    label: str
    norm_minutes: int
    done: int = 0
    on_time: int = 0

    @property
    def rate(self) -> float | None:
        return rules.on_time_rate([True] * self.on_time + [False] * (self.done - self.on_time))


@dataclass
class Recap:
    office: Office
    year: int
    month: int
    complaints: list[Complaint]
    by_channel: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    by_outcome: list[tuple[str, int]]
    step_rates: list[StepRate]
    resolved: int
    still_open: int
    average_handling: timedelta | None
    average_rating: float | None
    handling: dict[int, timedelta] = field(default_factory=dict)

    @property
    def period_label(self) -> str:
        return f"{MONTHS_ID[self.month - 1]} {self.year}"

    @property
    def average_handling_text(self) -> str:
        return duration_text(self.average_handling)

    @property
    def total(self) -> int:
        return len(self.complaints)

    def totals(self) -> dict:
        """What is stored with a submission (and rolled up for the Kanwil)."""
        return {
            "total": self.total, "resolved": self.resolved, "open": self.still_open,
            "by_channel": dict(self.by_channel), "by_category": dict(self.by_category),
            "by_outcome": dict(self.by_outcome),
            "on_time": {s.code: [s.on_time, s.done] for s in self.step_rates},
            "average_handling_minutes": round(self.average_handling.total_seconds() / 60)
            if self.average_handling is not None else None,
        }


def parse_month(value: str | None, today: date) -> tuple[int, int]:
    """``YYYY-MM`` → (year, month); empty = this month. Bad input raises ValidationError."""
    if not value:
        return today.year, today.month
    try:
        year, month = (int(part) for part in value.split("-"))
        date(year, month, 1)
    except ValueError as exc:
        raise ValidationError(_("Bulan harus berformat TTTT-BB, mis. 2025-01.")) from exc
    return year, month


def month_bounds(office: Office, year: int, month: int) -> tuple[datetime, datetime]:
    tz = work_calendar_for(office).tz
    start = datetime.combine(date(year, month, 1), time(0), tzinfo=tz)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return start, datetime.combine(following, time(0), tzinfo=tz)


def recap_for(*, office: Office, year: int, month: int) -> Recap:
    start, end = month_bounds(office, year, month)
    calendar = work_calendar_for(office)
    complaints = list(
        Complaint.objects.filter(office=office, received_at__gte=start, received_at__lt=end)
        .select_related("category").prefetch_related("steps", "pauses").order_by("received_at")
    )
    channels = Counter(c.get_channel_display() for c in complaints)
    categories = Counter(c.category.name if c.category else _("Belum dipilah") for c in complaints)
    outcomes = Counter(c.get_outcome_display() if c.outcome else _("Masih diproses") for c in complaints)
    rates: dict[str, StepRate] = {}
    handling: dict[int, timedelta] = {}
    for complaint in complaints:
        for step in complaint.steps.all():
            if step.status != StepStatus.DONE:
                continue
            rate = rates.setdefault(step.code, StepRate(step.order, step.code, step.actor_label or step.code,
                                                        step.norm_minutes))
            rate.done += 1
            rate.on_time += 1 if step.on_time else 0
        if complaint.status == Status.RESOLVED and complaint.resolved_at:
            pauses = [rules.Pause(p.started_at, p.ended_at) for p in complaint.pauses.all()]
            handling[complaint.pk] = rules.working_elapsed(calendar, complaint.received_at, complaint.resolved_at,
                                                           pauses)
    ratings = [c.rating for c in complaints if c.rating]
    order = {value: index for index, value in enumerate(Channel.labels)}
    return Recap(
        office=office, year=year, month=month, complaints=complaints,
        by_channel=sorted(channels.items(), key=lambda kv: order.get(kv[0], 99)),
        by_category=sorted(categories.items(), key=lambda kv: (-kv[1], kv[0])),
        by_outcome=sorted(outcomes.items(), key=lambda kv: (-kv[1], kv[0])),
        step_rates=sorted(rates.values(), key=lambda r: (r.order, r.code)),
        resolved=sum(1 for c in complaints if c.status == Status.RESOLVED),
        still_open=sum(1 for c in complaints if c.status != Status.RESOLVED),
        average_handling=rules.average(handling.values()),
        average_rating=round(sum(ratings) / len(ratings), 2) if ratings else None,
        handling=handling,
    )


@transaction.atomic
def recap_submit(*, actor, office: Office, year: int, month: int, now: datetime | None = None) -> RecapSubmission:
    """Send the month's recap up the hierarchy (to the Kanwil); once per office and month."""
    now = now or timezone.now()
    if not actor.is_superuser and (actor.office_id != office.pk or actor.role not in
                                   {"petugas_yankomas", "kasubsi", "kasi", "kepala_kantor"}):
        raise ValidationError(_("Hanya tim pengaduan kantor ini yang dapat mengirim laporan."))
    start, end = month_bounds(office, year, month)
    if now < end:
        raise ValidationError(_("Laporan bulan berjalan baru dapat dikirim setelah bulan berakhir."))
    recap = recap_for(office=office, year=year, month=month)
    try:
        with transaction.atomic():
            submission = RecapSubmission.objects.create(office=office, year=year, month=month, submitted_at=now,
                                                        submitted_by=actor, totals=recap.totals())
    except IntegrityError as exc:
        raise ValidationError(_("Laporan %(p)s sudah dikirim.") % {"p": recap.period_label}) from exc
    audit_record(actor=actor, action="complaint.recap_submit", obj=submission, office=office,
                 summary=f"Laporan rekapitulasi {recap.period_label}", after=submission.totals)
    return submission


@dataclass
class KanwilRow:
    office: Office
    recap: Recap
    submission: RecapSubmission | None


def kanwil_rollup(*, offices: list[Office], year: int, month: int) -> tuple[list[KanwilRow], dict]:
    """Each office's recap with its submission, and the Kanwil's totals."""
    submissions = {s.office_id: s for s in RecapSubmission.objects.filter(
        office__in=offices, year=year, month=month).select_related("submitted_by")}
    rows = [KanwilRow(o, recap_for(office=o, year=year, month=month), submissions.get(o.pk)) for o in offices]
    done = sum(s.done for r in rows for s in r.recap.step_rates)
    on_time = sum(s.on_time for r in rows for s in r.recap.step_rates)
    channels: Counter = Counter()
    for row in rows:
        channels.update(dict(row.recap.by_channel))
    totals = {
        "total": sum(r.recap.total for r in rows), "resolved": sum(r.recap.resolved for r in rows),
        "open": sum(r.recap.still_open for r in rows), "submitted": sum(1 for r in rows if r.submission),
        "on_time_rate": rules.on_time_rate([True] * on_time + [False] * (done - on_time)),
        "by_channel": sorted(channels.items()),
    }
    return rows, totals

