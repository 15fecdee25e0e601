"""Reading compensation data and turning rows into the pure rules' inputs."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from maklumat.applications.models import Application
from maklumat.applications.selectors import application_event_times
from maklumat.calendar.selectors import work_calendar_for
from maklumat.compensation.models import CompensationPolicy, Outage
from maklumat.compensation.rules.evaluator import decide
from maklumat.compensation.rules.facts import Context, Decision, Facts
from maklumat.compensation.rules.facts import Outage as OutageFact
from maklumat.compensation.rules.policy import Policy
from maklumat.offices.models import Office


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
