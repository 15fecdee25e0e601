"""Turning an office's rows into the pure ``WorkCalendar`` every deadline is computed on."""

from __future__ import annotations

from maklumat.calendar.models import ExtraOpening, OfficeClosure
from maklumat.calendar.rules import DEFAULT_HOURS, Opening, WorkCalendar
from maklumat.offices.models import Office, OfficeHours


def work_calendar_for(office: Office) -> WorkCalendar:
    """The working calendar of ``office``: its hours, closures and extra openings (3 queries)."""
    hours = {row.weekday: (row.opens, row.closes) for row in office.hours.all()} or dict(DEFAULT_HOURS)
    closures = dict(OfficeClosure.objects.filter(office=office).values_list("date", "reason"))
    openings = {
        row.date: Opening(row.opens, row.closes, row.reason)
        for row in ExtraOpening.objects.filter(office=office)
    }
    return WorkCalendar(tz_name=office.time_zone, hours=hours, closures=closures, openings=openings)


def work_calendars_for(offices) -> dict[int, WorkCalendar]:
    """``work_calendar_for`` of many offices at once (3 queries in all), by office pk."""
    pks = [office.pk for office in offices]
    hours: dict[int, dict] = {pk: {} for pk in pks}
    for office_id, weekday, opens, closes in OfficeHours.objects.filter(office_id__in=pks).values_list(
            "office_id", "weekday", "opens", "closes"):
        hours[office_id][weekday] = (opens, closes)
    closures: dict[int, dict] = {pk: {} for pk in pks}
    for office_id, day, reason in OfficeClosure.objects.filter(office_id__in=pks).values_list(
            "office_id", "date", "reason"):
        closures[office_id][day] = reason
    openings: dict[int, dict] = {pk: {} for pk in pks}
    for row in ExtraOpening.objects.filter(office_id__in=pks):
        openings[row.office_id][row.date] = Opening(row.opens, row.closes, row.reason)
    return {office.pk: WorkCalendar(tz_name=office.time_zone, hours=hours[office.pk] or dict(DEFAULT_HOURS),
                                    closures=closures[office.pk], openings=openings[office.pk])
            for office in offices}
