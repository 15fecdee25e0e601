"""Reads for the queue screens, the display board, estimates and the statistics.

Reads only: nothing here writes, and nothing here imports ``services`` (services import this).
Every "today" is the office's own day (``office.local_date``), never the server's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from maklumat.lib import areas
from maklumat.lib.cache import hot
from maklumat.lib.promises import WaitPromise
from maklumat.queueing import rules, stats
from maklumat.queueing.models import (
    BreakReason,
    Call,
    Counter,
    CounterBreak,
    QueueConfig,
    Step,
    Ticket,
    TicketOrigin,
    TicketStatus,
    Visit,
    VisitOutcome,
    display_number,
)
from maklumat.queueing.rules import TicketClass
from maklumat.queueing.stats import VisitRow


def office_day(office, now: datetime | None = None) -> date:
    """The office's date at ``now`` (default: now): the day a number belongs to."""
    return office.local_date(now)


def config_for(office) -> QueueConfig:
    """The office's queue settings; an office not yet set up gets the defaults (unsaved)."""
    return QueueConfig.objects.filter(office=office).first() or QueueConfig(office=office)


def calling_rule_of(config: QueueConfig, max_wait: timedelta | None = None) -> rules.CallingRule:
    return rules.CallingRule(kind=rules.RuleKind(config.calling_rule),
                             general_per_priority=max(1, config.general_per_priority), max_wait=max_wait)


def max_wait_of(office, day: date, config: QueueConfig) -> timedelta | None:
    """The office's anti-starvation limit on ``day`` (``rules.max_wait_for``: its setting, else its wait
    promise's warning point), kept in the per-process cache ``lib.cache.hot`` for the hot path (a change
    of the settings or of a compensation policy invalidates it: ``queueing.apps``)."""
    def load():
        promise = None if config.max_wait_minutes else wait_promise(office, day)
        return (rules.max_wait_for(config.max_wait_minutes, promise.warn_after if promise else None),)

    return hot.get(("queue-max-wait", office.pk, day, config.max_wait_minutes), load)[0]


def no_show_rule_of(config: QueueConfig) -> rules.NoShowRule:
    return rules.NoShowRule(recalls=config.no_show_recalls, grace=timedelta(seconds=config.no_show_grace_seconds))


def calls_of_stay(ticket: Ticket) -> list[datetime]:
    """When the ticket's current stay at its counter was called and recalled, oldest first (one query,
    by the ticket's own calls)."""
    if ticket.called_at is None:
        return []
    return list(Call.objects.filter(ticket=ticket, counter_id=ticket.counter_id, at__gte=ticket.called_at)
                .order_by("at", "id").values_list("at", flat=True))


def open_break(counter: Counter) -> CounterBreak | None:
    return CounterBreak.objects.filter(counter=counter, ended_at__isnull=True).first()


def parked_tickets(office, step_ids: list[int], day: date) -> list[Ticket]:
    """Today's parked numbers at these steps (set aside at a counter, to be called back), oldest first."""
    return list(Ticket.objects.filter(office=office, day=day, step_id__in=step_ids, status=TicketStatus.PARKED)
                .select_related("series", "counter").order_by("finished_at", "id")[:50])


def undoable_no_show(counter: Counter, now: datetime) -> Ticket | None:
    """The counter's last no-show, while it may still be taken back (``rules.NO_SHOW_UNDO_WINDOW``)."""
    # Bounded by the office's day (the (office, day, status) index), never the counter's whole history.
    ticket = (Ticket.objects.filter(office_id=counter.office_id, day=office_day(counter.office, now),
                                    status=TicketStatus.NO_SHOW, counter=counter,
                                    finished_at__gte=now - rules.NO_SHOW_UNDO_WINDOW, finished_at__lte=now)
              .select_related("series").order_by("-finished_at", "-id").first())
    return ticket if ticket is not None and rules.no_show_undoable(ticket.finished_at, now) else None


def wait_promise(office, day: date) -> WaitPromise | None:
    """The office's promise on the biometric wait on ``day``, from its policy in force (or ``None``).

    The compensation area owns the policies and answers through ``lib.areas.ask``; the queue
    never restates a threshold.
    """
    # Kept per office and day in the per-process cache (a policy saved or deleted invalidates it: queueing.apps):
    # every counter screen polls its waiting list every few seconds.
    return hot.get(("queue-wait-promise", office.pk, day),
                   lambda: (areas.ask("promises", "biometric_wait_promise", office, day),))[0]


