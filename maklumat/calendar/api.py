"""API: the working calendar of an office in the caller's reach."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Annotated

from ninja import Query, Router, Schema
from pydantic import Field, WithJsonSchema

from maklumat.calendar.selectors import work_calendar_for
from maklumat.lib.apidoc import Day, errors
from maklumat.offices.scoping import office_for

router = Router(tags=["kantor"])


class DayOut(Schema):
    date: date
    working: bool
    opens: LocalTime | None = Field(description="the office's local time with its offset, e.g. 08:00:00+07:00")
    closes: LocalTime | None = Field(description="the office's local time with its offset, e.g. 15:00:00+07:00")
    reason: str | None


# RFC 3339 ``full-time`` (``08:00:00+07:00``); written out here: Django's JSON encoder refuses aware times.
LocalTime = Annotated[str, WithJsonSchema({"type": "string", "format": "time"})]


def _with_offset(office, day: date, moment: time) -> str:
    """``moment`` on ``day`` at the office, carrying the office's offset (WIB +07:00, WITA +08:00, WIT +09:00)."""
    offset = office.tz.utcoffset(datetime.combine(day, moment))
    return moment.replace(tzinfo=timezone(offset)).isoformat()


@router.get("/offices/{code}/calendar", response={200: list[DayOut], **errors(401, 404, 422)},
            summary="Working days of an office")
def office_calendar(request, code: str, start: Day | None = None, days: int = Query(31, ge=1, le=366)):
    office = office_for(request.user, code)
    calendar = work_calendar_for(office)
    first = start or office.local_date()
    rows = []
    for offset in range(days):
        day = first + timedelta(days=offset)
        hours = calendar.hours_on(day)
        rows.append(DayOut(date=day, working=hours is not None,
                           opens=_with_offset(office, day, hours[0]) if hours else None,
                           closes=_with_offset(office, day, hours[1]) if hours else None,
                           reason=calendar.why_closed(day)))
    return rows
