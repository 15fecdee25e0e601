"""Reading a Kinerja request's period and moment (pure): the API and the pages refuse the same things.

A period is two local dates ``from``–``to`` (inclusive) in 2000–2100, ``from`` not after ``to``, at
most 366 days long (a year, leap or not; a longer range would be a multi-year scan of raw events).
``as_of`` is ISO 8601 in the same years with a UTC offset within ±14:00; without an offset it is the
given zone's local time (the office's; WIB for a Kanwil or the nation).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from django.utils.translation import gettext as _

MIN_DATE, MAX_DATE = date(2000, 1, 1), date(2100, 12, 31)
MAX_DAYS = 366
MAX_UTC_OFFSET = timedelta(hours=14)


class ParamError(ValueError):
    """A bad request parameter; ``field`` names it as the request spells it."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def parse_day(field: str, value: str | None) -> date:
    if not value:
        raise ParamError(field, _("wajib diisi (YYYY-MM-DD)."))
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise ParamError(field, _("bukan tanggal YYYY-MM-DD: %(value)r.") % {"value": value[:40]}) from None
    if not MIN_DATE <= day <= MAX_DATE:
        raise ParamError(field, _("tanggal harus antara %(min)s dan %(max)s.") % {
            "min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()})
    return day


def parse_period(start: str | None, end: str | None) -> tuple[date, date]:
    """(``from``, ``to``) as dates, or ``ParamError`` naming ``from`` or ``to``."""
    first, last = parse_day("from", start), parse_day("to", end)
    if first > last:
        raise ParamError("from", _("tanggal awal sesudah tanggal akhir."))
    if (last - first).days + 1 > MAX_DAYS:
        raise ParamError("to", _("periode paling panjang %(n)d hari.") % {"n": MAX_DAYS})
    return first, last


def parse_as_of(value: str | None, *, tz: tzinfo, now: datetime) -> datetime:
    """The moment the figures are counted at: ``now`` when not given."""
    if value is None or value == "":
        return now
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ParamError("as_of", _("bukan waktu ISO 8601: %(value)r.") % {"value": value[:40]}) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    offset = moment.utcoffset()
    if offset is None or abs(offset) > MAX_UTC_OFFSET:
        raise ParamError("as_of", _("zona waktu di luar ±14:00."))
    if not MIN_DATE <= moment.date() <= MAX_DATE:
        raise ParamError("as_of", _("waktu harus antara tahun %(min)d dan %(max)d.") % {
            "min": MIN_DATE.year, "max": MAX_DATE.year})
    return moment