def current_ticket(counter: Counter) -> Ticket | None:
    return (Ticket.objects.select_related("series", "step", "application", "booking")
            .filter(counter=counter, status=TicketStatus.CALLED).first())


def general_streak(counter: Counter, day, limit: int) -> int:
    """General calls this counter made today since its last priority call (for "N general : 1 priority")."""
    since = counter.office.start_of_day(day) - timedelta(days=1)  # the index on (counter, at) bounds the read
    recent = (Call.objects.filter(counter=counter, is_recall=False, ticket__day=day, at__gte=since)
              .order_by("-id").values_list("ticket_class", flat=True)[: limit + 20])
    return rules.general_streak_of(list(recent))


def waiting_heads(office, day, step_ids: list[int], per_class: int) -> list[rules.Waiting]:
    """The ``per_class`` longest-waiting tickets of each class: all the calling rule needs."""
    heads: list[rules.Waiting] = []
    for ticket_class in TicketClass:
        rows = (Ticket.objects.filter(office=office, day=day, step_id__in=step_ids, status=TicketStatus.WAITING,
                                      ticket_class=ticket_class)
                .order_by("waiting_since", "number", "id").values_list("id", "waiting_since", "number")[:per_class])
        heads += [rules.Waiting(id=pk, ticket_class=ticket_class, waiting_since=since, number=number or 0)
                  for pk, since, number in rows]
    return heads


def kiosk_walk_ins(office, day: date) -> int:
    return Ticket.objects.filter(office=office, day=day, origin=TicketOrigin.KIOSK).count()


def estimated_wait(office, step: Step, ticket_class: str, now: datetime | None = None,
                   ticket: Ticket | None = None, config: QueueConfig | None = None) -> int:
    """Minutes a newcomer of ``ticket_class`` at ``step`` can expect to wait (shown on the ticket).

    ``ticket``: the just-issued ticket itself, which is already counted among the waiting.
    The estimate is ``queueing.estimates`` (fitted service minutes, busy counters, manual delay).
    """
    from maklumat.queueing.estimates import estimate_for

    return estimate_for(office, step, ticket_class, now=now, ticket=ticket, config=config).minutes


@dataclass(frozen=True)
class BoardCall:
    id: int
    number: str
    counter: str
    spoken_counter: str
    ticket_class: str
    at: datetime
    is_recall: bool
    ticket_id: int = 0
    status: str = ""

    @property
    def spoken_number(self) -> str:
        """"A-003" → "A, 3" so the voice says the letter and the number as a number."""
        series, _, digits = self.number.partition("-")
        return f"{series}, {int(digits)}" if digits.isdigit() else self.number


def board_calls(office, limit: int = 8, now: datetime | None = None) -> list[BoardCall]:
    """The latest calls of today at ``office``, newest first (one query, bounded by the office's day:
    the index on (office, at) reads only today's calls however long the history). Plain rows, no model
    instances: the board polls this every few seconds."""
    day = office_day(office, now)
    start = office.start_of_day(day)
    rows = (Call.objects.filter(office=office, at__gte=start, at__lt=office.start_of_day(day + timedelta(days=1)),
                                ticket__day=day)
            .order_by("-at", "-id")
            .values_list("id", "ticket__series__code", "ticket__number", "counter__name", "counter__spoken_name",
                         "ticket_class", "at", "is_recall", "ticket_id", "ticket__status")[:limit])
    return [BoardCall(id=pk, number=display_number(series, number), counter=counter,
                      spoken_counter=spoken or counter, ticket_class=ticket_class, at=at, is_recall=is_recall,
                      ticket_id=ticket_id, status=status)
            for pk, series, number, counter, spoken, ticket_class, at, is_recall, ticket_id, status in rows]


@dataclass(frozen=True)
class BoardLine:
    """One counter's number on the board now, with when it was (last) called."""

    number: str
    counter: str
    called_at: datetime
    recalled: bool


