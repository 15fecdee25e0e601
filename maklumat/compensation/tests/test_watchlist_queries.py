"""The watchlist selects application ids first and makes the same number of queries with 3x the applications."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maklumat.applications.services import application_event_record
from maklumat.compensation.selectors import watchlist
from maklumat.compensation.tests.fixtures import application_with


def _waiting(office, prefix: str, n: int, minutes: int) -> None:
    now = timezone.now()
    for i in range(n):
        application = application_with(office, f"{prefix}-{i}")
        application_event_record(application=application, name="biometric_ticket", at=now - timedelta(minutes=minutes))


def _count(office) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        lists = watchlist(office, as_of=timezone.now())
    return len(queries.captured_queries), lists


def test_the_watchlist_makes_the_same_number_of_queries_with_three_times_the_applications(blitar):
    _waiting(blitar, "BLT-LATE", 2, 125)
    _waiting(blitar, "BLT-WAIT", 1, 106)
    small, lists = _count(blitar)
    assert (len(lists["eligible"]), len(lists["soon"])) == (2, 1)
    _waiting(blitar, "BLT-LATE2", 4, 125)
    _waiting(blitar, "BLT-WAIT2", 2, 106)
    large, lists = _count(blitar)
    assert (len(lists["eligible"]), len(lists["soon"])) == (6, 3)
    assert large == small


def test_a_cancelled_application_is_left_out_by_the_database(blitar):
    _waiting(blitar, "BLT-LATE", 1, 125)
    cancelled = application_with(blitar, "BLT-CANCEL")
    now = timezone.now()
    application_event_record(application=cancelled, name="biometric_ticket", at=now - timedelta(minutes=125))
    application_event_record(application=cancelled, name="cancellation", at=now - timedelta(minutes=5))
    lists = watchlist(blitar, as_of=now)
    assert [row.application.number for row in lists["eligible"]] == ["BLT-LATE-0"]
