"""API: the working calendar of an office in the caller's reach."""

from __future__ import annotations

from datetime import date, time

from ninja import Router, Schema

from maklumat.calendar.selectors import work_calendar_for
from maklumat.offices.scoping import office_for

router = Router(tags=["kantor"])


class DayOut(Schema):
    date: date
    working: bool
    opens: time | None
    closes: time | None
    reason: str | None


@router.get("/offices/{code}/calendar", response=list[DayOut], summary="Working days of an office")
def office_calendar(request, code: str, start: date | None = None, days: int = 31):
    office = office_for(request.user, code)
    calendar = work_calendar_for(office)
    first = start or office.local_date()
    rows = []
    for offset in range(max(1, min(days, 366))):
        day = date.fromordinal(first.toordinal() + offset)
        hours = calendar.hours_on(day)
        rows.append(DayOut(date=day, working=hours is not None, opens=hours[0] if hours else None,
                           closes=hours[1] if hours else None, reason=calendar.why_closed(day)))
    return rows
