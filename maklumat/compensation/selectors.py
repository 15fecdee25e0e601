"""Reading compensation data and turning rows into the pure rules' inputs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import orjson
from django.db import connection
from django.db.models import CharField, Max, Min, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from maklumat.applications.models import Application
from maklumat.applications.selectors import (
    SANE_FROM,
    SANE_UNTIL,
    application_event_times,
    countable_events,
)
from maklumat.calendar.selectors import work_calendar_for
from maklumat.compensation.models import Claim, CompensationPolicy, LatestEvent, Outage
from maklumat.compensation.promises import allocation_working_days, biometric_wait_promise
from maklumat.compensation.rules.compiled import OUTPUT_COMPACT, compile_batch, fixed
from maklumat.compensation.rules.evaluator import decide
from maklumat.compensation.rules.facts import DECISION_ELIGIBLE, DECISION_PENDING, Context, Decision, Facts
from maklumat.compensation.rules.facts import Outage as OutageFact
from maklumat.compensation.rules.policy import Policy
from maklumat.lib.promises import WaitPromise
from maklumat.offices.models import Office
from maklumat.offices.scoping import get_scoped_or_404, office_for


def policy_rows_for(office: Office) -> QuerySet[CompensationPolicy]:
    return CompensationPolicy.objects.filter(office=office).order_by("effective_from", "code")


def policies_for(office: Office, code: str | None = None) -> list[Policy]:
    rows = policy_rows_for(office)
    if code:
        rows = rows.filter(code=code)
    return [row.compiled() for row in rows]


def outages_affecting(office: Office) -> QuerySet[Outage]:
    """The office's own outages and every national one that count (not voided)."""
    return Outage.objects.filter(Q(office=office) | Q(scope="national")).select_related("office", "recorded_by")


def outage_register(office: Office) -> QuerySet[Outage]:
    """The register page: every outage affecting the office, voided ones included (marked)."""
    return (Outage.all_objects.filter(Q(office=office) | Q(scope="national"))
            .select_related("office", "recorded_by", "voided_by"))


def outage_facts(office: Office, start: datetime | None = None, end: datetime | None = None) -> tuple[OutageFact, ...]:
    """The outages that count, as rule inputs. A row stored at an implausible moment (before the
    validation refused them) counts nowhere: it is shown on the register, to be voided."""
    rows = outages_affecting(office).filter(start__gte=SANE_FROM, start__lt=SANE_UNTIL).filter(
        Q(end__isnull=True) | Q(end__lt=SANE_UNTIL))
    if start is not None:
        rows = rows.filter(Q(end__isnull=True) | Q(end__gt=start))
    if end is not None:
        rows = rows.filter(start__lt=end)
    return tuple(OutageFact(start=o.start, end=o.end, scope=o.scope, note=o.note) for o in rows.order_by("start"))


def facts_for(application: Application, events: dict[str, datetime] | None = None) -> Facts:
    return Facts(
        id=application.number, service=application.service.code, booking=application.booking_channel,
        smart_queue=application.smart_queue,
        events=events if events is not None else application_event_times(application),
        flags=frozenset(application.flags),
    )


def application_decisions(application: Application, *, as_of: datetime) -> list[Decision]:
    """Every policy's decision on ``application`` as of ``as_of`` (a few queries)."""
    office = application.office
    facts = facts_for(application)
    first = min(facts.events.values(), default=as_of)
    ctx = Context(calendar=work_calendar_for(office), as_of=as_of, outages=outage_facts(office, start=first))
    return decide(facts, policies_for(office), ctx)


WATCH_DAYS = 14


@dataclass
class WatchRow:
    application: Application
    decision: Decision
    why: str
    why_en: str = ""
    claim: Claim | None = None
    policy_row: CompensationPolicy | None = None
    policy_title: str = ""


