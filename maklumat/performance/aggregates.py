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

from django.db import connection, models, transaction
from django.db.models import Exists, OuterRef, Q

from maklumat.applications.deadlines import MET, ServiceTerms
from maklumat.applications.models import Application
from maklumat.applications.selectors import countable_events
from maklumat.calendar.selectors import work_calendars_for
from maklumat.compensation.models import CompensationPolicy
from maklumat.compensation.rules.evaluator import decide, decision_turns
from maklumat.compensation.rules.facts import Context, Facts
from maklumat.compensation.selectors import outage_facts
from maklumat.offices.models import Office
from maklumat.performance import rules
from maklumat.performance.figures import OUT_OF_OFFICE_PROGRAMS
from maklumat.performance.models import (
    ApplicationFact,
    ApplicationMonth,
    ClockFact,
    OfficerMonth,
    PromiseDay,
    PromiseMonth,
    StepFact,
    StepMonth,
)
from maklumat.performance.selectors import HANDOVER_EVENTS, WaitPromises
from maklumat.performance.yearly import code_bucket_in, step_years_recount, step_years_recount_keys

# A moment later than any event: the clocks and decisions "with everything known".
FAR = datetime(9000, 1, 1, tzinfo=UTC)
HORIZON = timedelta(days=400)  # past the longest deadline a policy states (pickup: 30 days)
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


def _id_filter(chunk: Sequence[int], field: str = "application_id") -> dict:
    """A filter selecting ``chunk`` (sorted ids): a range when the ids are dense (an office's
    applications are created together, so an import or rebuild reads ranges, not long ``IN`` lists;
    rows in the range but not asked for are skipped by the caller), otherwise ``IN``."""
    if chunk[-1] - chunk[0] < 2 * len(chunk):
        return {f"{field}__gte": chunk[0], f"{field}__lte": chunk[-1]}
    return {f"{field}__in": chunk}


def _load(office: Office, ids: Sequence[int]) -> list[_App]:
    """The applications (of ``office``) with the first moment and recorder of each counting event:
    two queries per chunk (applications, events), whatever the chunk's size."""
    apps: dict[int, _App] = {}
    for chunk in _chunks(sorted(ids)):
        wanted = set(chunk)
        for row in (Application.objects.filter(office=office, **_id_filter(chunk, "id"))
                    .values_list("id", "number", "service__completion_working_days", "accelerated", "service__code",
                                 "booking_channel", "smart_queue", "program", "under_review", "needs_field_check",
                                 "broker_involved")):
            if row[0] in wanted:
                apps[row[0]] = _App(row)
        for application_id, name, at, actor in (
                countable_events().filter(**_id_filter(chunk)).order_by("application_id", "at", "id")
                .values_list("application_id", "name", "at", "recorded_by_id")):
            app = apps.get(application_id)
            if app is not None and name not in app.events:
                app.events[name] = at
                app.actors[name] = actor
    return list(apps.values())


def _eligible_at(app: _App, policies, calendar, outages) -> datetime | None:
    """The first moment as of which a policy of the office decides the application eligible (the
    decision the raw reading makes as of that moment); candidates are the application's event
    moments, the moments its policies' conditions turn (``decision_turns``) and its clocks' due
    moments. None when it is not eligible with everything known."""
    def eligible(moment: datetime) -> bool:
        known = {name: at for name, at in app.events.items() if at <= moment}
        facts = Facts(id=app.number, service=app.service, booking=app.booking, smart_queue=app.smart_queue,
                      events=known, flags=app.flags)
        ctx = Context(calendar=calendar, as_of=moment, outages=outages)
        return any(decision.eligible for decision in decide(facts, policies, ctx) if decision.policy is not None)

    if not policies or not app.events:
        return None
    candidates = set(app.events.values())
    # The moments a policy condition may turn without an event (its own waits and deadlines, which
    # need not be a promise's, and disruptions beginning): eligibility is constant between them.
    candidates.update(decision_turns(
        Facts(id=app.number, service=app.service, booking=app.booking, smart_queue=app.smart_queue,
              events=app.events, flags=app.flags), policies, Context(calendar=calendar, as_of=FAR, outages=outages)))
    for clock in rules.application_clocks(events=app.events, terms=app.terms, calendar=calendar, as_of=FAR,
                                          wait_limit=None):
        candidates.update((clock.due, clock.due + ONE_MICROSECOND))
    # "Everything known" is asked as of a horizon past every event and due moment, not as of FAR: a
    # policy condition still waiting for its end event counts working days up to the moment asked,
    # which to year 9000 costs seconds per application. Every deadline a policy states is within
    # weeks of its start event, so HORIZON after the last known moment decides exactly as FAR would.
    if not eligible(max(candidates) + HORIZON):
        return None
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
        eligible = _eligible_at(app, policies, calendar, outages)
        facts.append((app.pk, office.pk, begun, day(begun), app.program in OUT_OF_OFFICE_PROGRAMS, issued,
                      day(issued) if issued else None, eligible, day(eligible) if eligible else None))
    return clocks, steps, facts


