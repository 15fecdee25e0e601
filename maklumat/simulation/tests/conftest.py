from __future__ import annotations

from datetime import date, datetime, time, timedelta

import orjson
import pytest

HISTORY_START, HISTORY_END = date(2026, 9, 1), date(2026, 10, 30)


def load_history(office, *, count: int = 500, start: date = HISTORY_START, end: date = HISTORY_END) -> None:
    """Two months of synthetic applications at ``office``, through the bulk import (as the demo does)."""
    from maklumat.applications.importing import applications_import
    from maklumat.applications.synthetic import synthetic_applications
    from maklumat.calendar.selectors import work_calendar_for

    calendar = work_calendar_for(office)
    until = datetime.combine(end + timedelta(days=1), time(0), tzinfo=office.tz)
    lines = (orjson.dumps(line) for line in synthetic_applications(
        calendar=calendar, office_code=office.code, start=start, end=end, count=count, seed=1, until=until))
    applications_import(office=office, lines=lines, source_name="test", now=until + timedelta(days=60))


@pytest.fixture
def blitar_history(blitar):
    load_history(blitar)
    return blitar
