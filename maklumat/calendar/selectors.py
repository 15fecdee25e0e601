"""Turning an office's rows into the pure ``WorkCalendar`` every deadline is computed on."""

from __future__ import annotations

from maklumat.calendar.models import ExtraOpening, OfficeClosure
from maklumat.calendar.rules import DEFAULT_HOURS, Opening, WorkCalendar
from maklumat.offices.models import Office


def work_calendar_for(office: Office) -> WorkCalendar:
    """The working calendar of ``office``: its hours, closures and extra openings (3 queries)."""
    hours = {row.weekday: (row.opens, row.closes) for row in office.hours.all()} or dict(DEFAULT_HOURS)
    closures = dict(OfficeClosure.objects.filter(office=office).values_list("date", "reason"))
    openings = {
        row.date: Opening(row.opens, row.closes, row.reason)
        for row in ExtraOpening.objects.filter(office=office)
    }
    return WorkCalendar(tz_name=office.time_zone, hours=hours, closures=closures, openings=openings)