COLUMNS = {
    ClockFact: ("application_id", "office_id", "code", "start_day", "started", "overdue_from", "due_day", "kept",
                "kept_day", "on_time"),
    StepFact: ("application_id", "office_id", "code", "start_day", "finished", "duration_us", "actor_id"),
    ApplicationFact: ("application_id", "office_id", "begun_at", "begun_day", "out_of_office", "issued_at",
                      "issued_day", "eligible_at", "eligible_day"),
}


def _sqlite_adapter(field):
    """A fast adapter of one column's values to what Django stores on SQLite (aware moments as
    naive UTC text, dates as ISO text), equal to ``connection.ops.adapt_*field_value``."""
    if isinstance(field, models.DateTimeField):
        def moment(value):
            if value is None:
                return None
            if value.tzinfo is not UTC:
                value = value.astimezone(UTC)
            return value.isoformat(" ")[:-6]  # without "+00:00": naive UTC, as str() of the naive moment
        return moment
    if isinstance(field, models.DateField):
        return lambda value: None if value is None else value.isoformat()
    return None


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
        if connection.vendor == "sqlite":
            adapters = [_sqlite_adapter(model._meta.get_field(column)) for column in columns]
            adapted = [index for index, adapter in enumerate(adapters) if adapter is not None]

            def adapt(row):
                row = list(row)
                for index in adapted:
                    row[index] = adapters[index](row[index])
                return row
        else:
            ops = connection.ops

            def adapt(row):
                return [ops.adapt_datetimefield_value(value) if isinstance(value, datetime)
                        else ops.adapt_datefield_value(value) if isinstance(value, date) else value
                        for value in row]

        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
        for chunk in _chunks(rows, 20000):
            cursor.executemany(sql, [adapt(row) for row in chunk])


def _recount_days(office: Office, days: set[date] | None) -> None:
    """``PromiseDay`` of ``office`` on ``days`` (None: every day, its rows already deleted) recounted
    from its clock facts, set-based: per chunk of days one DELETE and one INSERT ... SELECT ... GROUP BY
    (no rows through Python)."""
    day_table, fact_table = PromiseDay._meta.db_table, ClockFact._meta.db_table
    groups = "code, start_day, due_day, kept_day, on_time"
    insert = (f"INSERT INTO {day_table} (office_id, {groups}, n) SELECT office_id, {groups}, COUNT(*) "
              f"FROM {fact_table} WHERE office_id = %s")
    group_by = f" GROUP BY office_id, {groups}"
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        if days is None:
            cursor.execute(insert + group_by, [office.pk])
            return
        for chunk in _chunks(sorted(days), 500):
            marks = ", ".join(["%s"] * len(chunk))
            params = [office.pk, *(adapt(day) for day in chunk)]
            cursor.execute(f"DELETE FROM {day_table} WHERE office_id = %s AND start_day IN ({marks})", params)
            cursor.execute(f"{insert} AND start_day IN ({marks}){group_by}", params)


def _month_of(column: str) -> str:
    """SQL: the first day of the month of a date column."""
    if connection.vendor == "postgresql":
        return f"date_trunc('month', {column})::date"
    return f"date({column}, 'start of month')"


