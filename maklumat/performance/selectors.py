"""Kinerja: how well offices keep their promises, for an office, a Kanwil and the nation.

The dashboards (``office_kinerja``, ``kanwil_kinerja``, ``national_kinerja``, ``monthly_trend``,
``officer_kinerja``, the drill-down lists) read the aggregates ``performance.aggregates`` keeps
(``PromiseDay`` and the clock, step and application facts) through the ``reporting`` database, in a
constant number of queries whatever the number of offices; see docs/scaling.md. ``office_data`` /
``promise_counts`` / ``step_counts`` / ``documents_issued`` still read the raw events (a few queries:
the applications with a counting event in the period and their events up to ``as_of``, voided ones
never counting) for ``at_risk_now`` (the last week) and for ``performance.raw``, the reference the
aggregates must equal.

Return shapes (JSON-ready: dates as ISO strings, rates as floats 0–1 with 4 places, minutes as
floats with 1 place, money as integer rupiah):

``office_kinerja`` →
    {"office": code, "from": "YYYY-MM-DD", "to": "YYYY-MM-DD", "as_of": ISO 8601,
     "promises": [{"code", "label", "total", "met", "late", "open", "overdue", "on_time_rate"}],
     "steps": [{"code", "norm_minutes", "measured", "within_norm", "median_minutes", "p90_minutes"}],
     "documents_issued": int,
     "target": {"documents", "issued", "achievement_percent"},
     "compensation": {"eligible", "claimed", "fulfilled", "outstanding", "cost"},
     "complaints": {"received", "open", "overdue", "on_time_rate"},
     "ikm": {"index", "grade", "respondents", "target", "achievement"},
     "effectiveness": [{"code", "label", "value", "unit", "definition"}]}

``kanwil_kinerja`` / ``national_kinerja`` → the same keys for the whole (``"kanwil": code`` or
``"nation": true`` instead of ``"office"``) plus
    "offices": [{"office", "name", "rank", "on_time_rate", ...the office figures without from/to/as_of}]
ordered by rank (offices without a rank last, by code). ``rank``: standard competition rank by the
on-time rate of all promises combined (Σ met ÷ Σ (met + late + overdue)); ``None`` when nothing was
decided.

``officer_kinerja`` → [{"officer": user id, "name", "steps_measured", "steps_within_norm",
    "median_minutes", "calls"}]
``monthly_trend`` → [{"month": 1..12, "promises": [promise rows as above]}] (12 rows)
``at_risk_now`` → {"waiting": [{"application_id", "number", "ticket_at", "waited_minutes",
    "warn_minutes", "limit_minutes"}], "allocation_due_today": [{"application_id", "number",
    "payment_at", "due"}]}
``promise_applications`` → [{"application_id", "number", "started", "due", "kept", "status"}]
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import reduce
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import Case, Count, Exists, Max, Min, OuterRef, Q, Sum, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractMonth, ExtractYear

from maklumat.applications.deadlines import OPEN, ServiceTerms
from maklumat.applications.models import Application
from maklumat.applications.selectors import countable_events
from maklumat.calendar.rules import WorkCalendar
from maklumat.calendar.selectors import work_calendars_for
from maklumat.compensation.models import CompensationPolicy
from maklumat.compensation.promises import wait_promise_from
from maklumat.lib.promises import WaitPromise
from maklumat.offices.models import Kanwil, Office
from maklumat.performance import figures, rules
from maklumat.performance.labels import promise_label
from maklumat.performance.models import (
    ApplicationFact,
    ApplicationMonth,
    ClockFact,
    OfficerMonth,
    PromiseDay,
    PromiseMonth,
    StepFact,
    StepMonth,
    StepYear,
)
from maklumat.performance.reporting import reporting
from maklumat.queueing.models import Call
from maklumat.standards.models import SopKind
from maklumat.standards.selectors import sop_versions_in_force_for

HANDOVER_EVENTS = ("handover", "handover_finish")
# The widest UTC window of a local date anywhere in Indonesia: WIT (UTC+9) starts first, WIB
# (UTC+7) ends last; rows are then kept by each office's own local date.
EARLIEST_ZONE, LATEST_ZONE = ZoneInfo("Asia/Jayapura"), ZoneInfo("Asia/Jakarta")


# ----- loading ----------------------------------------------------------------------------------

@dataclass
class AppRow:
    """One application as the rules need it (from ``values_list``)."""

    id: int
    office_id: int
    number: str
    completion_working_days: int | None
    accelerated: bool
    service: str
    booking: str
    smart_queue: bool
    program: str
    flags: frozenset
    events: dict[str, datetime] = field(default_factory=dict)
    actors: dict[str, int | None] = field(default_factory=dict)

    @property
    def terms(self) -> ServiceTerms:
        return ServiceTerms(0 if self.accelerated else self.completion_working_days)


def _window(start: date, end: date) -> tuple[datetime, datetime]:
    lower = datetime.combine(start, datetime.min.time(), tzinfo=EARLIEST_ZONE)
    upper = datetime.combine(end + timedelta(days=1), datetime.min.time(), tzinfo=LATEST_ZONE)
    return lower, upper


def load_applications(offices: Sequence[Office], *, start: date, end: date, as_of: datetime) -> dict[int, list[AppRow]]:
    """Applications of ``offices`` with a counting event in the period (widest local window), each
    with the first moment of every event name known as of ``as_of``; two queries."""
    lower, upper = _window(start, end)
    upper = min(upper, as_of + timedelta(microseconds=1))
    in_window = countable_events().filter(application=OuterRef("pk"), at__gte=lower, at__lt=upper)
    rows = (Application.objects.filter(office__in=offices).filter(Exists(in_window))
            .values_list("id", "office_id", "number", "service__completion_working_days", "accelerated",
                         "service__code", "booking_channel", "smart_queue", "program", "under_review",
                         "needs_field_check", "broker_involved"))
    apps: dict[int, AppRow] = {}
    for (pk, office_id, number, days, accelerated, service, booking, smart, program, review, field_check,
         broker) in rows:
        flags = frozenset(name for name, on in (("under_review", review), ("field_check", field_check),
                                                 ("broker", broker)) if on)
        apps[pk] = AppRow(pk, office_id, number, days, accelerated, service, booking, smart, program, flags)
    if apps:
        ids = Application.objects.filter(office__in=offices).filter(Exists(in_window)).values("id")
        events = (countable_events().filter(application__in=ids, at__lte=as_of)
                  .order_by("application_id", "at", "id").values_list("application_id", "name", "at", "recorded_by_id"))
        for application_id, name, at, actor in events:
            app = apps.get(application_id)
            if app is not None and name not in app.events:
                app.events[name] = at
                app.actors[name] = actor
    grouped: dict[int, list[AppRow]] = defaultdict(list)
    for app in apps.values():
        grouped[app.office_id].append(app)
    return grouped


class WaitPromises:
    """The office's compensation policies: its biometric wait promise per local date (the promise of
    the first policy in force with a wait condition, as ``compensation.promises.biometric_wait_promise``
    reads it) and the compiled policies for eligibility."""

    def __init__(self, source: Office | Sequence[CompensationPolicy]):
        if isinstance(source, Office):
            source = CompensationPolicy.objects.filter(office=source).order_by("effective_from", "code")
        self.rows = list(source)
        self.cache: dict[date, WaitPromise | None] = {}
        self._compiled = None

    def on(self, day: date) -> WaitPromise | None:
        if day not in self.cache:
            found = None
            for row in self.rows:
                if row.effective_from <= day and (row.effective_to is None or day <= row.effective_to):
                    found = wait_promise_from(row)
                    if found is not None:
                        break
            self.cache[day] = found
        return self.cache[day]

    def policies(self) -> list:
        if self._compiled is None:
            self._compiled = [row.compiled() for row in self.rows]
        return self._compiled


@dataclass
class OfficeData:
    office: Office
    calendar: WorkCalendar
    waits: WaitPromises
    apps: list[AppRow]
    norms: list[tuple[str, int]] = field(default_factory=list)

    def clocks(self, app: AppRow, as_of: datetime) -> list[rules.Clock]:
        ticket = app.events.get("biometric_ticket")
        promise = self.waits.on(rules.local_date(ticket, self.calendar)) if ticket else None
        return rules.application_clocks(events=app.events, terms=app.terms, calendar=self.calendar, as_of=as_of,
                                        wait_limit=promise.limit if promise else None)


@dataclass
class OfficeSetting:
    """What does not depend on the period's events: calendar, policies, SOP step norms."""

    calendar: WorkCalendar
    waits: WaitPromises
    norms: list[tuple[str, int]]


