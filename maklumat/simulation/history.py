"""Reads of an office's history for the simulation (rows → the plain data of ``fitting``). Reads only.

Sources: application events (the imported history: queue number, intake, biometric, interview,
handover), the queue's own visits, tickets and bookings, the office's queue set-up and calendar,
and the compensation policy in force (its biometric wait promise: ``compensation.promises``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.utils import timezone

from maklumat.applications.models import ApplicationEvent
from maklumat.calendar.selectors import work_calendar_for
from maklumat.compensation.promises import biometric_wait_promise
from maklumat.queueing.models import Booking, Counter, Step, Ticket, Visit
from maklumat.queueing.selectors import calling_rule_of, config_for
from maklumat.simulation import fitting
from maklumat.simulation.fitting import HistoryVisit, StepNorm
from maklumat.simulation.model import PriorityRoom

VISIT_EVENTS = ("queue_ticket", "intake_start", "intake_finish", "biometric_ticket", "biometric_start",
                "biometric_finish", "interview_finish", "handover")


@dataclass(frozen=True)
class History:
    office: object
    start: date
    end: date
    working_days: list[date]
    visits: list[HistoryVisit]
    pickups: list[tuple[date, float]]
    staffing_by_day: dict[date, dict[str, dict[int, int]]]   # day -> step -> hour -> counters
    room_hours_by_day: dict[date, frozenset[int]]
    fit: fitting.Fit


def _minutes(local: datetime) -> float:
    return local.hour * 60 + local.minute + local.second / 60


def threshold_minutes(office, day: date) -> float | None:
    """The office's compensation threshold on the biometric wait on ``day``, from its policy in force."""
    promise = biometric_wait_promise(office, day)
    return promise.limit.total_seconds() / 60 if promise is not None else None


def usual_hours(calendar, days: list[date]) -> tuple[int, int]:
    """The opening and closing minute most working days of ``days`` have (Monday–Friday hours)."""
    counts: dict[tuple[time, time], int] = defaultdict(int)
    for day in days:
        hours = calendar.hours_on(day)
        if hours:
            counts[hours] += 1
    opens, closes = max(counts, key=counts.get) if counts else (time(8), time(16))
    return opens.hour * 60 + opens.minute, closes.hour * 60 + closes.minute


