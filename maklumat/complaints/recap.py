"""The monthly recap report (*Laporan Rekapitulasi Penanganan Pengaduan*, 002 step 6).

Per office and month (in the office's own time zone): counts by channel, category and outcome,
the on-time rate of each SOP step, the complaints overdue, the average handling time (working
time, pauses excluded), the list of complaints; and its submission up the hierarchy.

The on-time rate of a step counts every step of the office that *fell due* in the month (its
due time lies in the month and has passed): done on time, done late, and still open past its
due time (overdue). Steps not yet due, paused (no due time) or skipped do not count. A complaint
is *overdue* when one of its steps had passed its due time without being done at the recap's
moment: the end of the month, or now for the month still running.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from maklumat.audit.services import audit_record
from maklumat.calendar.selectors import work_calendars_for
from maklumat.complaints import labels, rules
from maklumat.complaints.models import Channel, Complaint, ComplaintStep, RecapSubmission, Status, StepStatus
from maklumat.offices.models import Office
from maklumat.offices.scoping import authorize_in_office

# Printed with the figure in every form of the report (HTML, PDF, XLSX) and in docs/decisions.md.
AVERAGE_HANDLING_DEFINITION = gettext_lazy(
    "Rata-rata waktu penanganan: rata-rata waktu kerja kantor (jam layanan pada hari kerja) dari pengaduan "
    "diterima sampai selesai dijawab, tanpa waktu jeda menunggu pelapor, atas pengaduan yang diterima pada "
    "bulan ini dan sudah selesai.")
ON_TIME_DEFINITION = gettext_lazy(
    "Ketepatan waktu menghitung setiap langkah yang jatuh tempo pada bulan ini: selesai tepat waktu, selesai "
    "terlambat, dan yang masih terbuka melewati tenggat (terlambat).")
# Months a recap may be asked for: the source documents start in 2020; no office reports a century ahead.
YEARS = range(2000, 2101)

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
    """One SOP step's steps that fell due in the month: ``due`` = on time + done late + still overdue."""

    order: int
    code: str
    title: str
    label: str  # who carries it out, as the SOP names them
    norm_minutes: int
    due: int = 0
    on_time: int = 0
    overdue: int = 0

    @property
    def late(self) -> int:
        return self.due - self.on_time - self.overdue

    @property
    def rate(self) -> float | None:
        return rules.on_time_rate([True] * self.on_time + [False] * (self.due - self.on_time))


@dataclass(frozen=True)
class Overdue:
    """The complaint overdue the longest at the recap's moment."""

    tracking_code: str
    office_code: str
    due_at: datetime
    step_title: str
    days: int


class MonthTexts:
    """What a month's recap (an office's, or its row in a Kanwil's) shows of its period and its
    average handling time; the class has ``year``, ``month`` and ``average_handling``."""

    year: int
    month: int
    average_handling: timedelta | None

    @property
    def period_label(self) -> str:
        return f"{MONTHS_ID[self.month - 1]} {self.year}"

    @property
    def average_handling_text(self) -> str:
        return duration_text(self.average_handling)


@dataclass
class Recap(MonthTexts):
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
    overdue: int = 0
    oldest_overdue: Overdue | None = None
    as_of: datetime | None = None
    average_handling_definition: str = ""
    on_time_definition: str = ""

    @property
    def total(self) -> int:
        return len(self.complaints)

    def totals(self) -> dict:
        """What is stored with a submission (and rolled up for the Kanwil)."""
        return {
            "total": self.total, "resolved": self.resolved, "open": self.still_open,
            "by_channel": dict(self.by_channel), "by_category": dict(self.by_category),
            "by_outcome": dict(self.by_outcome),
            "on_time": {s.code: [s.on_time, s.due] for s in self.step_rates},
            "overdue": self.overdue,
            "oldest_overdue": self.oldest_overdue.tracking_code if self.oldest_overdue else None,
            "average_handling_minutes": round(self.average_handling.total_seconds() / 60)
            if self.average_handling is not None else None,
        }


def parse_month(value: str | None, today: date) -> tuple[int, int]:
    """``YYYY-MM`` → (year, month); empty = this month. Bad input raises ValidationError."""
    if not value:
        return today.year, today.month
    try:
        if len(value) > 7 or not value.isascii():
            raise ValueError(value)
        year, month = (int(part) for part in value.split("-"))
        if year not in YEARS:
            raise ValueError(value)
        date(year, month, 1)
    except (ValueError, OverflowError) as exc:
        raise ValidationError({"bulan": _("Bulan harus berformat TTTT-BB antara %(a)s dan %(b)s, mis. 2025-01.")
                               % {"a": YEARS.start, "b": YEARS.stop - 1}}) from exc
    return year, month


def month_bounds(office: Office, year: int, month: int) -> tuple[datetime, datetime]:
    """00:00 office time on the 1st of the month and of the month after (a WITA office's month is WITA's)."""
    following = date(year + (month == 12), month % 12 + 1, 1)
    return office.start_of_day(date(year, month, 1)), office.start_of_day(following)


def _fallen_due(step: ComplaintStep, start: datetime, moment: datetime) -> bool:
    """A step of the office whose due time lies in [start, moment): done or still open (not paused/skipped)."""
    return (step.due_at is not None and start <= step.due_at < moment
            and step.status in (StepStatus.DONE, StepStatus.ACTIVE))