def office_settings(offices: Sequence[Office], *, on: date) -> dict[int, OfficeSetting]:
    """Calendars, compensation policies and issuance step norms (SOP version in force on ``on``) of
    all ``offices`` in a handful of queries."""
    calendars = work_calendars_for(offices)
    policies: dict[int, list] = defaultdict(list)
    for row in CompensationPolicy.objects.filter(office__in=offices).order_by("effective_from", "code"):
        policies[row.office_id].append(row)
    versions = sop_versions_in_force_for(offices, kind=SopKind.ISSUANCE, on=on)
    return {office.pk: OfficeSetting(
        calendars[office.pk], WaitPromises(policies[office.pk]),
        [(step.code, step.norm_minutes) for step in versions[office.pk].steps.all()] if versions[office.pk] else [])
        for office in offices}


def office_data(office: Office, *, start: date, end: date, as_of: datetime) -> OfficeData:
    """One office's applications of the period with its calendar, policies and step norms (for pages
    that count their own way, e.g. per month: ``promise_counts``, ``documents_issued``)."""
    return _office_data([office], start=start, end=end, as_of=as_of)[0]


def _office_data(offices: Sequence[Office], *, start: date, end: date, as_of: datetime,
                 settings: dict[int, OfficeSetting] | None = None) -> list[OfficeData]:
    settings = settings or office_settings(offices, on=end)
    grouped = load_applications(offices, start=start, end=end, as_of=as_of)
    return [OfficeData(office, settings[office.pk].calendar, settings[office.pk].waits, grouped.get(office.pk, []),
                       settings[office.pk].norms)
            for office in offices]


# ----- aggregate readers (facts kept by ``performance.aggregates``; docs/scaling.md) ----------------

def _local_days(offices: Sequence[Office], as_of: datetime) -> list[tuple[list[Office], date]]:
    """(offices, the local date of ``as_of`` there) per distinct local date: every query reading by
    days before ``as_of``'s local date serves all offices that share it (usually the whole nation:
    the three time zones share a date but from 15:00 to 24:00 UTC)."""
    zones: dict[str, list[Office]] = defaultdict(list)
    for office in offices:
        zones[office.time_zone].append(office)
    days: dict[date, list[Office]] = defaultdict(list)
    for group in zones.values():
        days[group[0].local_date(as_of)].extend(group)
    return [(group, today) for today, group in days.items()]


Key = tuple  # (office pk, year, month) — year/month 0 when not split by month


def _whole_months(start: date, end: date) -> list[date]:
    """First days of the months lying wholly in ``start``–``end``."""
    months, month = [], start.replace(day=1)
    if month < start:
        month = (month + timedelta(days=32)).replace(day=1)
    while True:
        following = (month + timedelta(days=32)).replace(day=1)
        if following - timedelta(days=1) > end:
            return months
        months.append(month)
        month = following


def _edge_days(start: date, end: date, months: Sequence[date]) -> list[tuple[date, date]]:
    """The ranges of ``start``–``end`` outside the whole ``months`` (at most two)."""
    if not months:
        return [(start, end)] if start <= end else []
    last = (months[-1] + timedelta(days=32)).replace(day=1)
    return [(first, final) for first, final in ((start, months[0] - timedelta(days=1)), (last, end))
            if first <= final]


def _status_sql(as_of: datetime) -> Case:
    """A clock fact's status as of ``as_of``, as an SQL expression (``""``: not started yet): kept by
    ``as_of`` → met (``on_time``) or late, else overdue from ``overdue_from``, else open. The boundary
    clocks are so counted in the database, grouped by office, whatever their number."""
    return Case(When(started__gt=as_of, then=Value("")),
                When(kept__lte=as_of, on_time=True, then=Value(rules.MET)),
                When(kept__lte=as_of, then=Value(rules.LATE)),
                When(overdue_from__lte=as_of, then=Value(rules.OVERDUE)),
                default=Value(OPEN))