def load_history(office, start: date, end: date, *, as_of: date) -> History:
    """The office's history from ``start`` to ``end`` (local dates, inclusive) and the model fitted to it."""
    calendar = work_calendar_for(office)
    working_days = list(calendar.working_days(start, end))
    tz = office.tz
    since = datetime.combine(start, time(0), tzinfo=tz)
    until = datetime.combine(end + timedelta(days=1), time(0), tzinfo=tz)
    rows = (ApplicationEvent.objects.filter(application__office=office, name__in=VISIT_EVENTS, at__gte=since,
                                            at__lt=until)
            .values_list("application_id", "application__booking_channel", "name", "at").order_by())
    per_application: dict[int, dict] = defaultdict(dict)
    pickups: list[tuple[date, float]] = []
    for app_id, channel, name, at in rows.iterator(chunk_size=5000):
        local = at.astimezone(tz)
        if name == "handover":
            pickups.append((local.date(), _minutes(local)))
            continue
        record = per_application[app_id]
        record["channel"] = channel
        record[name] = local
    visits: list[HistoryVisit] = []
    for record in per_application.values():
        arrival = record.get("queue_ticket")
        if arrival is None:
            continue
        day = arrival.date()

        def minute(name: str, day=day, record=record) -> float | None:
            value = record.get(name)
            return _minutes(value) + (value.date() - day).days * 1440 if value is not None else None

        visits.append(HistoryVisit(
            day=day, channel=record["channel"], arrival=minute("queue_ticket"), intake_start=minute("intake_start"),
            intake_finish=minute("intake_finish"), biometric_ticket=minute("biometric_ticket"),
            biometric_start=minute("biometric_start"),
            biometric_finish=minute("interview_finish") or minute("biometric_finish")))
    visits.sort(key=lambda v: (v.day, v.arrival))

    steps = list(Step.objects.filter(office=office).order_by("order"))
    counters = list(Counter.objects.filter(office=office, is_active=True).prefetch_related("steps"))
    open_minute, close_minute = usual_hours(calendar, working_days)
    open_hours = range(open_minute // 60, (close_minute + 59) // 60)
    regular = {step.code: {h: sum(1 for c in counters if not c.priority_room and step in c.steps.all())
                           for h in open_hours} for step in steps}
    room_counter = next((c for c in counters if c.priority_room), None)
    room = (PriorityRoom(steps=tuple(s.code for s in room_counter.steps.all()), hours=frozenset(open_hours))
            if room_counter is not None else None)

    # The queue's own records: visits (staffing from calls), tickets by class, bookings.
    visit_rows = list(Visit.objects.filter(office=office, day__gte=start, day__lte=end, called_at__isnull=False)
                      .values_list("day", "step__code", "counter_id", "counter__priority_room", "called_at",
                                   "ended_at"))
    called: dict[date, dict[str, dict[int, set]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(set)))
    room_hours_by_day: dict[date, set[int]] = defaultdict(set)
    handover_samples = []
    for day, code, counter_id, is_room, called_at, ended_at in visit_rows:
        hour = office.localtime(called_at).hour
        if is_room:
            room_hours_by_day[day].add(hour)
        else:
            called[day][code][hour].add(counter_id)
        if code == "handover" and ended_at is not None:
            handover_samples.append((ended_at - called_at).total_seconds() / 60)
    ticket_classes = dict(Ticket.objects.filter(office=office, day__gte=start, day__lte=end)
                          .values_list("ticket_class").annotate(n=Count("id")).order_by())
    bookings = list(Booking.objects.filter(office=office, slot_start__gte=since, slot_start__lt=until,
                                           slot_end__lt=timezone.now())
                    .values_list("slot_start", "checked_in_at"))
    lateness = [(checked - slot).total_seconds() / 60 for slot, checked in bookings if checked is not None]
    no_shows = sum(1 for _, checked in bookings if checked is None)

    # Staffing the office had each day: counters that called (queue visits), else the services
    # the imported history shows running at once.
    staffing_by_day: dict[date, dict[str, dict[int, int]]] = {}
    by_day: dict[date, list[HistoryVisit]] = defaultdict(list)
    for visit in visits:
        by_day[visit.day].append(visit)
    for day in working_days:
        seen = {"intake": fitting.busy_counters((v.intake_start, v.intake_finish) for v in by_day.get(day, ())
                                                if v.intake_start is not None and v.intake_finish is not None),
                fitting.BIOMETRIC_STEP: fitting.busy_counters(
                    (v.biometric_start, v.biometric_finish) for v in by_day.get(day, ())
                    if v.biometric_start is not None and v.biometric_finish is not None)}
        plan = {}
        for step in steps:
            from_calls = called.get(day, {}).get(step.code)
            if from_calls:
                plan[step.code] = {h: len(ids) for h, ids in from_calls.items()}
            elif seen.get(step.code):
                plan[step.code] = seen[step.code]
            else:
                plan[step.code] = regular[step.code]
        staffing_by_day[day] = plan

    fit = fitting.fit_scenario(
        visits=visits, pickups=pickups, working_days=working_days, open_minute=open_minute,
        close_minute=close_minute, steps=[StepNorm(s.code, s.norm_minutes) for s in steps], counters=regular,
        calling_rule=calling_rule_of(config_for(office)), priority_room=room,
        walk_in_quota=config_for(office).walk_in_daily_quota, threshold_minutes=threshold_minutes(office, as_of),
        booking_lateness=lateness, booking_no_shows=no_shows, ticket_classes=ticket_classes,
        handover_samples=handover_samples)
    return History(office=office, start=start, end=end, working_days=working_days, visits=visits, pickups=pickups,
                   staffing_by_day=staffing_by_day,
                   room_hours_by_day={d: frozenset(h) for d, h in room_hours_by_day.items()}, fit=fit)


STEP_EDGES = {"intake": ("intake_start", ("intake_finish",)),
              fitting.BIOMETRIC_STEP: ("biometric_start", ("interview_finish", "biometric_finish"))}
MAX_RECENT_SERVICES = 2000


def recent_service_samples(office, step_code: str, start: date, end: date) -> list[float]:
    """Service minutes of ``step_code`` between ``start`` and ``end`` (local dates): the queue's own calls
    (called → ended) and the imported application events (start → finish), newest first, at most
    ``MAX_RECENT_SERVICES``."""
    tz = office.tz
    since = datetime.combine(start, time(0), tzinfo=tz)
    until = datetime.combine(end + timedelta(days=1), time(0), tzinfo=tz)
    samples = [(ended - called).total_seconds() / 60 for called, ended in Visit.objects.filter(
        office=office, step__code=step_code, called_at__gte=since, called_at__lt=until, ended_at__isnull=False,
        outcome__in=["done", "transferred"]).order_by("-called_at").values_list("called_at", "ended_at")
        [:MAX_RECENT_SERVICES]]
    edges = STEP_EDGES.get(step_code)
    if edges is None or len(samples) >= MAX_RECENT_SERVICES:
        return samples
    first, lasts = edges
    rows = (ApplicationEvent.objects.filter(application__office=office, name__in=(first, *lasts), at__gte=since,
                                            at__lt=until)
            .order_by("-at").values_list("application_id", "name", "at")[:MAX_RECENT_SERVICES * 4])
    starts: dict[int, datetime] = {}
    ends: dict[int, datetime] = {}
    for app_id, name, at in rows:
        if name == first:
            starts[app_id] = at
        elif name == lasts[0] or app_id not in ends:
            ends[app_id] = at
    for app_id, began in starts.items():
        finished = ends.get(app_id)
        if finished is not None and finished > began:
            samples.append((finished - began).total_seconds() / 60)
    return samples[:MAX_RECENT_SERVICES]
