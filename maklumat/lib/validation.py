"""Plausibility checks shared by every entry point (form, API, CLI, admin go through services).

Each check returns an error message (translated) or ``None``; services turn it into a
``ValidationError`` naming the field. Pure: no ORM, no request.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils.translation import gettext as _

# Records older than this are typing mistakes (the system's earliest source document is 2020).
EARLIEST_MOMENT = datetime(2000, 1, 1)
# Clocks of devices and servers drift; a few minutes ahead is tolerated, more is a mistake.
FUTURE_TOLERANCE = timedelta(minutes=5)
MAX_UTC_OFFSET = timedelta(hours=14)


def implausible_moment(moment: datetime, *, now: datetime, earliest: datetime | None = None) -> str | None:
    """Why ``moment`` (aware) cannot be a real record's time, or ``None`` when it can."""
    offset = moment.utcoffset()
    if offset is None:
        return _("Waktu harus menyertakan zona waktu.")
    if abs(offset) > MAX_UTC_OFFSET:
        return _("Zona waktu di luar ±14:00.")
    floor = earliest or EARLIEST_MOMENT
    if floor.tzinfo is None:
        floor = floor.replace(tzinfo=moment.tzinfo)
    if moment < floor:
        return _("Waktu %(moment)s terlalu lampau (paling awal %(floor)s).") % {
            "moment": moment.strftime("%Y-%m-%d %H:%M"), "floor": floor.strftime("%Y-%m-%d")}
    if moment > now + FUTURE_TOLERANCE:
        return _("Waktu %(moment)s masih di masa depan.") % {"moment": moment.strftime("%Y-%m-%d %H:%M")}
    return None


def bad_text(value: str, *, max_length: int) -> str | None:
    """Why ``value`` cannot be stored as text (NUL bytes, too long), or ``None``."""
    if "\x00" in value:
        return _("Teks mengandung karakter NUL.")
    if len(value) > max_length:
        return _("Teks terlalu panjang (paling banyak %(n)d karakter).") % {"n": max_length}
    return None