def _day_status_sql(today: date) -> Case:
    """A clock's status as of the end of the day before ``today`` (what the day counts say), as an SQL
    expression over ``ClockFact`` or ``PromiseDay``: kept before ``today`` → met or late, else due
    before it → overdue, else open; ``""`` for a clock started on ``today`` or later (the day counts
    did not count it)."""
    return Case(When(start_day__gte=today, then=Value("")),
                When(kept_day__lt=today, on_time=True, then=Value(rules.MET)),
                When(kept_day__lt=today, then=Value(rules.LATE)),
                When(due_day__lt=today, then=Value(rules.OVERDUE)),
                default=Value(OPEN))


def _changed_on(today: date, as_of: datetime) -> Q:
    """The clock facts whose status as of ``as_of`` differs from their status by days (as of the end of
    the day before ``today``): started, kept, or fallen due unkept between the start of ``today`` and
    ``as_of`` (kept on ``today`` or later, or not kept: ``kept_day`` is the local date of ``kept``, so
    this holds in every time zone sharing ``today``). Every other clock of the period is counted right
    by its days (kept before ``today``: the same; kept later: not by ``as_of`` either; due later: open
    both ways)."""
    return (Q(start_day=today, started__lte=as_of) | Q(kept_day=today, kept__lte=as_of)
            | (Q(due_day=today, overdue_from__lte=as_of) & (Q(kept__isnull=True) | Q(kept_day__gte=today))))


def promise_counts_for(offices: Sequence[Office], *, start: date, end: date, as_of: datetime,
                       by_month: bool = False) -> dict[Key, dict[str, rules.PromiseCount]]:
    """Each office's promise counts for clocks started (local date) in ``start``–``end`` as of
    ``as_of`` (optionally per month). Per local date ``D`` of ``as_of`` (``_local_days``): every
    clock started before ``D`` is first classified by its days as of the end of ``D − 1`` (whole
    months from ``PromiseMonth``, the days at the period's edges from ``PromiseDay``); then the clocks
    started, kept or fallen due on ``D`` by ``as_of`` (``ClockFact``, ``_changed_on``) are classified
    again by their moments. A few queries per local date of ``as_of`` (one, but from 15:00 to 24:00
    UTC) whatever the number of offices; see docs/scaling.md."""
    counts: dict[Key, dict[str, rules.PromiseCount]] = defaultdict(lambda: rules.count_clocks(()))
    db = reporting()
    for group, today in _local_days(offices, as_of):
        last_settled = min(end, today - timedelta(days=1))
        months = [month for month in _whole_months(start, end) if month <= last_settled]
        keys = ["office_id", "code"] + (["month"] if by_month else [])
        if months:
            rows = (PromiseMonth.objects.using(db)
                    .filter(month__in=months, office__in=group, day__lt=today)
                    .values(*keys).annotate(started=Sum("started"), met=Sum("kept_on_time"), late=Sum("kept_late"),
                                            due=Sum("due_not_on_time")).order_by())
            for row in rows:
                month = row.get("month")
                key = (row["office_id"], month.year, month.month) if by_month else (row["office_id"], 0, 0)
                count = counts[key][row["code"]]
                count.add(rules.MET, row["met"])
                count.add(rules.LATE, row["late"])
                count.add(rules.OVERDUE, row["due"] - row["late"])
                count.add(OPEN, row["started"] - row["met"] - row["due"])
        for first, final in _edge_days(start, last_settled, months):
            day_keys = ["office_id", "code", "status"] + (["year", "month"] if by_month else [])
            rows = (PromiseDay.objects.using(db)
                    .filter(office__in=group, start_day__gte=first, start_day__lte=final)
                    .annotate(status=_day_status_sql(today), year=ExtractYear("start_day"),
                              month=ExtractMonth("start_day"))
                    .values(*day_keys).annotate(total=Sum("n")).order_by())
            for row in rows:
                key = (row["office_id"], row.get("year", 0), row.get("month", 0))
                counts[key][row["code"]].add(row["status"], row["total"])
        if start <= min(end, today):
            facts = (ClockFact.objects.using(db)
                     .filter(office__in=group, start_day__gte=start, start_day__lte=min(end, today))
                     .filter(_changed_on(today, as_of))
                     .annotate(by_days=_day_status_sql(today), by_moments=_status_sql(as_of),
                               year=ExtractYear("start_day"), month=ExtractMonth("start_day"))
                     .values("office_id", "code", "by_days", "by_moments", *(["year", "month"] if by_month else []))
                     .annotate(n=Count("application_id")).order_by())
            for row in facts:
                key = (row["office_id"], row.get("year", 0), row.get("month", 0))
                # Counted above by its days (started before ``today``): counted by its moments instead.
                if row["by_days"]:
                    counts[key][row["code"]].add(row["by_days"], -row["n"])
                if row["by_moments"]:
                    counts[key][row["code"]].add(row["by_moments"], row["n"])
    return counts


def _key(office_id: int, day: date | None, by_month: bool) -> Key:
    return (office_id, day.year, day.month) if by_month else (office_id, 0, 0)


