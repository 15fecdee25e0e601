"""Reading applications and their events."""

from __future__ import annotations

from datetime import UTC, datetime

from django.db.models import Q, QuerySet

from maklumat.applications.deadlines import StepNorm, application_deadlines, service_terms, step_clocks
from maklumat.applications.events import event_label
from maklumat.applications.models import Application, ApplicationEvent
from maklumat.calendar.selectors import work_calendar_for
from maklumat.lib.validation import EARLIEST_MOMENT
from maklumat.standards.models import SopKind
from maklumat.standards.selectors import sop_version_in_force

# Stored moments outside this window are typing mistakes that got in before the services refused
# them (e.g. 0001-01-01): they count in no clock or decision, the page shows them to be voided.
SANE_FROM = EARLIEST_MOMENT.replace(tzinfo=UTC)
SANE_UNTIL = datetime(9000, 1, 1, tzinfo=UTC)
SANE_EVENT = Q(at__gte=SANE_FROM, at__lt=SANE_UNTIL)


def is_sane_moment(moment: datetime | None) -> bool:
    return moment is not None and SANE_FROM <= moment < SANE_UNTIL


def countable_events() -> QuerySet[ApplicationEvent]:
    """Events that count in deadlines, clocks and decisions: not voided, at a plausible moment."""
    return ApplicationEvent.objects.filter(SANE_EVENT)


def event_times_from(events) -> dict[str, datetime]:
    """The first moment of each event name (events in time order), the shape the pure rules take."""
    times: dict[str, datetime] = {}
    for event in events:
        if is_sane_moment(event.at):
            times.setdefault(event.name, event.at)
    return times


def application_event_times(application: Application) -> dict[str, datetime]:
    """The first moment of each counting event name, the shape the pure rules take."""
    times: dict[str, datetime] = {}
    for name, at in countable_events().filter(application=application).order_by("at").values_list("name", "at"):
        times.setdefault(name, at)
    return times


def office_applications(office) -> QuerySet[Application]:
    return Application.objects.filter(office=office).select_related("service", "office")


def application_timeline(application: Application, *, as_of: datetime) -> dict:
    """The application's events (voided ones marked), its deadlines and SOP step clocks, as of ``as_of``."""
    office = application.office
    calendar = work_calendar_for(office)
    stored = list(ApplicationEvent.all_objects.filter(application=application)
                  .select_related("recorded_by", "voided_by").order_by("at", "id"))
    rows = []
    for event in stored:
        sane = is_sane_moment(event.at)
        rows.append({"event": event, "label": event_label(event.name),
                     "when": office.localtime(event.at) if sane else None,
                     "raw": "" if sane else event.at.isoformat()})
    times = event_times_from(event for event in stored if event.voided_at is None)
    local = office.local_date(min(times.values(), default=as_of))
    version = sop_version_in_force(office=office, kind=SopKind.ISSUANCE, on=local)
    steps = [StepNorm(step.order, step.code, step.activity, step.norm_minutes)
             for step in (version.steps.all() if version else [])]
    return {
        "events": rows,
        "deadlines": application_deadlines(events=times, terms=service_terms(application), calendar=calendar,
                                           as_of=as_of),
        "steps": step_clocks(steps=steps, events=times, as_of=as_of),
        "sop_version": version,
        "tz": calendar.tz,
    }
