"""Reading compensation data and turning rows into the pure rules' inputs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.db.models import CharField, Q, QuerySet
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
    latest event moment (``LatestEvent``, an index on office and moment), their countable events are
    read as plain tuples, and application rows are loaded only for the rows shown.
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
    # Moments as text, parsed by ``datetime.fromisoformat`` (C) once per application and event name: the
    # driver's aware-datetime loader, in Python, cost more than everything else here together. Both
    # databases write UTC moments as fixed-width text that sorts in time order, so the first moment of
    # each name is the smallest text (no ORDER BY).
    texts: dict[int, dict[str, str]] = {}
    latest: dict[int, str] = {}  # an application counts with a countable event since ``since``
    for pk, name, text in _all_rows(countable_events().filter(application_id__in=candidates).order_by()
                                    .annotate(moment=Cast("at", CharField()))
                                    .values_list("application_id", "name", "moment")):
        times = texts.get(pk)
        if times is None:
            texts[pk] = {name: text}
            latest[pk] = text
        else:
            seen = times.get(name)
            if seen is None or text < seen:
                times[name] = text
            if text > latest[pk]:
                latest[pk] = text
    facts_rows = (Application.objects.filter(pk__in=candidates).order_by("-created_at", "-pk")
                  .values_list("pk", "number", "service__code", "booking_channel", "smart_queue", "under_review",
                               "needs_field_check", "broker_involved"))
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
    for pk, number, service, booking, smart_queue, under_review, field_check, broker in facts_rows:
        stored = texts.get(pk)
        if stored is None or "cancellation" in stored or _moment(latest[pk]) < since:
            continue
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
        times = {name: _moment(text) for name, text in stored.items()}
        if pk not in claimed and _ELIGIBLE not in line and not _about_to_breach(times, ctx, today, promises):
            continue
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


_ELIGIBLE = b'"decision":"' + DECISION_ELIGIBLE.encode() + b'"'
_PENDING = b'"decision":"' + DECISION_PENDING.encode() + b'"'


def _all_rows(query: QuerySet) -> list[tuple]:
    """The rows of a values_list query of plain columns in one fetch (no per-row work by the ORM)."""
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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


def _about_to_breach(events: dict[str, datetime], ctx: Context, today, promises: _Promises) -> tuple[str, str] | None:
    """(Indonesian, English) why an application is about to breach a promise of a policy, or None."""
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