def _application_counts(offices: Sequence[Office], *, start: date, end: date, as_of: datetime,
                        by_month: bool) -> dict[Key, dict[str, int]]:
    """Per office (and month): applications begun in the period, out of office, decided eligible as of
    ``as_of`` among them, and passports first handed over in the period. Whole months from
    ``ApplicationMonth`` (days before ``as_of``'s local date), ``as_of``'s own date and the period's
    edges from ``ApplicationFact`` by their moments: a few queries per local date of ``as_of``."""
    names = ("begun", "outside", "eligible", "issued")
    counts: dict[Key, dict[str, int]] = defaultdict(lambda: dict.fromkeys(names, 0))
    db = reporting()
    facts = ApplicationFact.objects.using(db)
    for group, today in _local_days(offices, as_of):
        months = [month for month in _whole_months(start, end) if month <= today]
        if months:
            rows = (ApplicationMonth.objects.using(db).filter(month__in=months, office__in=group, day__lt=today)
                    .values("office_id", *(["month"] if by_month else []))
                    .annotate(b=Sum("begun"), o=Sum("outside"), e=Sum("eligible"), i=Sum("issued")).order_by())
            for row in rows:
                row_counts = counts[_key(row["office_id"], row.get("month"), by_month)]
                for name, short in (("begun", "b"), ("outside", "o"), ("eligible", "e"), ("issued", "i")):
                    row_counts[name] += row[short]
            # ``as_of``'s own date, by the moments (the day counts stop before it).
            in_months = Q(begun_day__gte=months[0], begun_day__lte=_month_end(months[-1]))
            for office_id, begun_day, out_of_office in facts.filter(
                    in_months, office__in=group, begun_day=today, begun_at__lte=as_of).values_list(
                    "office_id", "begun_day", "out_of_office"):
                row_counts = counts[_key(office_id, begun_day, by_month)]
                row_counts["begun"] += 1
                row_counts["outside"] += int(out_of_office)
            for office_id, begun_day in facts.filter(in_months, office__in=group, eligible_day=today,
                                                     eligible_at__lte=as_of).values_list("office_id", "begun_day"):
                counts[_key(office_id, begun_day, by_month)]["eligible"] += 1
            for office_id, issued_day in facts.filter(
                    office__in=group, issued_day=today, issued_at__lte=as_of,
                    issued_day__gte=months[0], issued_day__lte=_month_end(months[-1])).values_list(
                    "office_id", "issued_day"):
                counts[_key(office_id, issued_day, by_month)]["issued"] += 1
        for first, final in _edge_days(start, end, months):
            begun = (facts.filter(office__in=group, begun_day__gte=first, begun_day__lte=final, begun_at__lte=as_of)
                     .annotate(year=ExtractYear("begun_day"), month=ExtractMonth("begun_day"))
                     .values("office_id", *(["year", "month"] if by_month else []))
                     .annotate(n=Count("application_id"), outside=Count("application_id", filter=Q(out_of_office=True)),
                               eligible=Count("application_id", filter=Q(eligible_at__lte=as_of))).order_by())
            for row in begun:
                row_counts = counts[(row["office_id"], row.get("year", 0), row.get("month", 0))]
                row_counts["begun"] += row["n"]
                row_counts["outside"] += row["outside"]
                row_counts["eligible"] += row["eligible"]
            issued = (facts.filter(office__in=group, issued_day__gte=first, issued_day__lte=final, issued_at__lte=as_of)
                      .annotate(year=ExtractYear("issued_day"), month=ExtractMonth("issued_day"))
                      .values("office_id", *(["year", "month"] if by_month else []))
                      .annotate(n=Count("application_id")).order_by())
            for row in issued:
                counts[(row["office_id"], row.get("year", 0), row.get("month", 0))]["issued"] += row["n"]
    return counts


def documents_issued_for(offices: Sequence[Office], *, start: date, end: date, as_of: datetime,
                         by_month: bool = False) -> dict[Key, int]:
    """Applications whose passport was first handed over (as of ``as_of``) on a local date in the period."""
    counts = _application_counts(offices, start=start, end=end, as_of=as_of, by_month=by_month)
    return {key: row["issued"] for key, row in counts.items() if row["issued"]}


def begun_for(offices: Sequence[Office], *, start: date, end: date, as_of: datetime) -> dict[int, tuple[int, int, int]]:
    """Per office: applications begun in the period (first counting event), how many out of office,
    how many a compensation policy of the office decides eligible as of ``as_of``."""
    counts = _application_counts(offices, start=start, end=end, as_of=as_of, by_month=False)
    return {office_id: (row["begun"], row["outside"], row["eligible"]) for (office_id, _y, _m), row in counts.items()
            if row["begun"]}


def _step_facts(offices: Sequence[Office], *, start: date, end: date, as_of: datetime, codes):
    return (StepFact.objects.using(reporting())
            .filter(office__in=offices, start_day__gte=start, start_day__lte=end, finished__lte=as_of,
                    code__in=codes))


def _minutes(micro: int) -> float:
    return rules.minutes(timedelta(microseconds=micro))


@dataclass
class StepFigures:
    """One SOP step's measured figures in a period (from ``StepFact``)."""

    code: str
    norm_minutes: int | None
    measured: int = 0
    within_norm: int = 0
    median_minutes: float | None = None
    p90_minutes: float | None = None


def _bucket_rows(offices: Sequence[Office], *, start: date, end: date, as_of: datetime, codes,
                 by: str = "office_id") -> tuple[list[tuple], set[tuple]]:
    """(For the officers' table; the office and roll-up figures locate their ranks in SQL,
    ``_located_buckets``, from the same sources.)
    Histogram rows ``(by, code, bucket, n, low, high)`` of the step facts of ``offices`` started in
    ``start``–``end`` and finished by ``as_of`` (``by``: ``office_id``, or ``actor_id`` for officers),
    and the ``(by, code, bucket)`` whose smallest/largest may be stale. Whole months from
    ``StepMonth`` (``OfficerMonth``) less the steps of those months finished after ``as_of`` (none
    when ``as_of`` is now; found by the ``(office, finished)`` index), the period's edges grouped from
    ``StepFact``. The rows of one key may repeat (one per source): merge them."""
    db = reporting()
    months = _whole_months(start, end)
    rows: list[tuple] = []
    stale: set[tuple] = set()
    facts = StepFact.objects.using(db).filter(office__in=offices, code__in=codes)
    if by != "office_id":
        facts = facts.filter(**{f"{by}__isnull": False})
    if months:
        model = StepMonth if by == "office_id" else OfficerMonth
        found = {(key, code, bucket): [n, low, high] for key, code, bucket, n, low, high in (
            model.objects.using(db).filter(month__in=months, office__in=offices, code__in=codes)
            .values(by, "code", "bucket").annotate(total=Sum("n"), low=Min("low_us"), high=Max("high_us"))
            .values_list(by, "code", "bucket", "total", "low", "high").order_by())}
        for key, code, micro in facts.filter(finished__gt=as_of, start_day__gte=months[0],
                                             start_day__lte=_month_end(months[-1])).values_list(
                by, "code", "duration_us"):
            bucket = (key, code, rules.step_bucket(micro))
            stale.add(bucket)  # the caller then counts the facts themselves
            if bucket in found:  # absent when the fact changed after the months were read (a refresh between)
                found[bucket][0] -= 1
        rows += [(*bucket, n, low, high) for bucket, (n, low, high) in found.items() if n]
    ranges = [Q(start_day__gte=first, start_day__lte=final) for first, final in _edge_days(start, end, months)]
    if ranges:
        rows += _grouped_buckets(facts.filter(finished__lte=as_of).filter(reduce(operator.or_, ranges)), by)
    return rows, stale