def _next_month(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def _promise_month_sql(started: str, kept: str, due: str) -> str:
    """``PromiseMonth`` rows from ``PromiseDay``: each day row counts its clocks started on its start
    day, kept (on time or late) on its kept day, and fallen due not on time on its due day, in the
    month of its start day. ``started``/``kept``/``due``: further conditions of each part (after
    ``office_id = %s``)."""
    table, month = PromiseDay._meta.db_table, _month_of("start_day")
    return (
        f"INSERT INTO {PromiseMonth._meta.db_table} (office_id, code, month, day, started, kept_on_time, kept_late, "
        f"due_not_on_time) SELECT office_id, code, month, day, SUM(s), SUM(a), SUM(b), SUM(c) FROM ("
        f"SELECT office_id, code, {month} AS month, start_day AS day, n AS s, 0 AS a, 0 AS b, 0 AS c "
        f"FROM {table} WHERE office_id = %s {started} "
        f"UNION ALL SELECT office_id, code, {month}, kept_day, 0, CASE WHEN on_time THEN n ELSE 0 END, "
        f"CASE WHEN on_time THEN 0 ELSE n END, 0 FROM {table} WHERE office_id = %s AND kept_day IS NOT NULL {kept} "
        f"UNION ALL SELECT office_id, code, {month}, due_day, 0, 0, 0, n FROM {table} "
        f"WHERE office_id = %s AND NOT on_time {due}) counted GROUP BY office_id, code, month, day")


def _application_month_sql(begun: str, eligible: str, issued: str) -> str:
    """``ApplicationMonth`` rows from ``ApplicationFact``: begun (and out of office) on the begun day
    and decided eligible on the eligible day, in the month begun; handed over on the handover day, in
    its month. The arguments: further conditions of each part (after ``office_id = %s``)."""
    table, begun_month = ApplicationFact._meta.db_table, _month_of("begun_day")
    return (
        f"INSERT INTO {ApplicationMonth._meta.db_table} (office_id, month, day, begun, outside, eligible, issued) "
        f"SELECT office_id, month, day, SUM(b), SUM(o), SUM(e), SUM(i) FROM ("
        f"SELECT office_id, {begun_month} AS month, begun_day AS day, 1 AS b, "
        f"CASE WHEN out_of_office THEN 1 ELSE 0 END AS o, 0 AS e, 0 AS i FROM {table} WHERE office_id = %s {begun} "
        f"UNION ALL SELECT office_id, {begun_month}, eligible_day, 0, 0, 1, 0 FROM {table} "
        f"WHERE office_id = %s AND eligible_day IS NOT NULL {eligible} "
        f"UNION ALL SELECT office_id, {_month_of('issued_day')}, issued_day, 0, 0, 0, 1 FROM {table} "
        f"WHERE office_id = %s AND issued_day IS NOT NULL {issued}) counted GROUP BY office_id, month, day")


def _step_month_sql(model, facts: str = "", keys: str = "") -> str:
    """``StepMonth`` (or, ``model`` = ``OfficerMonth``, per officer who finished the step) rows from
    ``StepFact``: per step, start month and duration bucket, the count, the smallest and largest
    duration and the last finish. ``facts``: further conditions on the facts (after ``office_id =
    %s``); ``keys``: a condition on the grouped (code, bucket)."""
    actor = "actor_id, " if model is OfficerMonth else ""
    if actor:
        facts += " AND actor_id IS NOT NULL"
    return (
        f"INSERT INTO {model._meta.db_table} (office_id, {actor}code, month, bucket, n, low_us, high_us, "
        f"finished_max) SELECT office_id, {actor}code, {_month_of('start_day')}, bucket, COUNT(*), MIN(duration_us), "
        f"MAX(duration_us), MAX(finished) FROM (SELECT office_id, actor_id, code, start_day, finished, duration_us, "
        f"{rules.step_bucket_sql('duration_us')} AS bucket FROM {StepFact._meta.db_table} "
        f"WHERE office_id = %s {facts}) measured {keys} GROUP BY 1, 2, 3, 4{', 5' if actor else ''}")


MONTHLY = (PromiseMonth, StepMonth, ApplicationMonth, OfficerMonth)


def _recount_months(office: Office, months: set[date] | None, only_officers: bool = False) -> None:
    """``PromiseMonth`` (from ``PromiseDay``), ``StepMonth``/``OfficerMonth`` (from ``StepFact``) and
    ``ApplicationMonth`` (from ``ApplicationFact``) of ``office`` for ``months`` (first days; None:
    every month, its rows already deleted), set-based: per month one DELETE and one INSERT ... SELECT
    ... GROUP BY per table."""
    adapt = connection.ops.adapt_datefield_value
    with connection.cursor() as cursor:
        if only_officers:
            cursor.execute(_step_month_sql(OfficerMonth), [office.pk])
            return
        if months is None:
            cursor.execute(_promise_month_sql("", "", ""), [office.pk] * 3)
            cursor.execute(_step_month_sql(StepMonth), [office.pk])
            cursor.execute(_step_month_sql(OfficerMonth), [office.pk])
            cursor.execute(_application_month_sql("", "", ""), [office.pk] * 3)
            step_years_recount(office, None)
            return
        started = "AND start_day >= %s AND start_day < %s"
        begun, issued = "AND begun_day >= %s AND begun_day < %s", "AND issued_day >= %s AND issued_day < %s"
        for first in sorted(months):
            bounds = [adapt(first), adapt(_next_month(first))]
            for model in MONTHLY:
                cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE office_id = %s AND month = %s",
                               [office.pk, adapt(first)])
            cursor.execute(_promise_month_sql(started, started, started), [office.pk, *bounds] * 3)
            cursor.execute(_step_month_sql(StepMonth, started), [office.pk, *bounds])
            cursor.execute(_step_month_sql(OfficerMonth, started), [office.pk, *bounds])
            cursor.execute(_application_month_sql(begun, begun, issued), [office.pk, *bounds] * 3)
    step_years_recount(office, months)  # StepYear from the StepMonth rows just counted (performance.yearly)


