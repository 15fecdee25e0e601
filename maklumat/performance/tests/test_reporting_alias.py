"""The dashboards read through the ``reporting`` database alias when ``REPORTING_DATABASE_URL`` names one."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from maklumat.performance import selectors


@pytest.fixture(scope="module", autouse=True)
def _reporting_connection_closed(django_db_blocker):
    """The ``reporting`` alias opens its own connection to the test database; left open, it keeps
    the test database from being dropped at the end of the session."""
    yield
    with django_db_blocker.unblock():
        connections["reporting"].close()


def test_without_a_reporting_url_the_dashboards_read_the_primary():
    assert "reporting" in settings.DATABASES
    assert settings.DATABASES["reporting"]["TEST"]["MIRROR"] == "default"
    assert settings.REPORTING_DATABASE == "default"


@pytest.mark.skipif(settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
                    reason="a second connection to the SQLite test file waits on the test's own write lock; "
                           "replicas are a PostgreSQL matter")
@pytest.mark.django_db(databases=["default", "reporting"])
def test_with_a_reporting_database_the_aggregates_are_read_there(blitar):
    as_of = datetime(2025, 8, 15, 12, tzinfo=ZoneInfo("Asia/Jakarta"))
    with override_settings(REPORTING_DATABASE="reporting"), \
            CaptureQueriesContext(connections["reporting"]) as reporting:
        selectors.office_kinerja(blitar, start=date(2025, 7, 1), end=date(2025, 7, 31), as_of=as_of)
        selectors.office_kinerja(blitar, start=date(2025, 7, 5), end=date(2025, 7, 20), as_of=as_of)
    tables = " ".join(query["sql"] for query in reporting.captured_queries)
    # a whole month from the monthly statistics, a part of one from the facts
    for table in ("performance_promisemonth", "performance_stepmonth", "performance_applicationmonth",
                  "performance_promiseday", "performance_clockfact", "performance_stepfact",
                  "performance_applicationfact", "complaints_complaint"):
        assert table in tables
