"""Kinerja aggregates: per-application facts and per-office, per-day promise counts, kept current.

When an application's events change (recorded, imported, voided: ``applications.notify``), or when
``maklumat kinerja rebuild`` asks, ``aggregates_refresh`` recomputes the facts of those applications
from their counting events with the same pure rules the raw reading uses (``performance.rules``,
``applications.deadlines``, the compensation evaluator) and recounts ``PromiseDay`` for every
start day they touched, in the caller's transaction. Each office's refresh holds a row lock on the
office (PostgreSQL; SQLite serialises writers), so concurrent imports and rebuilds of one office
recount its days one after the other and never from a stale read.

The facts hold moments, not statuses, so any ``as_of`` is answered exactly (``selectors``):
a clock counts once started, is kept once its keeping moment has passed, and is overdue from its
due moment. See docs/scaling.md and docs/decisions.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q

from maklumat.applications.deadlines import MET, ServiceTerms
from maklumat.applications.models import Application
from maklumat.applications.selectors import countable_events
from maklumat.calendar.selectors import work_calendars_for
from maklumat.compensation.models import CompensationPolicy
from maklumat.compensation.rules.evaluator import decide
from maklumat.compensation.rules.facts import Context, Facts
from maklumat.compensation.selectors import outage_facts
from maklumat.offices.models import Office
from maklumat.performance import rules
from maklumat.performance.figures import OUT_OF_OFFICE_PROGRAMS
from maklumat.performance.models import ApplicationFact, ClockFact, PromiseDay, StepFact
from maklumat.performance.selectors import HANDOVER_EVENTS, WaitPromises

# A moment later than any event: the clocks and decisions "with everything known".
FAR = datetime(9000, 1, 1, tzinfo=UTC)
CHUNK = 2000
ONE_MICROSECOND = timedelta(microseconds=1)


def _chunks(items: Sequence, size: int = CHUNK) -> Iterable[Sequence]:
    for index in range(0, len(items), size):
        yield items[index:index + size]


class _App:
    __slots__ = ("pk", "number", "terms", "service", "booking", "smart_queue", "program", "flags", "events", "actors")

    def __init__(self, row):
        (self.pk, self.number, days, accelerated, self.service, self.booking, self.smart_queue, self.program,
         review, field_check, broker) = row
        self.terms = ServiceTerms(0 if accelerated else days)
        self.flags = frozenset(name for name, on in (("under_review", review), ("field_check", field_check),
                                                     ("broker", broker)) if on)
        self.events: dict[str, datetime] = {}
        self.actors: dict[str, int | None] = {}


def _load(office: Office, ids: Sequence[int]) -> list[_App]:
    """The applications (of ``office``) with the first moment and recorder of each counting event."""
    apps: dict[int, _App] = {}
    for chunk in _chunks(list(ids)):
        for row in (Application.objects.filter(office=office, pk__in=chunk)
                    .values_list("id", "number", "service__completion_working_days", "accelerated", "service__code",
                                 "booking_channel", "smart_queue", "program", "under_review", "needs_field_check",
                                 "broker_involved")):
            apps[row[0]] = _App(row)
        for application_id, name, at, actor in (
                countable_events().filter(application_id__in=chunk).order_by("application_id", "at", "id")
                .values_list("application_id", "name", "at", "recorded_by_id")):
            app = apps.get(application_id)
            if app is not None and name not in app.events:
                app.events[name] = at
                app.actors[name] = actor
    return list(apps.values())


def _eligible_at(app: _App, policies, calendar, outages) -> datetime | None:
    """The first moment as of which a policy of the office decides the application eligible (the
    decision the raw reading makes as of that moment); candidates are the application's event
    moments and its clocks' due moments. None when it is not eligible with everything known."""
    def eligible(moment: datetime) -> bool:
        known = {name: at for name, at in app.events.items() if at <= moment}
        facts = Facts(id=app.number, service=app.service, booking=app.booking, smart_queue=app.smart_queue,
                      events=known, flags=app.flags)
        ctx = Context(calendar=calendar, as_of=moment, outages=outages)
        return any(decision.eligible for decision in decide(facts, policies, ctx) if decision.policy is not None)

    if not policies or not app.events or not eligible(FAR):
        return None
    candidates = set(app.events.values())
    for clock in rules.application_clocks(events=app.events, terms=app.terms, calendar=calendar, as_of=FAR,
                                          wait_limit=None):
        candidates.update((clock.due, clock.due + ONE_MICROSECOND))
    for moment in sorted(candidates):
        if eligible(moment):
            return moment
    return FAR