def stored_months_fill() -> None:
    """Derive what migration ``performance 0003`` added from the facts already stored: each
    application fact's ``eligible_day`` (the office's local date of ``eligible_at``) and every
    office's monthly statistics. SQL only (no rule is evaluated again), so it takes minutes, not
    a rebuild's hours, at national size."""
    table = ApplicationFact._meta.db_table
    for office in Office.objects.order_by("pk"):
        with transaction.atomic():
            Office.objects.select_for_update().filter(pk=office.pk).first()
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"UPDATE {table} SET eligible_day = (eligible_at AT TIME ZONE %s)::date "
                                   f"WHERE office_id = %s AND eligible_at IS NOT NULL", [office.time_zone, office.pk])
            else:
                facts = list(ApplicationFact.objects.filter(office=office, eligible_at__isnull=False))
                for fact in facts:
                    fact.eligible_day = office.local_date(fact.eligible_at)
                ApplicationFact.objects.bulk_update(facts, ["eligible_day"], batch_size=2000)
            for model in MONTHLY:
                model.objects.filter(office=office).delete()
            _recount_months(office, None)


def officer_months_fill() -> None:
    """Derive ``OfficerMonth`` (migration ``performance 0004``) from the step facts already stored."""
    for office in Office.objects.order_by("pk"):
        with transaction.atomic():
            Office.objects.select_for_update().filter(pk=office.pk).first()
            OfficerMonth.objects.filter(office=office).delete()
            _recount_months(office, None, only_officers=True)


class _Touched:
    """What a refresh of some applications changes in the counted tables, from their facts before
    (deleted) and after (inserted): the start days of ``PromiseDay`` to recount and, per month, the
    keys of the monthly rows to recount (``PromiseMonth`` and ``ApplicationMonth`` by day,
    ``StepMonth`` and ``OfficerMonth`` by step and bucket). Recounting only those keys keeps one
    recorded event's cost independent of how many applications share its month."""

    def __init__(self, extra_days: Iterable[date] = ()):
        self.days: set[date] = set(extra_days)
        self.promise: dict[date, set[date]] = {}
        self.apps: dict[date, set[date]] = {}
        self.steps: dict[date, set[tuple[str, int]]] = {}

    def clock(self, start_day: date, due_day: date, kept_day: date | None) -> None:
        self.days.add(start_day)
        self.promise.setdefault(start_day.replace(day=1), set()).update(
            day for day in (start_day, due_day, kept_day) if day is not None)

    def step(self, code: str, start_day: date, duration_us: int) -> None:
        self.steps.setdefault(start_day.replace(day=1), set()).add((code, rules.step_bucket(duration_us)))

    def application(self, begun_day: date, eligible_day: date | None, issued_day: date | None) -> None:
        begun = self.apps.setdefault(begun_day.replace(day=1), set())
        begun.update(day for day in (begun_day, eligible_day) if day is not None)
        if issued_day is not None:
            self.apps.setdefault(issued_day.replace(day=1), set()).add(issued_day)

    def new_rows(self, clocks: list[tuple], steps: list[tuple], facts: list[tuple]) -> None:
        """Rows in the order of ``COLUMNS``."""
        for row in clocks:
            self.clock(row[3], row[6], row[8])
        for row in steps:
            self.step(row[2], row[3], row[5])
        for row in facts:
            self.application(row[3], row[8], row[6])


