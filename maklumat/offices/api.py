"""API: offices in the caller's reach and their working calendar."""

from __future__ import annotations

from datetime import date, time

from django.utils import timezone
from ninja import Router, Schema

from maklumat.calendar.selectors import work_calendar_for
from maklumat.offices.scoping import office_for, visible_offices

router = Router(tags=["kantor"])


class OfficeOut(Schema):
    code: str
    name: str
    office_class: str
    is_tpi: bool
    kanwil: str
    time_zone: str


class DayOut(Schema):
    date: date
    working: bool
    opens: time | None
    closes: time | None
    reason: str | None


class MeOut(Schema):
    username: str
    name: str
    role: str
    reach: str
    office: str | None
    kanwil: str | None


def _office_out(office) -> OfficeOut:
    return OfficeOut(code=office.code, name=office.name, office_class=office.office_class, is_tpi=office.is_tpi,
                     kanwil=office.kanwil.code, time_zone=office.time_zone)


@router.get("/me", response=MeOut, summary="Who the caller is and how far they reach")
def me(request):
    user = request.user
    return MeOut(username=user.username, name=user.display_name, role=user.role, reach=user.reach,
                 office=user.office.code if user.office_id else None,
                 kanwil=user.kanwil.code if user.kanwil_id else None)


@router.get("/offices", response=list[OfficeOut], summary="Offices in the caller's reach")
def list_offices(request):
    return [_office_out(office) for office in visible_offices(request.user)]


@router.get("/offices/{code}", response=OfficeOut, summary="One office (404 outside the caller's reach)")
def get_office(request, code: str):
    return _office_out(office_for(request.user, code))


@router.get("/offices/{code}/calendar", response=list[DayOut], summary="Working days of an office")
def office_calendar(request, code: str, start: date | None = None, days: int = 31):
    office = office_for(request.user, code)
    calendar = work_calendar_for(office)
    first = start or timezone.now().astimezone(calendar.tz).date()
    rows = []
    for offset in range(max(1, min(days, 366))):
        day = date.fromordinal(first.toordinal() + offset)
        hours = calendar.hours_on(day)
        rows.append(DayOut(date=day, working=hours is not None, opens=hours[0] if hours else None,
                           closes=hours[1] if hours else None, reason=calendar.why_closed(day)))
    return rows