def application_facts(office: Office, apps: Sequence[_App], calendar, waits) -> tuple[list, list, list]:
    """The clock, step and application facts of ``apps`` (rows in the order of ``COLUMNS``)."""
    clocks, steps, facts = [], [], []
    policies = waits.policies()
    firsts = [min(app.events.values()) for app in apps if app.events]
    outages = outage_facts(office, start=min(firsts)) if firsts and policies else ()
    day = lambda moment: calendar.local(moment).date()  # noqa: E731
    for app in apps:
        if not app.events:
            continue
        ticket = app.events.get("biometric_ticket")
        promise = waits.on(day(ticket)) if ticket else None
        for clock in rules.application_clocks(events=app.events, terms=app.terms, calendar=calendar, as_of=FAR,
                                              wait_limit=promise.limit if promise else None):
            overdue_from = clock.due + ONE_MICROSECOND if clock.code == "biometric_wait" else clock.due
            clocks.append((app.pk, office.pk, clock.code, day(clock.started), clock.started, overdue_from,
                           day(overdue_from), clock.kept, day(clock.kept) if clock.kept else None,
                           clock.status == MET))
        for name, started in app.events.items():
            if not name.endswith("_start"):
                continue
            code = name[:-len("_start")]
            took = rules.step_duration(app.events, code, FAR)
            if took is not None:
                steps.append((app.pk, office.pk, code, day(started), app.events[f"{code}_finish"],
                              took // ONE_MICROSECOND, app.actors.get(f"{code}_finish")))
        begun = min(app.events.values())
        handed = [app.events[name] for name in HANDOVER_EVENTS if name in app.events]
        issued = min(handed) if handed else None
        facts.append((app.pk, office.pk, begun, day(begun), app.program in OUT_OF_OFFICE_PROGRAMS, issued,
                      day(issued) if issued else None, _eligible_at(app, policies, calendar, outages)))
    return clocks, steps, facts


COLUMNS = {
    ClockFact: ("application_id", "office_id", "code", "start_day", "started", "overdue_from", "due_day", "kept",
                "kept_day", "on_time"),
    StepFact: ("application_id", "office_id", "code", "start_day", "finished", "duration_us", "actor_id"),
    ApplicationFact: ("application_id", "office_id", "begun_at", "begun_day", "out_of_office", "issued_at",
                      "issued_day", "eligible_at"),
}


def _insert(model, rows: list[tuple]) -> None:
    """Store fact rows in bulk: COPY on PostgreSQL, one prepared ``executemany`` elsewhere (as the
    import stores events)."""
    if not rows:
        return
    table, columns = model._meta.db_table, COLUMNS[model]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        ops = connection.ops

        def adapt(value):
            if isinstance(value, datetime):
                return ops.adapt_datetimefield_value(value)
            if isinstance(value, date):
                return ops.adapt_datefield_value(value)
            return value

        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
        for chunk in _chunks(rows, 20000):
            cursor.executemany(sql, [tuple(adapt(value) for value in row) for row in chunk])


def _recount_days(office: Office, days: set[date]) -> None:
    """``PromiseDay`` of ``office`` on ``days`` recounted from its clock facts (delete + insert)."""
    ordered = sorted(days)
    for chunk in _chunks(ordered, 500):
        PromiseDay.objects.filter(office=office, start_day__in=chunk).delete()
        rows = (ClockFact.objects.filter(office=office, start_day__in=chunk)
                .values("code", "start_day", "due_day", "kept_day", "on_time").annotate(n=Count("id"))
                .order_by())
        PromiseDay.objects.bulk_create(
            [PromiseDay(office=office, code=row["code"], start_day=row["start_day"], due_day=row["due_day"],
                        kept_day=row["kept_day"], on_time=row["on_time"], n=row["n"]) for row in rows],
            batch_size=CHUNK)


@transaction.atomic
def aggregates_refresh(*, office: Office, application_ids: Sequence[int], extra_days: Iterable[date] = ()) -> int:
    """Recompute the facts of ``application_ids`` (of ``office``) and recount the days they touch
    (and ``extra_days``). Idempotent. Returns the number of applications refreshed."""
    Office.objects.select_for_update().filter(pk=office.pk).first()
    ids = sorted(set(application_ids))
    days = set(extra_days)
    for chunk in _chunks(ids):
        days.update(ClockFact.objects.filter(application_id__in=chunk).values_list("start_day", flat=True).distinct())
        ClockFact.objects.filter(application_id__in=chunk).delete()
        StepFact.objects.filter(application_id__in=chunk).delete()
        ApplicationFact.objects.filter(application_id__in=chunk).delete()
    calendar = work_calendars_for([office])[office.pk]
    waits = WaitPromises(list(CompensationPolicy.objects.filter(office=office).order_by("effective_from", "code")))
    for chunk in _chunks(ids, 5000):
        clocks, steps, facts = application_facts(office, _load(office, chunk), calendar, waits)
        _insert(ClockFact, clocks)
        _insert(StepFact, steps)
        _insert(ApplicationFact, facts)
        days.update(row[3] for row in clocks)
    _recount_days(office, days)
    return len(ids)


def aggregates_rebuild(*, office: Office, start: date | None = None, end: date | None = None) -> int:
    """Rebuild ``office``'s aggregates for local dates ``start``–``end`` (all when not given): every
    application with a counting event in the range or a fact dated in it. Idempotent; one transaction."""
    applications = Application.objects.filter(office=office)
    facts = ClockFact.objects.filter(office=office)
    app_facts = ApplicationFact.objects.filter(office=office)
    step_facts = StepFact.objects.filter(office=office)
    days: list[date] = []
    if start is not None and end is not None:
        lower, upper = office.start_of_day(start), office.start_of_day(end + timedelta(days=1))
        applications = applications.filter(Exists(countable_events().filter(
            application=OuterRef("pk"), at__gte=lower, at__lt=upper)))
        facts = facts.filter(start_day__gte=start, start_day__lte=end)
        app_facts = app_facts.filter(Q(begun_day__gte=start, begun_day__lte=end)
                                     | Q(issued_day__gte=start, issued_day__lte=end))
        step_facts = step_facts.filter(start_day__gte=start, start_day__lte=end)
        days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    else:
        days = list(PromiseDay.objects.filter(office=office).values_list("start_day", flat=True).distinct())
    ids = set(applications.values_list("id", flat=True))
    for query in (facts, app_facts, step_facts):
        ids.update(query.values_list("application_id", flat=True))
    return aggregates_refresh(office=office, application_ids=sorted(ids), extra_days=days)


def offices_by_code(code: str | None) -> list[Office]:
    offices = Office.objects.order_by("code")
    return list(offices.filter(code=code) if code else offices)