def _as_date(value) -> date | None:
    """A date read by a raw cursor (SQLite answers ISO text, PostgreSQL a date)."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _delete_facts(ids: Sequence[int], touched: _Touched) -> None:
    """Delete the facts of ``ids``, noting in ``touched`` what they counted (``DELETE … RETURNING``:
    one statement per table and chunk)."""
    with connection.cursor() as cursor:
        for chunk in _chunks(ids):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {ClockFact._meta.db_table} WHERE application_id IN ({marks}) "
                           f"RETURNING start_day, due_day, kept_day", list(chunk))
            for start_day, due_day, kept_day in cursor.fetchall():
                touched.clock(_as_date(start_day), _as_date(due_day), _as_date(kept_day))
            cursor.execute(f"DELETE FROM {StepFact._meta.db_table} WHERE application_id IN ({marks}) "
                           f"RETURNING code, start_day, duration_us", list(chunk))
            for code, start_day, duration_us in cursor.fetchall():
                touched.step(code, _as_date(start_day), duration_us)
            cursor.execute(f"DELETE FROM {ApplicationFact._meta.db_table} WHERE application_id IN ({marks}) "
                           f"RETURNING begun_day, eligible_day, issued_day", list(chunk))
            for begun_day, eligible_day, issued_day in cursor.fetchall():
                touched.application(_as_date(begun_day), _as_date(eligible_day), _as_date(issued_day))


def _recount_month_keys(office: Office, touched: _Touched) -> None:
    """The monthly rows of ``touched``'s keys recounted (each month: one DELETE and one INSERT …
    SELECT per table, restricted to the keys): the same SQL as ``_recount_months``, reading only the
    rows that feed those keys."""
    adapt = connection.ops.adapt_datefield_value

    def marks(values) -> str:
        return ", ".join(["%s"] * len(values))

    def delete(cursor, model, first: date, keys: str, params: list) -> None:
        cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE office_id = %s AND month = %s AND {keys}",
                       [office.pk, adapt(first), *params])

    with connection.cursor() as cursor:
        for first, days in sorted(touched.promise.items()):
            listed, within = [adapt(day) for day in sorted(days)], "AND start_day >= %s AND start_day < %s"
            delete(cursor, PromiseMonth, first, f"day IN ({marks(days)})", listed)
            params = [office.pk, adapt(first), adapt(_next_month(first)), *listed]
            cursor.execute(_promise_month_sql(*(f"{within} AND {column} IN ({marks(days)})"
                                                for column in ("start_day", "kept_day", "due_day"))), params * 3)
        for first, days in sorted(touched.apps.items()):
            listed = [adapt(day) for day in sorted(days)]
            delete(cursor, ApplicationMonth, first, f"day IN ({marks(days)})", listed)
            params = [office.pk, adapt(first), adapt(_next_month(first)), *listed]
            begun = "AND begun_day >= %s AND begun_day < %s AND "
            cursor.execute(_application_month_sql(
                f"{begun}begun_day IN ({marks(days)})", f"{begun}eligible_day IN ({marks(days)})",
                f"AND issued_day >= %s AND issued_day < %s AND issued_day IN ({marks(days)})"), params * 3)
        for first, keys in sorted(touched.steps.items()):
            chosen, flat = code_bucket_in(keys)
            # Each bucket is a duration range: the (office, code, duration) index finds its few facts.
            ranges = [(code, *rules.step_bucket_bounds(bucket)) for code, bucket in sorted(keys)]
            within = " OR ".join(["(code = %s AND duration_us BETWEEN %s AND %s)"] * len(ranges))
            for model in (StepMonth, OfficerMonth):
                delete(cursor, model, first, chosen, flat)
                cursor.execute(_step_month_sql(
                    model, f"AND start_day >= %s AND start_day < %s AND ({within})", f"WHERE {chosen}"),
                    [office.pk, adapt(first), adapt(_next_month(first)), *(v for r in ranges for v in r), *flat])
    years: dict[int, set[tuple[str, int]]] = {}
    for first, keys in touched.steps.items():
        years.setdefault(first.year, set()).update(keys)
    step_years_recount_keys(office, years)  # after the months: StepYear sums them


@transaction.atomic
def aggregates_refresh(*, office: Office, application_ids: Sequence[int], extra_days: Iterable[date] = (),
                       whole_office: bool = False) -> int:
    """Recompute the facts of ``application_ids`` (of ``office``) and recount the days they touch
    (and ``extra_days``). Idempotent. Returns the number of applications refreshed.

    The monthly rows recounted are those the applications' old and new facts feed; with
    ``extra_days`` (a range rebuild, a safety net) the whole months touched are recounted instead.
    ``whole_office``: ``application_ids`` are all the office's applications (a full rebuild), so its
    facts and day counts are replaced whole: one DELETE per table and one recount of the office,
    instead of per chunk of applications and per chunk of days."""
    Office.objects.select_for_update().filter(pk=office.pk).first()
    ids = sorted(set(application_ids))
    touched = _Touched(extra_days)
    if whole_office:
        for model in (ClockFact, StepFact, ApplicationFact, PromiseDay, *MONTHLY):
            model.objects.filter(office=office).delete()
    else:
        _delete_facts(ids, touched)
    calendar = work_calendars_for([office])[office.pk]
    waits = WaitPromises(list(CompensationPolicy.objects.filter(office=office).order_by("effective_from", "code")))
    for chunk in _chunks(ids, 5000):
        clocks, steps, facts = application_facts(office, _load(office, chunk), calendar, waits)
        _insert(ClockFact, clocks)
        _insert(StepFact, steps)
        _insert(ApplicationFact, facts)
        if not whole_office:
            touched.new_rows(clocks, steps, facts)
    if whole_office:
        _recount_days(office, None)
        _recount_months(office, None)
        return len(ids)
    _recount_days(office, touched.days)
    if extra_days:
        months = {day.replace(day=1) for day in touched.days}
        months.update(touched.apps, touched.steps)
        _recount_months(office, months)
    else:
        _recount_month_keys(office, touched)
    return len(ids)


def aggregates_rebuild(*, office: Office, start: date | None = None, end: date | None = None) -> int:
    """Rebuild ``office``'s aggregates for local dates ``start``–``end`` (all when not given): every
    application with a counting event in the range or a fact dated in it. Idempotent; one transaction."""
    if start is None or end is None:
        # The whole office's facts are replaced: list its applications under the office row lock, or
        # an import committing between the listing and the DELETE would lose its facts.
        with transaction.atomic():
            Office.objects.select_for_update().filter(pk=office.pk).first()
            ids = Application.objects.filter(office=office).values_list("id", flat=True)
            return aggregates_refresh(office=office, application_ids=list(ids), whole_office=True)
    lower, upper = office.start_of_day(start), office.start_of_day(end + timedelta(days=1))
    applications = Application.objects.filter(office=office).filter(Exists(countable_events().filter(
        application=OuterRef("pk"), at__gte=lower, at__lt=upper)))
    facts = ClockFact.objects.filter(office=office, start_day__gte=start, start_day__lte=end)
    app_facts = ApplicationFact.objects.filter(office=office).filter(
        Q(begun_day__gte=start, begun_day__lte=end) | Q(issued_day__gte=start, issued_day__lte=end))
    step_facts = StepFact.objects.filter(office=office, start_day__gte=start, start_day__lte=end)
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    ids = set(applications.values_list("id", flat=True))
    for query in (facts, app_facts, step_facts):
        ids.update(query.values_list("application_id", flat=True))
    return aggregates_refresh(office=office, application_ids=sorted(ids), extra_days=days)


def _rebuild_office(job: tuple[int, date | None, date | None]) -> int:
    """One office's rebuild in a worker process (its own connection, closed when done)."""
    from django.db import connections

    office_id, start, end = job
    try:
        return aggregates_rebuild(office=Office.objects.get(pk=office_id), start=start, end=end)
    finally:
        connections.close_all()


def aggregates_rebuild_offices(*, offices: Sequence[Office], start: date | None = None, end: date | None = None,
                               jobs: int = 1) -> int:
    """Rebuild several offices, ``jobs`` at a time in worker processes on PostgreSQL (each office in
    its own transaction under its own row lock, so offices never wait for each other); one after the
    other elsewhere (SQLite has one writer). Returns the applications refreshed."""
    if jobs <= 1 or len(offices) <= 1 or connection.vendor != "postgresql":
        return sum(aggregates_rebuild(office=office, start=start, end=end) for office in offices)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from django.db import connections

    connections.close_all()  # the workers are forked: each must open its own connection
    with ProcessPoolExecutor(max_workers=min(jobs, len(offices)),
                             mp_context=multiprocessing.get_context("fork")) as pool:
        return sum(pool.map(_rebuild_office, [(office.pk, start, end) for office in offices]))


def offices_by_code(code: str | None) -> list[Office]:
    offices = Office.objects.order_by("code")
    return list(offices.filter(code=code) if code else offices)
