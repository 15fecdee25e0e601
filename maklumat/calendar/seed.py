"""Demo data: an office closure and a Saturday service day, so the calendar shows both."""

from __future__ import annotations

from datetime import date, time

from maklumat.calendar.models import ExtraOpening, OfficeClosure
from maklumat.offices.models import Office


def seed_demo(log) -> None:
    blitar = Office.objects.filter(code="blitar").first()
    if blitar is None:
        return
    ExtraOpening.objects.get_or_create(
        office=blitar, date=date(2025, 5, 17),
        defaults={"opens": time(8), "closes": time(12), "reason": "Layanan paspor hari Sabtu"},
    )
    OfficeClosure.objects.get_or_create(
        office=blitar, date=date(2025, 10, 3), defaults={"reason": "Pemadaman listrik PLN sehari penuh"},
    )
    log("calendar: 1 hari buka tambahan, 1 penutupan kantor (Blitar)")