@dataclass(frozen=True)
class Board:
    lines: list[BoardLine]      # every number called now, one per counter, newest call first
    history: list[BoardCall]    # the last calls whose service has ended (or moved on)
    calls: list[BoardCall]      # the latest calls, recalls included: what the board announces
    waiting_total: int


def board_of(office, now: datetime | None = None, history: int = 6) -> Board:
    """What the waiting-room board shows, in three reads bounded by the office's day (indexed):
    the numbers being called now (tickets of today with status "called"), the latest calls, and
    how many wait. A no-show, an ended service or a transfer leaves the lines at once."""
    day = office_day(office, now)
    live = list(Ticket.objects.filter(office=office, day=day, status=TicketStatus.CALLED, counter__isnull=False)
                .order_by("-called_at", "-id").values_list("id", "series__code", "number", "counter__name",
                                                           "called_at")[:40])
    calls = board_calls(office, limit=history + len(live) + 10, now=now)
    last_call: dict[int, BoardCall] = {}
    for call in calls:
        last_call.setdefault(call.ticket_id, call)
    lines = []
    for pk, series, number, counter, called_at in live:
        latest = last_call.get(pk)
        lines.append(BoardLine(number=display_number(series, number), counter=counter,
                               called_at=latest.at if latest else called_at,
                               recalled=bool(latest and latest.is_recall)))
    lines.sort(key=lambda line: line.called_at, reverse=True)
    live_ids = {pk for pk, *_rest in live}
    past, seen = [], set()
    for call in calls:
        if call.ticket_id in live_ids or call.is_recall or call.ticket_id in seen:
            continue
        seen.add(call.ticket_id)
        past.append(call)
    waiting = Ticket.objects.filter(office=office, day=day, status=TicketStatus.WAITING).count()
    return Board(lines=lines, history=past[:history], calls=calls, waiting_total=waiting)


@dataclass(frozen=True)
class BreakFigure:
    counter: str
    reason: str
    breaks: int
    minutes: float
    open_now: int

    @property
    def reason_label(self) -> str:
        return str(dict(BreakReason.choices).get(self.reason, self.reason))


def break_figures(office, start: date, end: date, now: datetime | None = None) -> list[BreakFigure]:
    """Counter pauses between ``start`` and ``end`` per counter and reason: how many, minutes paused (a
    pause still open counts until ``now``), how many are open. One grouped query."""
    now = now or timezone.now()
    breaks, counters = CounterBreak._meta.db_table, Counter._meta.db_table
    until = "COALESCE(b.ended_at, %s)"
    minutes = _minutes("b.started_at", until)
    # SQLite keeps UTC text; _minutes names its end column twice there: one parameter per occurrence.
    end_params = [now if connection.vendor == "postgresql"
                  else now.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")]
    occurrences = minutes.count(until)
    sql = (f"SELECT co.name, b.reason, COUNT(*), SUM({minutes}), "
           f"SUM(CASE WHEN b.ended_at IS NULL THEN 1 ELSE 0 END) "
           f"FROM {breaks} b JOIN {counters} co ON co.id = b.counter_id "
           f"WHERE b.office_id = %s AND b.day >= %s AND b.day <= %s GROUP BY co.name, b.reason "
           f"ORDER BY co.name, b.reason")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*(end_params * occurrences), office.pk, start, end])  # noqa: S608 - our tables
        return [BreakFigure(counter=name, reason=reason, breaks=n, minutes=round(float(total or 0), 1),
                            open_now=open_n) for name, reason, n, total, open_n in cursor.fetchall()]


def waiting_counts(office, day: date) -> dict[int, dict[str, int]]:
    """{step id: {class: waiting count}} for today."""
    out: dict[int, dict[str, int]] = {}
    rows = (Ticket.objects.filter(office=office, day=day, status=TicketStatus.WAITING)
            .values_list("step_id", "ticket_class").annotate(n=Count("id")).order_by())
    for step_id, ticket_class, n in rows:
        out.setdefault(step_id, {})[ticket_class] = n
    return out


@dataclass(frozen=True)
class WaitingRow:
    ticket: Ticket
    waited_minutes: int
    alert: rules.WaitAlert


