"""The Kanwil and national roll-ups equal the raw reading office by office and pooled, in a number of
queries that does not grow with the offices.

Data: synthetic years of offices in the three time zones through the import path (the ``on_events``
hook builds the aggregates), some events still to come after the moments drawn. Hypothesis draws
periods and ``as_of`` moments; every office row of ``national_kinerja`` must equal the raw reading
of that office (``raw.office_figures``), and the nation's promises and pooled step figures must
equal the raw clocks and durations of all offices together.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import orjson
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maklumat.applications.importing import applications_import
from maklumat.applications.synthetic import synthetic_applications
from maklumat.calendar.selectors import work_calendar_for
from maklumat.offices.models import Office
from maklumat.performance import raw, rules, selectors
from maklumat.performance.models import ClockFact
from maklumat.performance.tests.test_aggregates import _moment
from maklumat.standards.models import SopKind, SopStep

WIB = ZoneInfo("Asia/Jakarta")
UNTIL = datetime(2025, 12, 20, 12, tzinfo=WIB)


def _load(office, count=70, seed=5):
    lines = [orjson.dumps(row) for row in synthetic_applications(
        calendar=work_calendar_for(office), office_code=office.code, start=date(2025, 1, 2), end=date(2025, 12, 19),
        count=count, seed=seed, until=UNTIL)]
    applications_import(office=office, lines=lines)


def _analyze():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics after the bulk load, as autovacuum would
            cursor.execute("ANALYZE")


def _own_norms(office, changed: dict[str, int]) -> None:
    """Set other norms (minutes) for some steps of ``office``'s own issuance SOP (seeded from its documents)."""
    for code, minutes in changed.items():
        assert SopStep.objects.filter(version__sop__office=office, version__sop__kind=SopKind.ISSUANCE,
                                      code=code).update(norm_minutes=minutes)


@pytest.fixture
def nation(blitar, balikpapan, jayapura):
    for seed, office in enumerate((blitar, balikpapan, jayapura), start=11):
        _load(office, seed=seed)
    # Balikpapan's own SOP sets other norms: the pooled figures count each step against its office's norm.
    _own_norms(balikpapan, {"interview": 25, "biometric": 3})
    _analyze()
    return sorted(ClockFact.objects.values_list("overdue_from", flat=True))


def _raw_pooled(offices, *, start, end, as_of):
    """The nation's promise counts and pooled step figures from the raw events of every office: all
    durations together, each within its own office's norm, the norm shown where every office has it."""
    promises = {code: rules.PromiseCount(code) for code in rules.PROMISE_CODES}
    steps: dict[str, rules.StepCount] = {}
    within: dict[str, int] = {}
    norms: dict[str, set] = {}
    for office in offices:
        data = selectors.office_data(office, start=start, end=end, as_of=as_of)
        for code, count in selectors.promise_counts(data, start=start, end=end, as_of=as_of).items():
            promises[code].merge(count)
        for code, count in selectors.step_counts(data, start=start, end=end, as_of=as_of).items():
            steps.setdefault(code, rules.StepCount(code, None)).durations.extend(count.durations)
            within[code] = within.get(code, 0) + count.within_norm
            norms.setdefault(code, set()).add(count.norm_minutes)
    rows = selectors.step_rows(steps)
    for row in rows:
        row["within_norm"] = within[row["code"]]
        row["norm_minutes"] = min(norms[row["code"]]) if len(norms[row["code"]]) == 1 else None
    return selectors.promise_rows(promises), rows


@pytest.mark.django_db
def test_the_national_rollup_equals_the_raw_reading_office_by_office_and_pooled(nation):
    offices = list(Office.objects.order_by("code"))

    @settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(first=st.dates(date(2024, 12, 1), date(2025, 12, 31)), days=st.integers(0, 400),
           as_of=_moment(nation, until=datetime(2026, 1, 31)))
    def check(first, days, as_of):
        last = first + timedelta(days=days)
        result = selectors.national_kinerja(start=first, end=last, as_of=as_of)
        rows = {row["office"]: row for row in result["offices"]}
        for office in offices:
            expected = raw.office_figures(office, start=first, end=last, as_of=as_of)
            row = rows[office.code]
            assert (row["promises"], row["steps"], row["documents_issued"]) == (
                expected["promises"], expected["steps"], expected["documents_issued"]), office.code
        assert (result["promises"], result["steps"]) == _raw_pooled(offices, start=first, end=last, as_of=as_of)

    check()


@pytest.mark.django_db
@pytest.mark.parametrize("as_of", [datetime(2025, 12, 31, 12, tzinfo=WIB), datetime(2025, 7, 9, 10, tzinfo=WIB)])
def test_a_whole_year_rollup_is_not_empty_and_equals_the_raw_reading(nation, as_of):
    """A calendar year reads the yearly step histograms; as of mid-year, less the steps finished later."""
    result = selectors.national_kinerja(start=date(2025, 1, 1), end=date(2025, 12, 31), as_of=as_of)
    offices = list(Office.objects.order_by("code"))
    assert (result["promises"], result["steps"]) == _raw_pooled(
        offices, start=date(2025, 1, 1), end=date(2025, 12, 31), as_of=as_of)
    rows = {row["office"]: row for row in result["offices"]}
    for office in offices:
        expected = raw.office_figures(office, start=date(2025, 1, 1), end=date(2025, 12, 31), as_of=as_of)
        assert (rows[office.code]["promises"], rows[office.code]["steps"]) == (
            expected["promises"], expected["steps"])
    assert sum(row["total"] for row in result["promises"]) > 0
    measured = [row for row in result["steps"] if row["measured"]]
    assert measured and all(row["median_minutes"] is not None for row in measured)


@pytest.mark.django_db
def test_the_national_rollup_takes_as_many_queries_whatever_the_number_of_offices(blitar, balikpapan, jayapura):
    for office in (blitar, balikpapan, jayapura):
        _load(office, count=30)
    period = {"start": date(2025, 1, 1), "end": date(2025, 12, 31), "as_of": datetime(2025, 12, 31, 12, tzinfo=WIB)}
    with CaptureQueriesContext(connection) as few:
        selectors.national_kinerja(**period)
    for number, source in enumerate([blitar, balikpapan, jayapura] * 2):
        extra = Office.objects.create(code=f"tambahan-{number}", name=f"Kantor Tambahan {number}",
                                      office_class=source.office_class, kanwil=source.kanwil,
                                      time_zone=source.time_zone)
        _load(extra, count=30, seed=number)
    with CaptureQueriesContext(connection) as many:
        result = selectors.national_kinerja(**period)
    assert Office.objects.count() >= 11
    assert len({row["office"] for row in result["offices"] if row["promises"][0]["total"]}) == 9
    assert len(many) == len(few)