def _overdue(step: ComplaintStep, moment: datetime) -> bool:
    """Past its due time and not done at ``moment``."""
    return (step.started_at is not None and step.started_at < moment and step.due_at is not None
            and step.due_at < moment and step.status in (StepStatus.DONE, StepStatus.ACTIVE)
            and not (step.status == StepStatus.DONE and step.completed_at is not None and step.completed_at <= moment))


def recap_for(*, office: Office, year: int, month: int, now: datetime | None = None) -> Recap:
    return recaps_for(offices=[office], year=year, month=month, now=now)[office.pk]


def recaps_for(*, offices: list[Office], year: int, month: int, now: datetime | None = None) -> dict[int, Recap]:
    """The month's recap of each office, by office pk, in a constant number of queries however many offices:
    each office's month is its own (time zone); the rows of all offices are read at once over the widest
    bounds and sorted out here."""
    if not offices:
        return {}
    now = now or timezone.now()
    bounds = {o.pk: month_bounds(o, year, month) for o in offices}
    moments = {pk: min(now, end) for pk, (_start, end) in bounds.items()}
    first, last = min(b[0] for b in bounds.values()), max(b[1] for b in bounds.values())
    widest_moment = max(moments.values())
    pks = list(bounds)
    calendars = work_calendars_for(offices)
    by_office: dict[int, list[Complaint]] = {pk: [] for pk in pks}
    for complaint in (Complaint.objects.filter(office_id__in=pks, received_at__gte=first, received_at__lt=last)
                      .select_related("category").prefetch_related("steps", "pauses").order_by("received_at", "id")):
        start, end = bounds[complaint.office_id]
        if start <= complaint.received_at < end:
            by_office[complaint.office_id].append(complaint)
    due_steps: dict[int, list[ComplaintStep]] = {pk: [] for pk in pks}
    for step in (ComplaintStep.objects.filter(complaint__office_id__in=pks, due_at__gte=first,
                                              due_at__lt=widest_moment,
                                              status__in=[StepStatus.DONE, StepStatus.ACTIVE])
                 .select_related("complaint").order_by("order", "code")):
        office_id = step.complaint.office_id
        if _fallen_due(step, bounds[office_id][0], moments[office_id]):
            due_steps[office_id].append(step)
    overdue_steps: dict[int, list[ComplaintStep]] = {pk: [] for pk in pks}
    for step in (ComplaintStep.objects.filter(complaint__office_id__in=pks, started_at__lt=widest_moment,
                                              due_at__lt=widest_moment,
                                              status__in=[StepStatus.DONE, StepStatus.ACTIVE])
                 .exclude(status=StepStatus.DONE, completed_at__lte=min(moments.values()))
                 .select_related("complaint").order_by("due_at", "id")):
        office_id = step.complaint.office_id
        if _overdue(step, moments[office_id]):
            overdue_steps[office_id].append(step)
    return {o.pk: _recap(o, year, month, moments[o.pk], calendars[o.pk], by_office[o.pk], due_steps[o.pk],
                         overdue_steps[o.pk]) for o in offices}


def _recap(office, year, month, moment, calendar, complaints, due_steps, overdue_steps) -> Recap:
    channels = Counter(c.get_channel_display() for c in complaints)
    categories = Counter(c.category.name if c.category else _("Belum dipilah") for c in complaints)
    outcomes = Counter(c.get_outcome_display() if c.outcome else _("Masih diproses") for c in complaints)
    rates: dict[str, StepRate] = {}
    for step in due_steps:
        rate = rates.setdefault(step.code, StepRate(step.order, step.code, labels.step_title(step),
                                                    step.actor_label or step.get_actor_role_display(),
                                                    step.norm_minutes))
        rate.due += 1
        if step.status == StepStatus.DONE and step.completed_at <= moment:
            rate.on_time += 1 if step.completed_at <= step.due_at else 0
        else:
            rate.overdue += 1
    overdue_complaints = {step.complaint_id for step in overdue_steps}
    oldest = None
    if overdue_steps:
        first = overdue_steps[0]
        oldest = Overdue(first.complaint.tracking_code, office.code, first.due_at, labels.step_title(first),
                         (moment - first.due_at).days)
    handling: dict[int, timedelta] = {}
    for complaint in complaints:
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
        handling=handling, overdue=len(overdue_complaints), oldest_overdue=oldest, as_of=moment,
        average_handling_definition=str(AVERAGE_HANDLING_DEFINITION), on_time_definition=str(ON_TIME_DEFINITION),
    )


@transaction.atomic
def recap_submit(*, actor, office: Office, year: int, month: int, now: datetime | None = None) -> RecapSubmission:
    """Send the month's recap up the hierarchy (to the Kanwil); once per office and month."""
    now = now or timezone.now()
    authorize_in_office(actor, office, "complaints.recap_submit")
    if year not in YEARS or not 1 <= month <= 12:
        raise ValidationError({"bulan": _("Bulan tidak sah.")})
    start, end = month_bounds(office, year, month)
    if now < end:
        raise ValidationError(_("Laporan bulan berjalan baru dapat dikirim setelah bulan berakhir."))
    recap = recap_for(office=office, year=year, month=month, now=now)
    try:
        with transaction.atomic():
            submission = RecapSubmission.objects.create(office=office, year=year, month=month, submitted_at=now,
                                                        submitted_by=actor, totals=recap.totals())
    except IntegrityError as exc:
        raise ValidationError(_("Laporan %(p)s sudah dikirim.") % {"p": recap.period_label}) from exc
    audit_record(actor=actor, action="complaint.recap_submit", obj=submission, office=office,
                 summary=f"Laporan rekapitulasi {recap.period_label}", after=submission.totals)
    return submission

