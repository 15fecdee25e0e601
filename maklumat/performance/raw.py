"""The Kinerja figures counted straight from the raw events (the reading before the aggregates).

Kept as the reference the aggregates must equal (tests/test_aggregates.py proves it for random
periods and moments) and as the "before" of bench/kinerja_aggregates.py. Dashboards never call it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from maklumat.applications.deadlines import OPEN
from maklumat.compensation.rules.evaluator import decide
from maklumat.compensation.rules.facts import Context, Facts
from maklumat.compensation.selectors import outage_facts
from maklumat.offices.models import Office
from maklumat.performance import rules, selectors
from maklumat.performance.figures import OUT_OF_OFFICE_PROGRAMS


def begun(data: selectors.OfficeData, *, start: date, end: date, as_of: datetime) -> tuple[int, int, int]:
    """(begun, out of office, eligible) of the applications begun in the period."""
    apps = [app for app in data.apps
            if app.events and rules.in_period(min(app.events.values()), data.calendar, start, end)]
    outside = sum(1 for app in apps if app.program in OUT_OF_OFFICE_PROGRAMS)
    policies = data.waits.policies()
    eligible = 0
    if apps and policies:
        first = min(min(app.events.values()) for app in apps)
        ctx = Context(calendar=data.calendar, as_of=as_of, outages=outage_facts(data.office, start=first))
        for app in apps:
            facts = Facts(id=app.number, service=app.service, booking=app.booking, smart_queue=app.smart_queue,
                          events=app.events, flags=app.flags)
            if any(decision.eligible for decision in decide(facts, policies, ctx) if decision.policy is not None):
                eligible += 1
    return len(apps), outside, eligible


def office_figures(office: Office, *, start: date, end: date, as_of: datetime) -> dict:
    """Promises, steps, documents issued and begun/out of office/eligible, from the raw events."""
    data = selectors.office_data(office, start=start, end=end, as_of=as_of)
    return {
        "promises": selectors.promise_rows(selectors.promise_counts(data, start=start, end=end, as_of=as_of)),
        "steps": selectors.step_rows(selectors.step_counts(data, start=start, end=end, as_of=as_of)),
        "documents_issued": selectors.documents_issued(data, start=start, end=end),
        "begun": begun(data, start=start, end=end, as_of=as_of),
    }


def aggregate_figures(office: Office, *, start: date, end: date, as_of: datetime) -> dict:
    """The same figures as ``office_figures``, read from the aggregates (what the dashboards show)."""
    settings = selectors.office_settings([office], on=end)
    steps = selectors.step_counts_for([office], settings, start=start, end=end, as_of=as_of)[office.pk]
    return {
        "promises": selectors.promise_rows(
            selectors.promise_counts_for([office], start=start, end=end, as_of=as_of)[(office.pk, 0, 0)]),
        "steps": selectors.step_rows(steps),
        "documents_issued": selectors.documents_issued_for([office], start=start, end=end, as_of=as_of).get(
            (office.pk, 0, 0), 0),
        "begun": selectors.begun_for([office], start=start, end=end, as_of=as_of).get(office.pk, (0, 0, 0)),
    }


def at_risk_now(office: Office, as_of: datetime) -> dict:
    """``selectors.at_risk_now`` from the raw events. The reading before the clock facts looked at the
    applications with an event in the last 7 days and so missed an allocation paid before a long
    closure (Idul Fitri 2025: paid 26 March, due 9 April); 40 days covers any run of closed days."""
    today = office.local_date(as_of)
    since = today - timedelta(days=40)
    data = selectors._office_data([office], start=since, end=today, as_of=as_of)[0]
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