def _grouped_buckets(facts, by: str) -> list[tuple]:
    """Step facts grouped into histogram rows ``(by, code, bucket, n, low, high)`` in the database."""
    bucket = RawSQL(rules.step_bucket_sql(f"{StepFact._meta.db_table}.duration_us"), ())
    return list(facts.annotate(bucket=bucket).values(by, "code", "bucket")
                .annotate(total=Count("id"), low=Min("duration_us"), high=Max("duration_us"))
                .values_list(by, "code", "bucket", "total", "low", "high").order_by())


def _month_end(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def _located_buckets(offices: Sequence[Office], settings: dict[int, OfficeSetting], *, start: date, end: date,
                     as_of: datetime, pooled: bool) -> dict[tuple, tuple[int, int, dict[int, rules.Bucket], set[int]]]:
    """Per (office pk, step code) of the offices' own steps, and with ``pooled`` per (``None``, code)
    for all offices together: ``(n, within the norm, {rank: bucket}, buckets whose edges may be
    stale)`` for the ranks of ``rules.order_ranks(n)`` — what ``rules.figures_at_ranks`` needs. One
    statement whatever the number of offices: the histogram rows of ``_bucket_rows`` (whole months
    from ``StepMonth`` less the steps finished after ``as_of``, the period's edges from ``StepFact``)
    merged per bucket, counted cumulatively by bucket, and only the buckets holding a wanted rank
    returned (a few rows per office and step instead of a few hundred). A whole calendar year in the
    period is read from ``StepYear`` instead of its twelve months."""
    connection = connections[reporting()]
    ops = connection.ops
    months = _whole_months(start, end)
    edges = _edge_days(start, end, months)
    month_table, year_table, fact_table = StepMonth._meta.db_table, StepYear._meta.db_table, StepFact._meta.db_table
    ids = ", ".join(str(int(office.pk)) for office in offices)
    codes = sorted({code for office in offices for code, _norm in settings[office.pk].norms})
    code_list = ", ".join(["%s"] * len(codes))
    bucket = rules.step_bucket_sql("duration_us")
    parts: list[str] = []
    params: list = []
    # Whole years from StepYear (one row per bucket instead of twelve), the other whole months from StepMonth.
    years = sorted(year for year in {month.year for month in months}
                   if all(date(year, number, 1) in months for number in range(1, 13)))
    rest = [month for month in months if month.year not in years]
    if len(years) == 1:  # one row per office, step and bucket already
        parts.append(f"SELECT office_id, code, bucket, n, low_us, high_us, 0 FROM {year_table} "
                     f"WHERE office_id IN ({ids}) AND code IN ({code_list}) AND year = %s")
        params += [*codes, *years]
    elif years:
        parts.append(f"SELECT office_id, code, bucket, SUM(n), MIN(low_us), MAX(high_us), 0 FROM {year_table} "
                     f"WHERE office_id IN ({ids}) AND code IN ({code_list}) "
                     f"AND year IN ({', '.join(['%s'] * len(years))}) GROUP BY office_id, code, bucket")
        params += [*codes, *years]
    if rest:
        parts.append(f"SELECT office_id, code, bucket, SUM(n), MIN(low_us), MAX(high_us), 0 FROM {month_table} "
                     f"WHERE office_id IN ({ids}) AND code IN ({code_list}) "
                     f"AND month IN ({', '.join(['%s'] * len(rest))}) GROUP BY office_id, code, bucket")
        params += [*codes, *(ops.adapt_datefield_value(month) for month in rest)]
    if months:
        # Steps of those months finished after ``as_of`` (none when ``as_of`` is now): taken out again.
        parts.append(f"SELECT office_id, code, {bucket}, -1, NULL, NULL, 1 FROM {fact_table} "
                     f"WHERE office_id IN ({ids}) AND code IN ({code_list}) AND start_day >= %s AND start_day <= %s "
                     f"AND finished > %s")
        params += [*codes, ops.adapt_datefield_value(months[0]), ops.adapt_datefield_value(_month_end(months[-1])),
                   ops.adapt_datetimefield_value(as_of)]
    if edges:
        parts.append(f"SELECT office_id, code, {bucket}, 1, duration_us, duration_us, 0 FROM {fact_table} "
                     f"WHERE office_id IN ({ids}) AND code IN ({code_list}) AND finished <= %s AND ("
                     + " OR ".join(["(start_day >= %s AND start_day <= %s)"] * len(edges)) + ")")
        params += [*codes, ops.adapt_datetimefield_value(as_of)]
        params += [ops.adapt_datefield_value(day) for edge in edges for day in edge]
    if not parts:
        return {}
    # The last bucket within each office's norm of each of its steps (NULL: not one of its steps).
    by_norms: dict[tuple, list[int]] = defaultdict(list)
    for office in offices:
        by_norms[tuple(settings[office.pk].norms)].append(int(office.pk))
    limit, limit_params = "CASE", []
    for norms, members in by_norms.items():
        if norms:
            limit += (f" WHEN office_id IN ({', '.join(map(str, members))}) THEN CASE code"
                      + " WHEN %s THEN %s" * len(norms) + " END")
            limit_params += [value for code, norm in norms for value in (code, rules.norm_bucket(norm))]
    limit += " END"
    params += limit_params
    # ``within_n``: how many of the row's steps are within their own office's norm.
    statement = (
        f"WITH src (office_id, code, bucket, n, low_us, high_us, stale) AS ({' UNION ALL '.join(parts)}), "
        f"mine AS (SELECT office_id, code, bucket, n, low_us, high_us, stale, "
        f"CASE WHEN bucket <= norm_bucket THEN n ELSE 0 END AS within_n FROM ("
        f"SELECT CAST(office_id AS BIGINT) AS office_id, code, bucket, "
        f"CAST(SUM(n) AS BIGINT) AS n, MIN(low_us) AS low_us, MAX(high_us) AS high_us, MAX(stale) AS stale, "
        f"{limit} AS norm_bucket FROM src GROUP BY office_id, code, bucket HAVING SUM(n) > 0) merged "
        f"WHERE norm_bucket IS NOT NULL)")
    rows = "SELECT * FROM mine"
    if pooled:  # all offices' buckets added up, each step within its own office's norm
        statement += (", pool AS (SELECT CAST(NULL AS BIGINT) AS office_id, code, bucket, "
                      "CAST(SUM(n) AS BIGINT) AS n, MIN(low_us) AS low_us, MAX(high_us) AS high_us, "
                      "MAX(stale) AS stale, CAST(SUM(within_n) AS BIGINT) AS within_n FROM mine GROUP BY code, bucket)")
        rows += " UNION ALL SELECT * FROM pool"
    group = "PARTITION BY office_id, code"
    total = f"CAST(SUM(n) OVER ({group}) AS BIGINT)"
    ranks = ", ".join(f"{rank} AS r{i}" for i, rank in enumerate(rules.order_ranks_sql("total")))
    statement += (
        f", counted AS (SELECT office_id, code, bucket, n, low_us, high_us, stale, "
        f"CAST(SUM(n) OVER ({group} ORDER BY bucket ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT) "
        f"AS cum, {total} AS total, "
        f"CAST(SUM(within_n) OVER ({group}) AS BIGINT) AS within "
        f"FROM ({rows}) all_rows), "
        f"ranked AS (SELECT counted.*, {ranks} FROM counted) "
        f"SELECT office_id, code, total, within, bucket, n, low_us, high_us, stale, cum FROM ranked WHERE "
        + " OR ".join(f"(cum - n < r{i} AND r{i} <= cum)" for i in range(3)))
    located: dict[tuple, tuple[int, int, dict[int, rules.Bucket], set[int]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        found_rows = cursor.fetchall()
    for office_id, code, n, within, key, count, low, high, stale, cum in found_rows:
        entry = located.setdefault((office_id, code), (n, within, {}, set()))
        for rank in rules.order_ranks(n):
            if cum - count < rank <= cum:
                entry[2][rank] = rules.Bucket(key, count, low, high)
        if stale:
            entry[3].add(key)
    return located


def step_counts_for(offices: Sequence[Office], settings: dict[int, OfficeSetting], *, start: date, end: date,
                    as_of: datetime, pooled: bool = False) -> dict[int | None, dict[str, StepFigures]]:
    """Each office's SOP step figures (norms of the issuance SOP in force at the period's end), or with
    ``pooled`` also the steps of all offices together under key ``None``, from duration histograms
    whose buckets holding the median's and 90th percentile's ranks are found in the database
    (``_located_buckets``; ``rules.figures_at_ranks``: exact medians and 90th percentiles): one
    statement whatever the number of offices (and one more in the rare case a median needs a bucket's
    edge taken out)."""
    result: dict[int | None, dict[str, StepFigures]] = {
        office.pk: {code: StepFigures(code, norm) for code, norm in settings[office.pk].norms} for office in offices}
    if pooled:  # one norm shown only where every office has the same (each step counts against its own)
        norms_of: dict[str, set[int]] = {}
        for office in offices:
            for code, norm in settings[office.pk].norms:
                norms_of.setdefault(code, set()).add(norm)
        result[None] = {code: StepFigures(code, min(norms) if len(norms) == 1 else None)
                        for code, norms in norms_of.items()}
    codes = sorted({code for office in offices for code, _norm in settings[office.pk].norms})
    if not codes:
        return result
    redo = []
    for (office_id, code), (n, within, found, unknown) in _located_buckets(
            offices, settings, start=start, end=end, as_of=as_of, pooled=pooled).items():
        row = result[office_id][code]
        figures_ = rules.figures_at_ranks(n, within, found, unknown)
        if figures_ is None:
            redo.append((office_id, code))
        else:
            row.measured, row.within_norm, row.median_minutes, row.p90_minutes = figures_
    if redo:  # a median on a bucket whose edge was taken out: count those steps' durations themselves
        scope = reduce(operator.or_, [Q(code=code) if office_id is None else Q(office_id=office_id, code=code)
                                      for office_id, code in redo])
        exact: dict[tuple, list] = defaultdict(list)
        for office_id, code, *bucket in _grouped_buckets(StepFact.objects.using(reporting()).filter(
                office__in=offices, start_day__gte=start, start_day__lte=end, finished__lte=as_of).filter(scope),
                "office_id"):
            exact[(office_id, code)].append(bucket)
            if code in result[office_id]:  # pooled: the offices' own steps only, as located
                exact[(None, code)].append(bucket)
        for office_id, code in redo:
            row = result[office_id][code]
            row.measured, row.within_norm, row.median_minutes, row.p90_minutes = rules.bucket_figures(
                rules.merge_buckets(exact[(office_id, code)]), row.norm_minutes)
            if office_id is None:  # the pool: each office's steps within that office's own norm
                row.within_norm = sum(
                    rules.bucket_figures(rules.merge_buckets(exact[(office.pk, code)]), norm)[1]
                    for office in offices for own, norm in settings[office.pk].norms if own == code)
    return result


# ----- figures ------------------------------------------------------------------------------------

def promise_counts(data: OfficeData, *, start: date, end: date, as_of: datetime) -> dict[str, rules.PromiseCount]:
    """Each promise's clocks that started (office local date) in ``start``–``end``, classified as of ``as_of``."""
    clocks = (clock for app in data.apps for clock in data.clocks(app, as_of)
              if rules.in_period(clock.started, data.calendar, start, end))
    return rules.count_clocks(clocks)


def promise_rows(counts: dict[str, rules.PromiseCount]) -> list[dict]:
    return [{"code": code, "label": promise_label(code), "total": row.total, "met": row.met, "late": row.late,
             "open": row.open, "overdue": row.overdue, "on_time_rate": row.on_time_rate}
            for code, row in counts.items()]


def step_counts(data: OfficeData, *, start: date, end: date, as_of: datetime) -> dict[str, rules.StepCount]:
    """Each SOP step's measured durations (start's local date in the period), against the norms of the
    issuance SOP version in force on the period's last day."""
    counts = {code: rules.StepCount(code, norm) for code, norm in data.norms}
    for app in data.apps:
        for code, count in counts.items():
            took = rules.step_duration(app.events, code, as_of)
            if took is not None and rules.in_period(app.events[f"{code}_start"], data.calendar, start, end):
                count.durations.append(rules.minutes(took))
    return counts


def step_rows(counts: dict) -> list[dict]:
    return [{"code": c.code, "norm_minutes": c.norm_minutes, "measured": c.measured, "within_norm": c.within_norm,
             "median_minutes": c.median_minutes, "p90_minutes": c.p90_minutes} for c in counts.values()]


def documents_issued(data: OfficeData, *, start: date, end: date) -> int:
    """Applications whose passport was handed over (first ``handover``/``handover_finish``, as of
    ``as_of``) on a local date in the period."""
    count = 0
    for app in data.apps:
        moments = [app.events[name] for name in HANDOVER_EVENTS if name in app.events]
        if moments and rules.in_period(min(moments), data.calendar, start, end):
            count += 1
    return count


def previous_year(day: date) -> date:
    """The same day a year earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _figures(row: figures.Counts, counts: dict[str, rules.PromiseCount], steps: dict[str, rules.StepCount],
             previous_rate: float | None) -> dict:
    """The API figures from an office's (or a roll-up's) counts."""
    target, ikm = figures.target_figures(row), figures.ikm_figures(row)
    return {
        "promises": promise_rows(counts),
        "steps": step_rows(steps),
        "documents_issued": row.issued,
        "target": target,
        "compensation": figures.compensation_figures(row),
        "complaints": figures.complaint_figures(row),
        "ikm": ikm,
        "effectiveness": figures.effectiveness(row, counts=list(counts.values()), previous_rate=previous_rate,
                                               target=target, ikm=ikm),
    }


@dataclass
class Measured:
    """One office's counts in the period (from the aggregates)."""

    data: OfficeData
    promises: dict[str, rules.PromiseCount]
    steps: dict[str, StepFigures]
    side: figures.Counts
    previous: dict[str, rules.PromiseCount]

    @property
    def rate(self) -> float | None:
        return rules.combined_rate(self.promises.values())


def _empty_data(offices: Sequence[Office], settings: dict[int, OfficeSetting]) -> list[OfficeData]:
    return [OfficeData(office, settings[office.pk].calendar, settings[office.pk].waits, [], settings[office.pk].norms)
            for office in offices]


def measure(offices: Sequence[Office], *, start: date, end: date, as_of: datetime,
            pooled_steps: dict | None = None) -> list[Measured]:
    """Every office's counts for the period, and its promise counts a year earlier (for *real
    change*), read from the aggregates in a constant number of queries. With ``pooled_steps`` (a
    dict) the steps of all offices together are put there too."""
    settings = office_settings(offices, on=end)
    datas = _empty_data(offices, settings)
    current = promise_counts_for(offices, start=start, end=end, as_of=as_of)
    previous = promise_counts_for(offices, start=previous_year(start), end=previous_year(end), as_of=as_of)
    applications = _application_counts(offices, start=start, end=end, as_of=as_of, by_month=False)
    issued = {key: row["issued"] for key, row in applications.items()}
    begun = {office_id: (row["begun"], row["outside"], row["eligible"])
             for (office_id, _year, _month), row in applications.items() if row["begun"]}
    steps = step_counts_for(offices, settings, start=start, end=end, as_of=as_of, pooled=pooled_steps is not None)
    if pooled_steps is not None:
        pooled_steps.update(steps.get(None, {}))
    side = figures.office_counts(datas, start=start, end=end, as_of=as_of,
                                 issued={office.pk: issued.get((office.pk, 0, 0), 0) for office in offices},
                                 begun=begun)
    return [Measured(data, current[(data.office.pk, 0, 0)], steps[data.office.pk], side[data.office.pk],
                     previous[(data.office.pk, 0, 0)]) for data in datas]


def _office_figures(measured: Measured) -> dict:
    return _figures(measured.side, measured.promises, measured.steps,
                    rules.combined_rate(measured.previous.values()))


def office_kinerja(office: Office, *, start: date, end: date, as_of: datetime) -> dict:
    """The office's Kinerja for local dates ``start``–``end`` as of ``as_of`` (the API shape)."""
    measured = measure([office], start=start, end=end, as_of=as_of)[0]
    return {"office": office.code, "from": start.isoformat(), "to": end.isoformat(), "as_of": as_of.isoformat(),
            **_office_figures(measured)}


def _rollup(offices: Sequence[Office], *, start: date, end: date, as_of: datetime) -> dict:
    steps: dict[str, StepFigures] = {}
    measured = measure(offices, start=start, end=end, as_of=as_of, pooled_steps=steps)
    ranking = rules.ranks({m.data.office.code: m.rate for m in measured})
    rows = [{"office": m.data.office.code, "name": m.data.office.name, "rank": ranking[m.data.office.code],
             "on_time_rate": m.rate, **_office_figures(m)} for m in measured]
    rows.sort(key=lambda row: (row["rank"] is None, row["rank"] or 0, row["office"]))
    totals = {code: rules.PromiseCount(code) for code in rules.PROMISE_CODES}
    previous = {code: rules.PromiseCount(code) for code in rules.PROMISE_CODES}
    side = figures.Counts()
    for m in measured:
        for code in rules.PROMISE_CODES:
            totals[code].merge(m.promises[code])
            previous[code].merge(m.previous[code])
        side.add(m.side)
    return {"from": start.isoformat(), "to": end.isoformat(), "as_of": as_of.isoformat(),
            "on_time_rate": rules.combined_rate(totals.values()),
            **_figures(side, totals, steps, rules.combined_rate(previous.values())),
            "offices": rows}


def kanwil_offices(kanwil: Kanwil) -> list[Office]:
    return list(Office.objects.filter(kanwil=kanwil).select_related("kanwil").order_by("code"))


def kanwil_kinerja(kanwil: Kanwil, *, start: date, end: date, as_of: datetime) -> dict:
    """A Kanwil's totals and one ranked row per office."""
    return {"kanwil": kanwil.code, **_rollup(kanwil_offices(kanwil), start=start, end=end, as_of=as_of)}


def national_kinerja(*, start: date, end: date, as_of: datetime) -> dict:
    """The nation's totals and one ranked row per office."""
    offices = list(Office.objects.select_related("kanwil").order_by("code"))
    return {"nation": True, **_rollup(offices, start=start, end=end, as_of=as_of)}


# ----- for the pages ------------------------------------------------------------------------------

def monthly_trend(office: Office, year: int, as_of: datetime) -> list[dict]:
    """Each promise per month of ``year`` (12 rows; a month not yet begun has zeros)."""
    counts = promise_counts_for([office], start=date(year, 1, 1), end=date(year, 12, 31), as_of=as_of, by_month=True)
    return [{"month": month, "promises": promise_rows(counts[(office.pk, year, month)])} for month in range(1, 13)]


def promise_applications(office: Office, *, code: str, status: str | None, start: date, end: date,
                         as_of: datetime) -> list[dict]:
    """The clocks behind a figure: applications whose ``code`` clock started in the period (with
    ``status`` when given), oldest start first (from the clock facts, classified as of ``as_of``)."""
    facts = (ClockFact.objects.using(reporting())
             .filter(office=office, code=code, start_day__gte=start, start_day__lte=end, started__lte=as_of)
             .annotate(status=_status_sql(as_of)))
    if status is not None:
        facts = facts.filter(status=status)
    rows = []
    for application_id, number, started, overdue_from, kept, found in facts.values_list(
            "application_id", "application__number", "started", "overdue_from", "kept", "status"):
        due = overdue_from - timedelta(microseconds=1) if code == "biometric_wait" else overdue_from
        rows.append({"application_id": application_id, "number": number, "started": started, "due": due,
                     "kept": kept if found in (rules.MET, rules.LATE) else None, "status": found})
    rows.sort(key=lambda row: (row["started"], row["number"]))
    return rows


def step_applications(office: Office, *, step: str | None, officer: int | None, start: date, end: date,
                      as_of: datetime) -> list[dict]:
    """The measured SOP steps behind a step or officer figure: steps (of the issuance SOP in force at
    the period's end) started in the period and finished by ``as_of``, optionally one step and/or one
    officer (who finished it), longest first: [{"application_id", "number", "code", "norm_minutes",
    "finished", "minutes", "within_norm", "officer"}]."""
    norms = dict(office_settings([office], on=end)[office.pk].norms)
    codes = [step] if step is not None else list(norms)
    query = _step_facts([office], start=start, end=end, as_of=as_of, codes=[code for code in codes if code in norms])
    if officer is not None:
        query = query.filter(actor_id=officer)
    rows = []
    for application_id, number, code, finished, micro, actor in query.values_list(
            "application_id", "application__number", "code", "finished", "duration_us", "actor_id"):
        minutes = _minutes(micro)
        rows.append({"application_id": application_id, "number": number, "code": code, "norm_minutes": norms[code],
                     "finished": finished, "minutes": minutes, "within_norm": minutes <= norms[code],
                     "officer": actor})
    rows.sort(key=lambda row: (-row["minutes"], row["number"], row["code"]))
    return rows


def at_risk_now(office: Office, as_of: datetime) -> dict:
    """Who is at risk now: waiting at biometric capture past the promise's warning point (not yet
    served), and allocations due today (office local date) not yet done. From the clock facts (two
    indexed queries), which the recording transaction keeps current; ``raw.at_risk_now`` is the
    reading of the raw events it equals."""
    today = office.local_date(as_of)
    promise = WaitPromises(office).on(today)
    facts = ClockFact.objects.using(reporting()).filter(office=office, started__lte=as_of).filter(
        Q(kept__isnull=True) | Q(kept__gt=as_of))
    waiting, allocation = [], []
    if promise is not None:
        for application_id, number, started in (facts.filter(code="biometric_wait", start_day=today)
                                                .values_list("application_id", "application__number", "started")):
            waited = as_of - started
            if waited >= promise.warn_after:
                waiting.append({"application_id": application_id, "number": number, "ticket_at": started,
                                "waited_minutes": int(waited.total_seconds() // 60),
                                "warn_minutes": int(promise.warn_after.total_seconds() // 60),
                                "limit_minutes": int(promise.limit.total_seconds() // 60)})
    # Due today: the due moment after today's midnight and by the next (a deadline at the end of the
    # day is midnight); still open: not yet due as of ``as_of``.
    for application_id, number, started, due in (
            facts.filter(code="allocation", due_day__in=[today, today + timedelta(days=1)],
                         overdue_from__gt=max(as_of, office.start_of_day(today)),
                         overdue_from__lte=office.start_of_day(today + timedelta(days=1)))
            .values_list("application_id", "application__number", "started", "overdue_from")):
        allocation.append({"application_id": application_id, "number": number, "payment_at": started, "due": due})
    waiting.sort(key=lambda row: row["ticket_at"])
    allocation.sort(key=lambda row: row["payment_at"])
    return {"waiting": waiting, "allocation_due_today": allocation}


def officer_kinerja(office: Office, *, start: date, end: date, as_of: datetime) -> list[dict]:
    """Per officer: SOP steps they finished (the ``<step>_finish`` event's recorder) measured against
    the norm, and numbers they called at a counter (queue calls, recalls excluded), in the period.
    Steps from the step facts (three queries whatever the period), calls from the queue."""
    norms = office_settings([office], on=end)[office.pk].norms
    per: dict[int, dict] = {}
    if norms:
        norm_of = dict(norms)
        grouped: dict[int, list] = defaultdict(list)
        within: dict[int, int] = defaultdict(int)
        rows, stale = _bucket_rows([office], start=start, end=end, as_of=as_of, codes=list(norm_of), by="actor_id")
        if stale:  # steps taken out of whole months: count the officers' durations themselves
            rows = _grouped_buckets(StepFact.objects.using(reporting()).filter(
                office=office, code__in=list(norm_of), actor_id__isnull=False, start_day__gte=start,
                start_day__lte=end, finished__lte=as_of), "actor_id")
        for actor, code, key, n, low, high in rows:
            if actor is None:
                continue
            grouped[actor].append((key, n, low, high))
            if rules.bucket_within_norm(key, norm_of[code]):
                within[actor] += n
        for actor, buckets in grouped.items():
            n, _within, median_minutes, _p90 = rules.bucket_figures(rules.merge_buckets(buckets), None)
            per[actor] = {"n": n, "within": within[actor], "calls": 0, "median": median_minutes}
    lower, upper = office.start_of_day(start), office.start_of_day(end + timedelta(days=1))
    calls = (Call.objects.using(reporting())
             .filter(office=office, at__gte=lower, at__lt=upper, at__lte=as_of, is_recall=False, officer__isnull=False)
             .values_list("officer_id", flat=True))
    for officer_id in calls:
        per.setdefault(officer_id, {"n": 0, "within": 0, "calls": 0, "median": None})["calls"] += 1
    names = {user.pk: user.get_full_name() or user.get_username()
             for user in get_user_model().objects.filter(pk__in=per)}
    rows = [{"officer": officer_id, "name": names.get(officer_id, ""), "steps_measured": row["n"],
             "steps_within_norm": row["within"], "median_minutes": row["median"], "calls": row["calls"]}
            for officer_id, row in per.items()]
    rows.sort(key=lambda row: (row["name"], row["officer"]))
    return rows
