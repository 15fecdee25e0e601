"""The batched reads Kinerja added to lower areas answer exactly what their one-office versions do."""

from __future__ import annotations

from datetime import date, time

from maklumat.calendar.models import ExtraOpening, OfficeClosure
from maklumat.calendar.selectors import work_calendar_for, work_calendars_for
from maklumat.offices.models import Office
from maklumat.standards.models import SopKind
from maklumat.standards.selectors import sop_version_in_force, sop_versions_in_force_for


def test_work_calendars_for_many_offices_equal_each_office_calendar(blitar, balikpapan):
    OfficeClosure.objects.create(office=blitar, date=date(2025, 7, 7), reason="Renovasi")
    ExtraOpening.objects.create(office=balikpapan, date=date(2025, 7, 5), opens=time(8), closes=time(12),
                                reason="Layanan Sabtu")
    offices = list(Office.objects.all())
    batched = work_calendars_for(offices)
    for office in offices:
        single = work_calendar_for(office)
        assert (batched[office.pk].tz_name, dict(batched[office.pk].hours), dict(batched[office.pk].closures),
                dict(batched[office.pk].openings)) == (single.tz_name, dict(single.hours), dict(single.closures),
                                                       dict(single.openings))
    assert not batched[blitar.pk].is_working_day(date(2025, 7, 7))
    assert batched[balikpapan.pk].is_working_day(date(2025, 7, 5))


def test_sop_versions_for_many_offices_equal_each_office_version(reference_data):
    offices = list(Office.objects.all())
    for on in (date(2020, 1, 1), date(2025, 7, 31)):
        batched = sop_versions_in_force_for(offices, kind=SopKind.ISSUANCE, on=on)
        assert batched == {office.pk: sop_version_in_force(office=office, kind=SopKind.ISSUANCE, on=on)
                           for office in offices}
