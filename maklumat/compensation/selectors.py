"""Reading compensation data and turning rows into the pure rules' inputs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Prefetch, Q, QuerySet

from maklumat.applications.models import Application, ApplicationEvent
from maklumat.applications.selectors import application_event_times
from maklumat.calendar.selectors import work_calendar_for
from maklumat.compensation.models import Claim, CompensationPolicy, Outage
from maklumat.compensation.rules.evaluator import decide
from maklumat.compensation.rules.facts import DECISION_PENDING, Context, Decision, Facts
from maklumat.compensation.rules.facts import Outage as OutageFact
from maklumat.compensation.rules.policy import Policy
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
    """The office's own outages and every national one."""
    return Outage.objects.filter(Q(office=office) | Q(scope="national")).select_related("office", "recorded_by")


def outage_facts(office: Office, start: datetime | None = None, end: datetime | None = None) -> tuple[OutageFact, ...]:
    rows = outages_affecting(office)
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


# An applicant waiting this long is about to pass the Blitar 2-hour line: act before the breach.
WAIT_WARNING = timedelta(hours=1, minutes=45)
WATCH_DAYS = 14


@dataclass
class WatchRow:
    application: Application
    decision: Decision
    why: str
    why_en: str = ""
    claim: Claim | None = None


def watchlist(office: Office, *, as_of: datetime) -> dict[str, list[WatchRow]]:
    """Who is eligible (not yet claimed), who is about to be, and claims still being fulfilled.

    Looks at applications with an event in the last two weeks; one calendar, one outage
    query and one events query for all of them.
    """
    calendar = work_calendar_for(office)
    since = as_of - timedelta(days=WATCH_DAYS)
    ctx = Context(calendar=calendar, as_of=as_of, outages=outage_facts(office, start=since))
    policies = policies_for(office)
    applications = list(
        Application.objects.filter(office=office, events__at__gte=since).distinct().select_related("service", "office")
        .prefetch_related(Prefetch("events", queryset=ApplicationEvent.objects.order_by("at")))
    )
    claims = {(c.application_id, c.policy.code): c
              for c in Claim.objects.filter(application__in=applications).select_related("policy")
              .prefetch_related("fulfilments")}
    today = calendar.local(as_of).date()
    result: dict[str, list[WatchRow]] = {"eligible": [], "soon": [], "claimed": []}
    for application in applications:
        events: dict[str, datetime] = {}
        for event in application.events.all():
            events.setdefault(event.name, event.at)
        if "cancellation" in events:
            continue
        facts = facts_for(application, events)
        for decision in decide(facts, policies, ctx):
            if decision.policy is None:
                continue
            claim = claims.get((application.pk, decision.policy))
            if claim is not None:
                if any(not f.is_done for f in claim.fulfilments.all()):
                    result["claimed"].append(WatchRow(application, decision, "", "", claim))
                continue
            if decision.eligible:
                reason = _main_reason(decision)
                result["eligible"].append(WatchRow(application, decision, reason.reason_id, reason.reason_en))
            elif decision.decision == DECISION_PENDING:
                why = _about_to_breach(events, ctx, today)
                if why:
                    result["soon"].append(WatchRow(application, decision, *why))
    return result


def _main_reason(decision: Decision):
    """The condition that shows why: the first one that held with a measured breach (a wait, a number
    of working days, a flag), not the ones every ordinary application meets."""
    for condition in decision.conditions:
        measured = condition.measured
        if condition.held and measured not in (None, False, 0) and not isinstance(measured, str):
            return condition
    return next(c for c in decision.conditions if c.held)


def _about_to_breach(events: dict[str, datetime], ctx: Context, today) -> tuple[str, str] | None:
    """(Indonesian, English) why an application is about to breach a promise, or None."""
    ticket, started = events.get("biometric_ticket"), events.get("biometric_start")
    if ticket is not None and started is None and ctx.as_of - ticket >= WAIT_WARNING:
        minutes = int((ctx.as_of - ticket).total_seconds() // 60)
        return (f"Menunggu {minutes // 60} jam {minutes % 60} menit sejak nomor antrian biometrik",
                f"Waiting {minutes // 60} h {minutes % 60} min since the biometric queue ticket")
    payment = events.get("payment")
    if payment is not None and "allocation" not in events:
        deadline = ctx.calendar.end_of_nth_working_day(payment, 2)
        if (deadline - timedelta(seconds=1)).date() == today:
            return ("Alokasi paspor jatuh tempo hari ini (2 hari kerja setelah pembayaran)",
                    "Passport allocation due today (2 working days after payment)")
    return None


def claim_for(user, code: str, pk: int) -> Claim:
    office = office_for(user, code)
    return get_scoped_or_404(
        Claim.objects.select_related("application", "application__office", "application__service", "policy",
                                     "recorded_by").prefetch_related("fulfilments"),
        user, office_field="application__office", pk=pk, application__office=office,
    )