def watchlist(office: Office, *, as_of: datetime) -> dict[str, list[WatchRow]]:
    """Who is eligible (not yet claimed), who is about to be, and claims still being fulfilled.

    Looks at applications with a countable event in the last two weeks (cancelled ones left out).
    A constant number of queries whatever the history: the candidates come from each application's
    latest event moment (``LatestEvent``, an index on office and moment), with the first moment of each of
    their countable event names grouped by the database (``_candidate_rows``), and application rows are
    loaded only for the rows shown.
    """
    calendar = work_calendar_for(office)
    since = as_of - timedelta(days=WATCH_DAYS)
    ctx = Context(calendar=calendar, as_of=as_of, outages=outage_facts(office, start=since))
    rows = list(policy_rows_for(office))
    policies = [row.compiled() for row in rows]
    policy_rows = {row.code: row for row in rows}
    today = office.local_date(as_of)
    promises = _Promises(wait=biometric_wait_promise(office, today), allocation=allocation_working_days(office, today))
    candidates = LatestEvent.objects.filter(office=office, at__gte=since).values("application_id")
    facts_rows = _candidate_rows(office, since)
    claims = {(c.application_id, c.policy.code): c
              for c in Claim.objects.filter(application_id__in=candidates).select_related("policy")
              .prefetch_related("fulfilments")}
    claimed = {pk for pk, _code in claims}
    # The compiled policies (proven equal to the plain evaluator) tell cheaply which applications are
    # eligible, or pending and about to breach, under some policy; only those (and the claimed ones)
    # are decided in full, for the reasons shown.
    compiled = compile_batch(policies, ctx, output=OUTPUT_COMPACT)
    answer, read = compiled.answer, compiled.events_read
    as_of_fixed = fixed(as_of)
    found: list[tuple[str, int, Decision, str, str, Claim | None]] = []
    for pk, number, service, booking, smart_queue, under_review, field_check, broker, events in facts_rows:
        stored = orjson.loads(events)
        flags = frozenset(name for name, raised in (("under_review", under_review), ("field_check", field_check),
                                                    ("broker", broker)) if raised)
        if pk not in claimed:
            # Only the names the compiled policies read, parsed; the earliest of all from the text.
            first = _moment(min(stored.values()))
            line = answer(Facts(id=number, service=service, booking=booking, smart_queue=smart_queue,
                                events={name: _moment(stored[name]) for name in read if name in stored},
                                flags=flags), as_of_fixed if as_of_fixed < first else first)
            if _ELIGIBLE not in line and _PENDING not in line:
                continue
        if pk not in claimed and _ELIGIBLE not in line and not _about_to_breach(
                {name: _moment(stored[name]) for name in _BREACH_READS if name in stored}, ctx, today, promises):
            continue
        times = {name: _moment(text) for name, text in stored.items()}
        facts = Facts(id=number, service=service, booking=booking, smart_queue=smart_queue, events=times,
                      flags=flags)
        for decision in decide(facts, policies, ctx):
            if decision.policy is None:
                continue
            claim = claims.get((pk, decision.policy))
            if claim is not None:
                if any(not f.is_done for f in claim.fulfilments.all()):
                    found.append(("claimed", pk, decision, "", "", claim))
                continue
            if decision.eligible:
                reason = _main_reason(decision)
                found.append(("eligible", pk, decision, reason.reason_id, reason.reason_en, None))
            elif decision.decision == DECISION_PENDING:
                why = _about_to_breach(times, ctx, today, promises)
                if why:
                    found.append(("soon", pk, decision, *why, None))
    shown = Application.objects.select_related("service", "office").in_bulk({pk for _, pk, *_ in found})
    result: dict[str, list[WatchRow]] = {"eligible": [], "soon": [], "claimed": []}
    for kind, pk, decision, why, why_en, claim in found:
        result[kind].append(WatchRow(shown[pk], decision, why, why_en, claim, policy_rows.get(decision.policy)))
    return result