def waiting_tickets(office, step_ids: list[int], now: datetime | None = None, limit: int = 50,
                    promise: WaitPromise | None = None) -> list[WaitingRow]:
    """Waiting tickets at the steps, longest-waiting first, with the alert of the office's wait
    promise (``promise``, from ``wait_promise``) at the biometric step; no promise, no alert."""
    now = now or timezone.now()
    limit_, warn_after = (promise.limit, promise.warn_after) if promise is not None else (None, None)
    tickets = (Ticket.objects.filter(office=office, day=office_day(office, now), step_id__in=step_ids,
                                     status=TicketStatus.WAITING)
               .select_related("series", "step").order_by("waiting_since", "id")[:limit])
    rows = []
    for ticket in tickets:
        waited = now - ticket.waiting_since
        alert = rules.wait_alert(waited, limit_, warn_after) if ticket.step.is_biometric else rules.WaitAlert.OK
        rows.append(WaitingRow(ticket=ticket, waited_minutes=int(waited.total_seconds() // 60), alert=alert))
    return rows


def waiting_in_calling_order(counter, now: datetime | None = None, limit: int = 50,
                             promise: WaitPromise | None = None, config: QueueConfig | None = None,
                             step_ids: Iterable[int] | None = None) -> list[WaitingRow]:
    """What this counter would call, in order, if nobody else called (the office rule applied).
    ``step_ids``: the steps the counter serves, when the caller has them (else ``counter.steps``)."""
    now = now or timezone.now()
    office = counter.office
    step_ids = list(step_ids) if step_ids is not None else [s.pk for s in counter.steps.all()]
    rows = waiting_tickets(office, step_ids, now=now, limit=500, promise=promise)
    by_id = {row.ticket.pk: row for row in rows}
    config = config or config_for(office)
    day = office_day(office, now)
    # The same limit as the call itself (rules.max_wait_for), from the promise the page has already read.
    rule = calling_rule_of(config, rules.max_wait_for(config.max_wait_minutes,
                                                      promise.warn_after if promise is not None else None))
    waiting = [rules.Waiting(id=r.ticket.pk, ticket_class=rules.TicketClass(r.ticket.ticket_class),
                             waiting_since=r.ticket.waiting_since, number=r.ticket.number) for r in rows]
    streak = general_streak(counter, day, rule.general_per_priority)
    order = rules.calling_order(waiting, rule, streak, counter.priority_room, limit=limit, now=now)
    return [by_id[w.id] for w in order]


def counters_with_current(office) -> list[tuple[Counter, Ticket | None]]:
    counters = list(Counter.objects.filter(office=office, is_active=True).prefetch_related("steps"))
    current = {t.counter_id: t for t in Ticket.objects.filter(counter__in=counters, status=TicketStatus.CALLED)
               .select_related("series")}
    return [(counter, current.get(counter.pk)) for counter in counters]


def visit_rows(office, start: date, end: date) -> list[VisitRow]:
    """One ``VisitRow`` per stay at a step between ``start`` and ``end`` (inclusive), in local time."""
    visits = (Visit.objects.filter(office=office, day__gte=start, day__lte=end)
              .select_related("step", "counter", "officer").order_by("joined_at", "id"))

    def local(value):
        return office.localtime(value) if value else None

    return [VisitRow(ticket_id=v.ticket_id, ticket_class=v.ticket_class, step=v.step.name,
                     joined_at=local(v.joined_at), called_at=local(v.called_at), ended_at=local(v.ended_at),
                     outcome=v.outcome, counter=v.counter.name if v.counter else "",
                     officer=(v.officer.display_name if v.officer else ""),
                     priority_room=bool(v.counter and v.counter.priority_room)) for v in visits]


def _minutes(start_col: str, end_col: str) -> str:
    if connection.vendor == "postgresql":
        return f"(EXTRACT(EPOCH FROM ({end_col} - {start_col})) / 60.0)"
    # SQLite keeps "YYYY-MM-DD HH:MM:SS[.ffffff]" (UTC): whole seconds plus the fraction, exactly as Python.
    return (f"(((CAST(strftime('%%s', {end_col}) AS INTEGER) - CAST(strftime('%%s', {start_col}) AS INTEGER)) "
            f"+ (CAST(substr({end_col}, 20) AS REAL) - CAST(substr({start_col}, 20) AS REAL))) / 60.0)")


def _local(column: str, office, fmt: str) -> tuple[str, list]:
    """SQL for ``column`` (UTC) on the office's clock: ``fmt`` "hour" (0–23) or "day-hour" (text)."""
    if connection.vendor == "postgresql":
        if fmt == "hour":
            return f"CAST(EXTRACT(HOUR FROM {column} AT TIME ZONE %s) AS integer)", [office.tz.key]
        return f"to_char({column} AT TIME ZONE %s, 'YYYY-MM-DD HH24')", [office.tz.key]
    # SQLite stores UTC text; Indonesian offices keep one UTC offset all year (no daylight saving).
    offset = f"{int(office.start_of_day(date(2000, 1, 1)).utcoffset().total_seconds() // 60):+d} minutes"
    if fmt == "hour":
        return f"CAST(strftime('%%H', {column}, %s) AS INTEGER)", [offset]
    return f"strftime('%%Y-%%m-%%d %%H', {column}, %s)", [offset]


GROUPINGS = ("total", "class", "step", "counter", "hour")


def _micros(start_col: str, end_col: str) -> str:
    """SQL for the exact microseconds from ``start_col`` to ``end_col`` (an integer)."""
    if connection.vendor == "postgresql":
        return f"CAST(round(date_part('epoch', {end_col} - {start_col}) * 1000000) AS bigint)"
    # SQLite keeps "YYYY-MM-DD HH:MM:SS[.ffffff]" (UTC): whole seconds, then the fraction's microseconds.
    return (f"((CAST(strftime('%%s', {end_col}) AS INTEGER) - CAST(strftime('%%s', {start_col}) AS INTEGER)) "
            f"* 1000000 + CAST(ROUND((CAST(substr({end_col}, 20) AS REAL) - CAST(substr({start_col}, 20) AS REAL)) "
            f"* 1000000) AS INTEGER))")


def _minutes_of(micros: int) -> float:
    """Minutes as ``stats`` computes them from two moments: ``(end - start).total_seconds() / 60``."""
    return timedelta(microseconds=micros).total_seconds() / 60


@dataclass
class _Cell:
    """The visits of one class, step name, counter and hour: counts, exact sums and every wait."""

    visits: int = 0
    called: int = 0
    no_shows: int = 0
    wait_us: int = 0
    wait_max_us: int | None = None
    service_us: int = 0
    services: int = 0
    waits: list[int] = field(default_factory=list)

    def add(self, other: _Cell) -> None:
        self.visits += other.visits
        self.called += other.called
        self.no_shows += other.no_shows
        self.wait_us += other.wait_us
        if other.wait_max_us is not None and (self.wait_max_us is None or other.wait_max_us > self.wait_max_us):
            self.wait_max_us = other.wait_max_us
        self.service_us += other.service_us
        self.services += other.services
        self.waits.extend(other.waits)

    def summary(self) -> stats.Summary:
        waits = sorted(self.waits)
        median = None
        if waits:  # statistics.median: the middle one, or the mean of the two middle ones
            middle = len(waits) // 2
            median = (_minutes_of(waits[middle]) if len(waits) % 2
                      else (_minutes_of(waits[middle - 1]) + _minutes_of(waits[middle])) / 2)
        return stats.Summary(
            visits=self.visits, called=self.called, no_shows=self.no_shows, wait_sum=self.wait_us / 60_000_000,
            wait_max_minutes=None if self.wait_max_us is None else _minutes_of(self.wait_max_us),
            wait_median_minutes=median, service_sum=self.service_us / 60_000_000, services=self.services)


@dataclass(frozen=True)
class VisitCells:
    """The period's visits added up per class, step name and counter, and per local hour (``visit_cells``)."""

    cells: list[tuple[str, str, str | None, bool, _Cell]]  # class, step, counter, priority room, figures
    hours: dict[int, _Cell]


def visit_cells(office, start: date, end: date) -> VisitCells:
    """The office's visits between ``start`` and ``end`` (inclusive) added up per class, step and counter, and per
    local hour joined: counts, exact sums and maxima in microseconds, and each cell's waits (one array).

    One query with two grouping sets, hashed by the database (a few dozen cells for an office-year); the step
    and counter names are joined to the cells afterwards. Nothing is sorted for a median in the database:
    an ordered-set median per grouping set sorted the period's visits four times and spilled to disk. Waits
    are whole microseconds; ``date_part`` gives the seconds as a double, exact to far below a microsecond for
    any wait, so rounding recovers the integer."""
    visits, steps, counters = Visit._meta.db_table, Step._meta.db_table, Counter._meta.db_table
    hour_sql, hour_params = _local("vi.joined_at", office, "hour")
    wait, service = _micros("vi.joined_at", "vi.called_at"), _micros("vi.called_at", "vi.ended_at")
    rows = (f"SELECT vi.ticket_class AS cls, vi.step_id, vi.counter_id, {hour_sql} AS hour, "
            f"CASE WHEN vi.called_at IS NOT NULL THEN {wait} END AS wait, "
            f"CASE WHEN vi.called_at IS NOT NULL AND vi.outcome <> 'no_show' AND vi.ended_at IS NOT NULL "
            f"THEN {service} END AS service, "
            f"CASE WHEN vi.called_at IS NOT NULL AND vi.outcome = 'no_show' THEN 1 ELSE 0 END AS no_show "
            f"FROM {visits} vi WHERE vi.office_id = %s AND vi.day >= %s AND vi.day <= %s")
    figures = ("COUNT(*) AS n, COUNT(wait) AS called, SUM(no_show) AS no_shows, SUM(wait) AS wait_us, "
               "MAX(wait) AS wait_max, SUM(service) AS service_us, COUNT(service) AS services")
    if connection.vendor == "postgresql":
        grouped = (f"SELECT GROUPING(hour) AS by_cell, cls, step_id, counter_id, hour, {figures}, "
                   f"array_agg(wait) FILTER (WHERE wait IS NOT NULL) AS waits FROM ({rows}) v "
                   f"GROUP BY GROUPING SETS ((cls, step_id, counter_id), (hour))")
    else:  # SQLite: no grouping sets and no arrays (the integers as text)
        grouped = (f"SELECT 1 AS by_cell, cls, step_id, counter_id, NULL AS hour, {figures}, "
                   f"group_concat(wait) AS waits FROM ({rows}) v GROUP BY cls, step_id, counter_id "
                   f"UNION ALL SELECT 0, NULL, NULL, NULL, hour, {figures}, group_concat(wait) FROM ({rows}) v "
                   f"GROUP BY hour")
    sql = (f"SELECT a.by_cell, a.cls, st.name, co.name, co.priority_room, a.hour, a.n, a.called, a.no_shows, "
           f"a.wait_us, a.wait_max, a.service_us, a.services, a.waits FROM ({grouped}) a "
           f"LEFT JOIN {steps} st ON st.id = a.step_id LEFT JOIN {counters} co ON co.id = a.counter_id")
    params = [*hour_params, office.pk, start, end]
    if connection.vendor != "postgresql":
        params = params * 2
    cells, hours = [], {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)  # noqa: S608 - table names are our models'
        for (by_cell, cls, step, counter, room, hour, n, called, no_shows, wait_us, wait_max, service_us, services,
             cell_waits) in cursor.fetchall():
            if isinstance(cell_waits, str):
                cell_waits = [int(value) for value in cell_waits.split(",")]
            cell = _Cell(visits=n, called=called, no_shows=int(no_shows or 0), wait_us=int(wait_us or 0),
                         wait_max_us=None if wait_max is None else int(wait_max), service_us=int(service_us or 0),
                         services=services, waits=cell_waits or [])
            if by_cell:
                cell.waits.sort()  # once: four groupings add these up, and sorting sorted runs is a merge
                cells.append((cls, step, counter, bool(room), cell))
            else:
                hours[int(hour)] = cell
    return VisitCells(cells, hours)


def visit_summaries(office, start: date, end: date, cells: VisitCells | None = None) -> dict[str, dict]:
    """Waiting and service figures of the office's visits between ``start`` and ``end`` (inclusive), per
    grouping (``GROUPINGS``: all, class, step name, counter name, local hour joined), from ``visit_cells``.

    Each grouping adds its cells up; each median sorts its group's waits once (integers, in C). The
    figures are those of ``stats.figures`` exactly: the same microseconds, turned into minutes the same way."""
    cells = cells or visit_cells(office, start, end)
    groups: dict[str, dict] = {name: {} for name in GROUPINGS}
    for cls, step, counter, _room, cell in cells.cells:
        for name, key in (("total", ""), ("class", cls), ("step", step), ("counter", counter)):
            if name == "counter" and key is None:
                continue  # visits not called at any counter have no counter group
            groups[name].setdefault(key, _Cell()).add(cell)
    groups["hour"] = cells.hours
    return {name: stats.sorted_groups({key: cell.summary() for key, cell in found.items()})
            for name, found in groups.items()}


def served_per_officer_counts(office, start: date, end: date) -> dict[str, int]:
    """Visits each officer called and served (not no-show), most first: one query."""
    rows = (Visit.objects.filter(office=office, day__gte=start, day__lte=end, called_at__isnull=False,
                                 officer__isnull=False).exclude(outcome=VisitOutcome.NO_SHOW)
            .values("officer__first_name", "officer__last_name", "officer__username").annotate(n=Count("id"))
            .order_by())
    counts: dict[str, int] = {}
    for row in rows:
        name = f"{row['officer__first_name']} {row['officer__last_name']}".strip() or row["officer__username"]
        counts[name] = counts.get(name, 0) + row["n"]
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def priority_room_figures(office, start: date, end: date, cells: VisitCells | None = None) -> stats.PriorityRoomUse:
    """Priority-room use (``stats.priority_room_use``) from the called visits of ``visit_cells``."""
    cells = cells or visit_cells(office, start, end)
    called = [(cls, room, cell.called) for cls, _step, _counter, room, cell in cells.cells]
    return stats.PriorityRoomUse(
        priority_visits=sum(n for cls, _room, n in called if cls == TicketClass.PRIORITY),
        served_in_room=sum(n for cls, room, n in called if cls == TicketClass.PRIORITY and room),
        room_calls=sum(n for _cls, room, n in called if room),
        room_general_calls=sum(n for cls, room, n in called if cls == TicketClass.GENERAL and room))


def tickets_issued(office, start: date, end: date) -> dict[str, int]:
    rows = (Ticket.objects.filter(office=office, day__gte=start, day__lte=end)
            .values_list("origin").annotate(n=Count("id")).order_by())
    return dict(rows)


def priority_room_staffed_hours(office, start: date, end: date) -> int:
    """Distinct (day, hour) in which the priority room called at least one number (seed 003)."""
    hour_sql, params = _local("c.at", office, "day-hour")
    calls, tickets, counters = Call._meta.db_table, Ticket._meta.db_table, Counter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(DISTINCT {hour_sql}) FROM {calls} c JOIN {tickets} t ON t.id = c.ticket_id "  # noqa: S608
            f"JOIN {counters} co ON co.id = c.counter_id WHERE c.office_id = %s AND co.priority_room "
            f"AND NOT c.is_recall AND t.day >= %s AND t.day <= %s", [*params, office.pk, start, end])
        return cursor.fetchone()[0]


def kiosk_steps(office) -> list[Step]:
    return list(Step.objects.filter(office=office, kiosk_visible=True))


def open_tickets_today(office, now=None):
    day = office_day(office, now)
    return Ticket.objects.filter(office=office, day=day).filter(
        Q(status=TicketStatus.WAITING) | Q(status=TicketStatus.CALLED))


def priority_room_idle(office, now: datetime | None = None, minutes: int = 30) -> int:
    """Priority numbers waiting while no priority room has called anyone for ``minutes`` (seed 003).

    Returns how many priority numbers wait in that case, else 0: the overview then asks the
    Kasubsi to staff the room.
    """
    now = now or timezone.now()
    day = office_day(office, now)
    if not Counter.objects.filter(office=office, priority_room=True, is_active=True).exists():
        return 0
    waiting = Ticket.objects.filter(office=office, day=day, status=TicketStatus.WAITING,
                                    ticket_class=rules.TicketClass.PRIORITY).count()
    if not waiting:
        return 0
    recent = Call.objects.filter(office=office, counter__priority_room=True,
                                 at__gte=now - timedelta(minutes=minutes)).exists()
    return 0 if recent else waiting
