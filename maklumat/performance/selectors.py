"""Kinerja: how well offices keep their promises, for an office, a Kanwil and the nation.

Reads in a few queries per call (``values_list``, never a query per application): the
applications of the offices with any counting event in the period, all their counting events up
to ``as_of`` (voided ones never count: the default manager hides them), grouped per application
in Python and handed to the pure ``performance.rules``.

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

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

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


def step_rows(counts: dict[str, rules.StepCount]) -> list[dict]:
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
    """One office's counts in the period."""

    data: OfficeData
    promises: dict[str, rules.PromiseCount]
    steps: dict[str, rules.StepCount]
    side: figures.Counts
    previous: dict[str, rules.PromiseCount]

    @property
    def rate(self) -> float | None:
        return rules.combined_rate(self.promises.values())


def measure(offices: Sequence[Office], *, start: date, end: date, as_of: datetime) -> list[Measured]:
    """Every office's counts for the period, and its promise counts a year earlier (for *real change*)."""
    settings = office_settings(offices, on=end)
    datas = _office_data(offices, start=start, end=end, as_of=as_of, settings=settings)
    before = (previous_year(start), previous_year(end))
    previous = {data.office.pk: promise_counts(data, start=before[0], end=before[1], as_of=as_of)
                for data in _office_data(offices, start=before[0], end=before[1], as_of=as_of, settings=settings)}
    issued = {data.office.pk: documents_issued(data, start=start, end=end) for data in datas}
    side = figures.office_counts(datas, start=start, end=end, as_of=as_of, issued=issued)
    return [Measured(data, promise_counts(data, start=start, end=end, as_of=as_of),
                     step_counts(data, start=start, end=end, as_of=as_of), side[data.office.pk],
                     previous[data.office.pk]) for data in datas]


def _office_figures(measured: Measured) -> dict:
    return _figures(measured.side, measured.promises, measured.steps,
                    rules.combined_rate(measured.previous.values()))


def office_kinerja(office: Office, *, start: date, end: date, as_of: datetime) -> dict:
    """The office's Kinerja for local dates ``start``–``end`` as of ``as_of`` (the API shape)."""
    measured = measure([office], start=start, end=end, as_of=as_of)[0]
    return {"office": office.code, "from": start.isoformat(), "to": end.isoformat(), "as_of": as_of.isoformat(),
            **_office_figures(measured)}


def _rollup(offices: Sequence[Office], *, start: date, end: date, as_of: datetime) -> dict:
    measured = measure(offices, start=start, end=end, as_of=as_of)
    ranking = rules.ranks({m.data.office.code: m.rate for m in measured})
    rows = [{"office": m.data.office.code, "name": m.data.office.name, "rank": ranking[m.data.office.code],
             "on_time_rate": m.rate, **_office_figures(m)} for m in measured]
    rows.sort(key=lambda row: (row["rank"] is None, row["rank"] or 0, row["office"]))
    totals = {code: rules.PromiseCount(code) for code in rules.PROMISE_CODES}
    previous = {code: rules.PromiseCount(code) for code in rules.PROMISE_CODES}
    steps: dict[str, rules.StepCount] = {}
    side = figures.Counts()
    for m in measured:
        for code in rules.PROMISE_CODES:
            totals[code].merge(m.promises[code])
            previous[code].merge(m.previous[code])
        for code, step in m.steps.items():
            steps.setdefault(code, rules.StepCount(code, step.norm_minutes)).durations.extend(step.durations)
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
    start, end = date(year, 1, 1), date(year, 12, 31)
    data = _office_data([office], start=start, end=end, as_of=as_of)[0]
    months = {month: [] for month in range(1, 13)}
    for app in data.apps:
        for clock in data.clocks(app, as_of):
            day = rules.local_date(clock.started, data.calendar)
            if day.year == year:
                months[day.month].append(clock)
    return [{"month": month, "promises": promise_rows(rules.count_clocks(clocks))} for month, clocks in months.items()]