def _candidate_rows(office: Office, since: datetime) -> list[tuple]:
    """The applications that count, newest first: each one's facts and, as one JSON object, the first moment
    of each of its countable event names (as text). One query: the candidates come from ``LatestEvent``
    (an index on office and moment); the database groups each one's countable events by name (PostgreSQL
    reads them per candidate from the ``(application, name, at)`` index of the events that count) and leaves
    out the cancelled ones and those without a countable event since ``since`` (``LatestEvent`` may count
    a voided event).

    Moments stay text, parsed by ``datetime.fromisoformat`` (C) only where needed: the driver's
    aware-datetime loader, in Python, cost more than everything else here together, and so did walking
    every event row in Python (the JSON object is decoded in C)."""
    per_name = (countable_events().values("application_id", "name")
                .annotate(first=Cast(Min("at"), CharField()), last=Max("at")).order_by())
    applications = Application._meta.db_table
    services = Application._meta.get_field("service").related_model._meta.db_table
    latest_events = LatestEvent._meta.db_table
    facts = ("a.id, a.number, s.code, a.booking_channel, a.smart_queue, a.under_review, a.needs_field_check, "
             "a.broker_involved")
    grouped = ("{events} AS events, MAX(e.last) AS latest, "
               "SUM(CASE WHEN e.name = 'cancellation' THEN 1 ELSE 0 END) AS cancelled")
    since_value = connection.ops.adapt_datetimefield_value(since)
    if connection.vendor == "postgresql":
        # Per candidate (LATERAL): a hash join over the whole event table was the planner's other choice.
        inner, params = per_name.filter(application_id=RawSQL("l.application_id", [])).query.sql_with_params()
        sql = (f"SELECT {facts}, g.events FROM {latest_events} l JOIN {applications} a ON a.id = l.application_id "
               f"JOIN {services} s ON s.id = a.service_id CROSS JOIN LATERAL (SELECT "
               f"{grouped.format(events='CAST(json_object_agg(e.name, e.first) AS text)')} FROM ({inner}) e) g "
               f"WHERE l.office_id = %s AND l.at >= %s AND g.cancelled = 0 AND g.latest >= %s "
               f"ORDER BY a.created_at DESC, a.id DESC")
        params = [*params, office.pk, since_value, since_value]
    else:
        candidates = LatestEvent.objects.filter(office=office, at__gte=since).values("application_id")
        inner, params = per_name.filter(application_id__in=candidates).query.sql_with_params()
        sql = (f"SELECT {facts}, g.events FROM (SELECT e.application_id, "
               f"{grouped.format(events='json_group_object(e.name, e.first)')} FROM ({inner}) e "
               f"GROUP BY e.application_id) g JOIN {applications} a ON a.id = g.application_id "
               f"JOIN {services} s ON s.id = a.service_id WHERE g.cancelled = 0 AND g.latest >= %s "
               f"ORDER BY a.created_at DESC, a.id DESC")
        params = [*params, since_value]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)  # noqa: S608 - our tables
        return cursor.fetchall()

_ELIGIBLE = b'"decision":"' + DECISION_ELIGIBLE.encode() + b'"'
_PENDING = b'"decision":"' + DECISION_PENDING.encode() + b'"'


def _moment(text: str) -> datetime:
    """A stored moment read as text: PostgreSQL's ``2025-11-12 04:00:00+00``, SQLite's UTC without offset."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _main_reason(decision: Decision):
    """The condition that shows why: the first one that held with a measured breach (a wait, a number
    of working days, a flag), not the ones every ordinary application meets."""
    for condition in decision.conditions:
        measured = condition.measured
        if condition.held and measured not in (None, False, 0) and not isinstance(measured, str):
            return condition
    return next(c for c in decision.conditions if c.held)


@dataclass(frozen=True)
class _Promises:
    """What the office's policies in force promise today (from their data, never restated here)."""

    wait: WaitPromise | None
    allocation: int | None


_BREACH_READS = ("biometric_ticket", "biometric_start", "payment", "allocation")  # what _about_to_breach reads


def _about_to_breach(events: dict[str, datetime], ctx: Context, today, promises: _Promises) -> tuple[str, str] | None:
    """(Indonesian, English) why an application is about to breach a promise of a policy, or None.
    It reads only the events named in ``_BREACH_READS``."""
    ticket, started = events.get("biometric_ticket"), events.get("biometric_start")
    wait = promises.wait
    if wait is not None and ticket is not None and started is None and ctx.as_of - ticket >= wait.warn_after:
        minutes = int((ctx.as_of - ticket).total_seconds() // 60)
        return (f"Menunggu {minutes // 60} jam {minutes % 60} menit sejak nomor antrian biometrik",
                f"Waiting {minutes // 60} h {minutes % 60} min since the biometric queue ticket")
    payment = events.get("payment")
    n = promises.allocation
    if n is not None and payment is not None and "allocation" not in events:
        deadline = ctx.calendar.end_of_nth_working_day(payment, n)
        if ctx.calendar.local(deadline - timedelta(seconds=1)).date() == today:
            return (f"Alokasi paspor jatuh tempo hari ini ({n} hari kerja setelah pembayaran)",
                    f"Passport allocation due today ({n} working days after payment)")
    return None


def claim_for(user, code: str, pk: int) -> Claim:
    office = office_for(user, code, action="compensation.view")
    return get_scoped_or_404(
        Claim.objects.select_related("application", "application__office", "application__service", "policy",
                                     "recorded_by").prefetch_related("fulfilments"),
        user, office_field="application__office", pk=pk, application__office=office,
    )
