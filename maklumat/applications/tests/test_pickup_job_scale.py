"""The pickup job looks only at passports that can have expired, whatever the size of the history."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import orjson
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maklumat.applications.importing import applications_import
from maklumat.applications.models import ApplicationEvent
from maklumat.applications.services import application_cancel_uncollected

WIB = ZoneInfo("Asia/Jakarta")


def application(number: str, *, collected: bool) -> bytes:
    events = {"payment": "2025-03-03T09:00:00+07:00", "ready": "2025-03-05T10:00:00+07:00"}
    if collected:
        events["handover"] = "2025-03-07T10:00:00+07:00"
    return orjson.dumps({"id": number, "service": "baru", "booking": "walk_in", "events": events})


@pytest.mark.django_db
def test_collected_passports_cost_the_pickup_job_no_queries(blitar):
    lines = [application(f"C{n}", collected=True) for n in range(60)]
    lines += [application("U1", collected=False), application("U2", collected=False)]
    applications_import(office=blitar, lines=lines)

    with CaptureQueriesContext(connection) as queries:
        cancelled = application_cancel_uncollected(as_of=datetime(2025, 6, 1, tzinfo=WIB))

    assert sorted(app.number for app in cancelled) == ["U1", "U2"]
    # A constant per cancelled passport (event, chained audit entry, and the on_events hook's refresh of
    # that application's Kinerja aggregates with its monthly statistics and its year's step histograms,
    # and the latest-event row the compensation watchlist reads: about 42), none per collected one.
    assert len(queries) <= 4 + 2 * 42
    assert ApplicationEvent.objects.filter(name="cancellation").count() == 2