def promise_applications(office: Office, *, code: str, status: str | None, start: date, end: date,
                         as_of: datetime) -> list[dict]:
    """The clocks behind a figure: applications whose ``code`` clock started in the period (with
    ``status`` when given), oldest start first."""
    data = _office_data([office], start=start, end=end, as_of=as_of)[0]
    rows = []
    for app in data.apps:
        for clock in data.clocks(app, as_of):
            if (clock.code == code and (status is None or clock.status == status)
                    and rules.in_period(clock.started, data.calendar, start, end)):
                rows.append({"application_id": app.id, "number": app.number, "started": clock.started,
                             "due": clock.due, "kept": clock.kept, "status": clock.status})
    rows.sort(key=lambda row: (row["started"], row["number"]))
    return rows


def at_risk_now(office: Office, as_of: datetime) -> dict:
    """Who is at risk now: waiting at biometric capture past the promise's warning point (not yet
    served), and allocations due today (office local date) not yet done."""
    today = office.local_date(as_of)
    since = today - timedelta(days=7)
    data = _office_data([office], start=since, end=today, as_of=as_of)[0]
    promise = data.waits.on(today)
    waiting, allocation = [], []
    for app in data.apps:
        for clock in data.clocks(app, as_of):
            if (clock.code == "biometric_wait" and clock.kept is None and promise is not None
                    and rules.local_date(clock.started, data.calendar) == today):
                waited = as_of - clock.started
                if waited >= promise.warn_after:
                    waiting.append({"application_id": app.id, "number": app.number, "ticket_at": clock.started,
                                    "waited_minutes": int(waited.total_seconds() // 60),
                                    "warn_minutes": int(promise.warn_after.total_seconds() // 60),
                                    "limit_minutes": int(promise.limit.total_seconds() // 60)})
            elif (clock.code == "allocation" and clock.status == OPEN
                  and rules.local_date(clock.due - timedelta(microseconds=1), data.calendar) == today):
                allocation.append({"application_id": app.id, "number": app.number, "payment_at": clock.started,
                                   "due": clock.due})
    waiting.sort(key=lambda row: row["ticket_at"])
    allocation.sort(key=lambda row: row["payment_at"])
    return {"waiting": waiting, "allocation_due_today": allocation}


def officer_kinerja(office: Office, *, start: date, end: date, as_of: datetime) -> list[dict]:
    """Per officer: SOP steps they finished (the ``<step>_finish`` event's recorder) measured against
    the norm, and numbers they called at a counter (queue calls, recalls excluded), in the period."""
    data = _office_data([office], start=start, end=end, as_of=as_of)[0]
    norms = dict(data.norms)
    per: dict[int, dict] = {}
    for app in data.apps:
        for code, norm in norms.items():
            took = rules.step_duration(app.events, code, as_of)
            actor = app.actors.get(f"{code}_finish")
            if took is None or actor is None or not rules.in_period(app.events[f"{code}_start"], data.calendar,
                                                                    start, end):
                continue
            row = per.setdefault(actor, {"durations": [], "within": 0, "calls": 0})
            row["durations"].append(rules.minutes(took))
            row["within"] += rules.minutes(took) <= norm
    lower, upper = office.start_of_day(start), office.start_of_day(end + timedelta(days=1))
    calls = (Call.objects.filter(office=office, at__gte=lower, at__lt=upper, at__lte=as_of, is_recall=False,
                                 officer__isnull=False).values_list("officer_id", flat=True))
    for officer_id in calls:
        per.setdefault(officer_id, {"durations": [], "within": 0, "calls": 0})["calls"] += 1
    names = {user.pk: user.get_full_name() or user.get_username()
             for user in get_user_model().objects.filter(pk__in=per)}
    rows = []
    for officer_id, row in per.items():
        value = rules.median(row["durations"])
        rows.append({"officer": officer_id, "name": names.get(officer_id, ""), "steps_measured": len(row["durations"]),
                     "steps_within_norm": row["within"],
                     "median_minutes": None if value is None else float(rules.half_up(value, 1)),
                     "calls": row["calls"]})
    rows.sort(key=lambda row: (row["name"], row["officer"]))
    return rows
