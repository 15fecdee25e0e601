"""Reading applications and their events."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from maklumat.applications.deadlines import StepNorm, application_deadlines, step_clocks
from maklumat.applications.models import Application
from maklumat.calendar.selectors import work_calendar_for
from maklumat.standards.models import SopKind
from maklumat.standards.selectors import sop_version_in_force


def application_event_times(application: Application) -> dict[str, datetime]:
    """The first moment of each event name, the shape the pure rules take."""
    times: dict[str, datetime] = {}
    for name, at in application.events.order_by("at").values_list("name", "at"):
        times.setdefault(name, at)
    return times


def office_applications(office) -> QuerySet[Application]:
    return Application.objects.filter(office=office).select_related("service", "office")


def application_timeline(application: Application, *, as_of: datetime) -> dict:
    """The application's events, its deadlines and its SOP step clocks, as of ``as_of``."""
    calendar = work_calendar_for(application.office)
    events = list(application.events.select_related("recorded_by").order_by("at", "id"))
    times: dict[str, datetime] = {}
    for event in events:
        times.setdefault(event.name, event.at)
    local = calendar.local(min(times.values(), default=as_of)).date()
    version = sop_version_in_force(office=application.office, kind=SopKind.ISSUANCE, on=local)
    steps = [StepNorm(step.order, step.code, step.activity, step.norm_minutes)
             for step in (version.steps.all() if version else [])]
    return {
        "events": events,
        "deadlines": application_deadlines(events=times, accelerated=application.accelerated, calendar=calendar,
                                           as_of=as_of),
        "steps": step_clocks(steps=steps, events=times, as_of=as_of),
        "sop_version": version,
        "tz": calendar.tz,
    }
