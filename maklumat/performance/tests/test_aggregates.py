"""The aggregates give exactly the raw reading's figures, for any period and any moment.

Data: a synthetic year of Blitar through the import path (so the ``on_events`` hook builds the
aggregates), with some applications' events still to come; then events recorded and voided through
the services. Hypothesis draws periods and ``as_of`` moments (often exactly on an event or due
moment, or a microsecond beside it) and compares ``raw.aggregate_figures`` with
``raw.office_figures`` (the scan of the raw events), on both databases.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import orjson
import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from maklumat.applications.importing import applications_import
from maklumat.applications.models import Application, ApplicationEvent
from maklumat.applications.services import application_event_record, application_event_void
from maklumat.applications.synthetic import synthetic_applications
from maklumat.calendar.selectors import work_calendar_for
from maklumat.conftest import run_command
from maklumat.performance import raw
from maklumat.performance.aggregates import aggregates_rebuild
from maklumat.performance.models import (
    ApplicationFact,
    ApplicationMonth,
    ClockFact,
    PromiseDay,
    PromiseMonth,
    StepFact,
    StepMonth,
    StepYear,
)

WIB = ZoneInfo("Asia/Jakarta")
UNTIL = datetime(2025, 12, 20, 12, tzinfo=WIB)


def _load(office, count=160, seed=3):
    calendar = work_calendar_for(office)
    lines = [orjson.dumps(row) for row in synthetic_applications(
        calendar=calendar, office_code=office.code, start=date(2025, 1, 2), end=date(2025, 12, 19), count=count,
        seed=seed, until=UNTIL)]
    applications_import(office=office, lines=lines)


def _snapshot(office):
    return {
        "clocks": sorted(ClockFact.objects.filter(office=office).values_list(
            "application_id", "code", "start_day", "started", "overdue_from", "due_day", "kept", "kept_day",
            "on_time")),
        "days": sorted(PromiseDay.objects.filter(office=office).values_list(
            "code", "start_day", "due_day", "kept_day", "on_time", "n"), key=str),
        "steps": sorted(StepFact.objects.filter(office=office).values_list(
            "application_id", "code", "start_day", "finished", "duration_us", "actor_id")),
        "apps": sorted(ApplicationFact.objects.filter(office=office).values_list(
            "application_id", "begun_at", "issued_at", "eligible_at", "eligible_day")),
        "promise_months": sorted(PromiseMonth.objects.filter(office=office).values_list(
            "code", "month", "day", "started", "kept_on_time", "kept_late", "due_not_on_time")),
        "step_months": sorted(StepMonth.objects.filter(office=office).values_list(
            "code", "month", "bucket", "n", "low_us", "high_us", "finished_max")),
        "app_months": sorted(ApplicationMonth.objects.filter(office=office).values_list(
            "month", "day", "begun", "outside", "eligible", "issued")),
        "step_years": sorted(StepYear.objects.filter(office=office).values_list(
            "code", "year", "bucket", "n", "low_us", "high_us")),
    }


@pytest.fixture
def year(blitar, kasubsi):
    _load(blitar)
    moments = sorted(ApplicationEvent.objects.filter(application__office=blitar).values_list("at", flat=True))
    # Changes after the import, through the services: a late payment recorded, an event voided.
    pending = Application.objects.filter(office=blitar).exclude(events__name="payment").first()
    if pending is not None:
        application_event_record(actor=kasubsi, application=pending, name="payment", at=UNTIL + timedelta(days=3))
    handed = ApplicationEvent.objects.filter(application__office=blitar, name="handover").first()
    if handed is not None:
        application_event_void(actor=kasubsi, event=handed, reason="salah input")
    moments += list(ClockFact.objects.filter(office=blitar).values_list("overdue_from", flat=True))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics after the bulk load, as autovacuum would
            cursor.execute("ANALYZE")
    return moments


def _moment(moments, until: datetime = datetime(2026, 2, 28)):
    """A moment at (or 1 µs beside) one of ``moments``, or anywhere from 2025 to ``until`` (WIB)."""
    anchored = st.tuples(st.sampled_from(moments), st.sampled_from([-1, 0, 1])).map(
        lambda pair: pair[0] + timedelta(microseconds=pair[1]))
    free = st.datetimes(min_value=datetime(2025, 1, 1), max_value=until).map(
        lambda moment: moment.replace(tzinfo=WIB))
    return st.one_of(anchored, free)


@pytest.mark.django_db
def test_aggregates_equal_the_raw_reading_for_random_periods_and_moments(blitar, year):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(first=st.dates(date(2024, 12, 1), date(2026, 1, 31)), days=st.integers(0, 120), as_of=_moment(year))
    def check(first, days, as_of):
        last = first + timedelta(days=days)
        assert raw.aggregate_figures(blitar, start=first, end=last, as_of=as_of) == raw.office_figures(
            blitar, start=first, end=last, as_of=as_of)

    check()


@pytest.mark.django_db
def test_whole_months_and_the_monthly_trend_equal_the_raw_reading(blitar, year):
    """Periods of whole months read the stored monthly statistics (``PromiseMonth``, ``StepMonth``):
    any run of months, as of any moment (in a month still counting, on an event, a µs beside it),
    equals the raw reading, and so does each month of the trend."""
    from maklumat.performance import selectors

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(first=st.integers(0, 13), months=st.integers(1, 14), as_of=_moment(year))
    def check(first, months, as_of):
        start = date(2024 + (11 + first) // 12, (11 + first) % 12 + 1, 1)
        last_month = 11 + first + months - 1
        end = date(2024 + (last_month + 1) // 12, (last_month + 1) % 12 + 1, 1) - timedelta(days=1)
        assert raw.aggregate_figures(blitar, start=start, end=end, as_of=as_of) == raw.office_figures(
            blitar, start=start, end=end, as_of=as_of)
        trend = selectors.monthly_trend(blitar, 2025, as_of)
        month = (as_of.month + first) % 12 + 1
        first_day = date(2025, month, 1)
        last_day = (first_day + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        assert trend[month - 1]["promises"] == raw.office_figures(
            blitar, start=first_day, end=last_day, as_of=as_of)["promises"]

    check()


@pytest.mark.django_db
def test_at_risk_from_the_clock_facts_equals_the_raw_reading(blitar, year):
    from maklumat.performance import selectors

    def ordered(risk):
        return {key: sorted(rows, key=lambda row: (str(row.get("ticket_at", row.get("payment_at"))), row["number"]))
                for key, rows in risk.items()}

    seen = {"waiting": 0, "allocation_due_today": 0}

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(as_of=_moment(year))
    def check(as_of):
        found = selectors.at_risk_now(blitar, as_of)
        assert ordered(found) == ordered(raw.at_risk_now(blitar, as_of))
        for key, rows in found.items():
            seen[key] += len(rows)

    check()
    assert seen["allocation_due_today"]


@pytest.mark.django_db
def test_officer_figures_from_the_stored_histograms_equal_the_step_facts(blitar, year, django_user_model):
    """``officer_kinerja`` reads whole months from ``OfficerMonth``: equal to counting the officers'
    step facts one by one (steps measured, within norm, exact median), for any period and moment."""
    from maklumat.performance import rules, selectors
    from maklumat.performance.aggregates import officer_months_fill

    officers = [django_user_model.objects.create(username=f"petugas-{n}") for n in range(3)]
    for index, pk in enumerate(StepFact.objects.filter(office=blitar).order_by("pk").values_list("pk", flat=True)):
        StepFact.objects.filter(pk=pk).update(actor_id=officers[index % 4].pk if index % 4 < 3 else None)
    officer_months_fill()

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(first=st.dates(date(2025, 1, 1), date(2025, 12, 31)), days=st.integers(0, 400), as_of=_moment(year))
    def check(first, days, as_of):
        last = first + timedelta(days=days)
        norms = dict(selectors.office_settings([blitar], on=last)[blitar.pk].norms)
        expected = {}
        for actor, code, micro in StepFact.objects.filter(
                office=blitar, start_day__gte=first, start_day__lte=last, finished__lte=as_of,
                code__in=list(norms), actor_id__isnull=False).values_list("actor_id", "code", "duration_us"):
            count = expected.setdefault(actor, [rules.StepCount("all", None), 0])
            minutes = rules.minutes(timedelta(microseconds=micro))
            count[0].durations.append(minutes)
            count[1] += minutes <= norms[code]
        rows = selectors.officer_kinerja(blitar, start=first, end=last, as_of=as_of)
        assert {row["officer"]: (row["steps_measured"], row["steps_within_norm"], row["median_minutes"])
                for row in rows if row["steps_measured"]} == {
            actor: (count.measured, within, count.median_minutes) for actor, (count, within) in expected.items()}

    check()


def test_officer_figures_count_the_facts_when_a_late_step_changed_after_the_months_were_read(blitar, year,
                                                                                            django_user_model):
    """A step finished after ``as_of`` whose bucket the stored months do not hold (its fact changed
    between the two reads, as when an event is re-recorded meanwhile) makes the officers' table count
    the facts themselves: the right figures, never a KeyError (a 500 on the page)."""
    from maklumat.performance import rules, selectors
    from maklumat.performance.aggregates import officer_months_fill

    officer = django_user_model.objects.create(username="petugas-terlambat")
    StepFact.objects.filter(office=blitar).update(actor_id=officer.pk)
    officer_months_fill()
    norms = dict(selectors.office_settings([blitar], on=date(2025, 12, 31))[blitar.pk].norms)
    late = (StepFact.objects.filter(office=blitar, code__in=list(norms), start_day__month=7)
            .order_by("-finished").first())
    StepFact.objects.filter(pk=late.pk).update(duration_us=10**12)  # a bucket no stored month holds
    first, last, as_of = date(2025, 7, 1), date(2025, 7, 31), late.finished - timedelta(microseconds=1)
    durations = [rules.minutes(timedelta(microseconds=micro)) for code, micro in StepFact.objects.filter(
        office=blitar, code__in=list(norms), start_day__gte=first, start_day__lte=last,
        finished__lte=as_of).values_list("code", "duration_us")]
    count = rules.StepCount("all", None)
    count.durations.extend(durations)
    rows = selectors.officer_kinerja(blitar, start=first, end=last, as_of=as_of)
    [row] = [row for row in rows if row["steps_measured"]]
    assert (row["steps_measured"], row["median_minutes"]) == (count.measured, count.median_minutes)


@pytest.mark.django_db
def test_the_figures_are_not_empty(blitar, year):
    figures = raw.aggregate_figures(blitar, start=date(2025, 1, 1), end=date(2025, 12, 31), as_of=UNTIL)
    assert sum(row["total"] for row in figures["promises"]) > 300
    assert {row["code"] for row in figures["promises"] if row["late"] or row["overdue"]}
    assert any(row["measured"] for row in figures["steps"])
    assert figures["documents_issued"] > 0


@pytest.mark.django_db
def test_rebuild_changes_nothing_and_repairs_a_damaged_range(blitar, year):
    before = _snapshot(blitar)
    aggregates_rebuild(office=blitar)
    aggregates_rebuild(office=blitar, start=date(2025, 3, 1), end=date(2025, 3, 31))
    assert _snapshot(blitar) == before
    PromiseDay.objects.filter(office=blitar, start_day__month=3).delete()
    ClockFact.objects.filter(office=blitar, start_day__month=3).update(on_time=False)
    aggregates_rebuild(office=blitar, start=date(2025, 3, 1), end=date(2025, 3, 31))
    assert _snapshot(blitar) == before


@pytest.mark.django_db
def test_events_changed_one_at_a_time_leave_what_a_rebuild_makes(blitar, year, kasubsi):
    """Each recorded or voided event recounts only the monthly rows its application's old and new
    facts feed (``_recount_month_keys``); after many such changes, moved across days, months and
    duration buckets, every table equals a full rebuild's."""
    rng = random.Random(11)
    events = list(ApplicationEvent.objects.filter(application__office=blitar, voided_at__isnull=True)
                  .select_related("application").order_by("pk"))
    for event in rng.sample(events, 40):
        application_event_void(actor=kasubsi, event=event, reason="salah input")
        shift = timedelta(days=rng.choice([-40, -3, 0, 0, 2, 31]), minutes=rng.choice([-90, -7, 3, 45]),
                          seconds=rng.choice([0, 1, 29]))
        if rng.random() < 0.7:
            application_event_record(actor=kasubsi, application=event.application, name=event.name,
                                     at=event.at + shift)
    kept = _snapshot(blitar)
    aggregates_rebuild(office=blitar)
    assert _snapshot(blitar) == kept


@pytest.mark.django_db
def test_the_migration_fill_derives_the_monthly_statistics_from_the_facts(blitar, year):
    """``stored_months_fill`` (migration performance 0003) gives what the refresh keeps."""
    from maklumat.performance.aggregates import stored_months_fill

    before = _snapshot(blitar)
    assert before["promise_months"] and before["step_months"] and before["app_months"]
    assert any(row[-1] for row in before["apps"])  # some application is eligible, on a day
    for model in (PromiseMonth, StepMonth, ApplicationMonth, StepYear):
        model.objects.all().delete()
    ApplicationFact.objects.update(eligible_day=None)
    stored_months_fill()
    assert _snapshot(blitar) == before


@pytest.mark.django_db
def test_the_yearly_step_histograms_add_up_the_monthly_ones(blitar, year):
    """``StepYear`` is its office-year's ``StepMonth`` rows added up per bucket, after the import, the
    services' changes and a rebuild of a range, and as migration performance 0006 derives it."""
    from maklumat.performance.yearly import step_years_fill

    def added_up():
        found: dict = {}
        for code, month, bucket, n, low, high in StepMonth.objects.filter(office=blitar).values_list(
                "code", "month", "bucket", "n", "low_us", "high_us"):
            row = found.setdefault((code, month.year, bucket), [0, low, high])
            row[0] += n
            row[1], row[2] = min(row[1], low), max(row[2], high)
        return sorted((*key, *row) for key, row in found.items())

    before = _snapshot(blitar)["step_years"]
    assert before and before == added_up()
    assert {row[1] for row in before} >= {2025}
    aggregates_rebuild(office=blitar, start=date(2025, 5, 10), end=date(2025, 5, 20))
    assert _snapshot(blitar)["step_years"] == before
    StepYear.objects.all().delete()
    step_years_fill()
    assert _snapshot(blitar)["step_years"] == before


@pytest.mark.django_db
def test_the_rebuild_command_contract(blitar, year):
    before = _snapshot(blitar)
    code, out, _err = run_command("kinerja", ["rebuild", "--office", "blitar", "--from", "2025-06-01",
                                  "--to", "2025-06-30"])
    assert code == 0 and orjson.loads(out)["offices"] == 1
    assert _snapshot(blitar) == before
    code, _out, err = run_command("kinerja", ["rebuild", "--office", "nowhere"])
    assert code == 2 and "--office" in err
    code, _out, err = run_command("kinerja", ["rebuild", "--from", "2025-06-01"])
    assert code == 2 and "--from and --to" in err
    code, _out, err = run_command("kinerja", ["rebuild", "--from", "2025-13-01", "--to", "2025-12-01"])
    assert code == 2 and "--from" in err


@pytest.mark.django_db(transaction=True)
def test_parallel_imports_and_rebuilds_leave_exact_aggregates(blitar):
    """Imports of different months and full rebuilds of the same office at once (PostgreSQL: really
    parallel; the office row lock orders the recounts): the aggregates end as a fresh rebuild makes
    them and equal the raw reading."""
    if connection.vendor != "postgresql":
        pytest.skip("real parallel writers need PostgreSQL; SQLite serialises writers (IMMEDIATE transactions)")
    import threading
    from concurrent.futures import ThreadPoolExecutor

    calendar = work_calendar_for(blitar)
    batches = [[orjson.dumps(row) for row in synthetic_applications(
        calendar=calendar, office_code=blitar.code, start=date(2025, month, 1), end=date(2025, month, 28), count=25,
        seed=month, until=UNTIL)] for month in (2, 3, 4)]
    barrier = threading.Barrier(len(batches) + 2)

    def work(job):
        try:
            barrier.wait()
            if job is None:
                aggregates_rebuild(office=blitar)
            else:
                applications_import(office=blitar, lines=job)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(batches) + 2) as pool:
        list(pool.map(work, [*batches, None, None]))
    after = _snapshot(blitar)
    assert len({row[0] for row in after["apps"]}) == Application.objects.filter(office=blitar).count()
    aggregates_rebuild(office=blitar)
    assert _snapshot(blitar) == after
    period = {"start": date(2025, 1, 1), "end": date(2025, 12, 31), "as_of": UNTIL}
    assert raw.aggregate_figures(blitar, **period) == raw.office_figures(blitar, **period)


@pytest.mark.django_db(transaction=True)
def test_rebuild_with_jobs_rebuilds_offices_in_parallel_workers_exactly(blitar, balikpapan):
    """``kinerja rebuild --jobs 2``: two offices rebuilt at once in worker processes (PostgreSQL;
    elsewhere one after the other) end exactly as they were built by the import, and equal the raw
    reading; a bad ``--jobs`` is refused."""
    code, _out, err = run_command("kinerja", ["rebuild", "--jobs", "0"])
    assert code == 2 and "--jobs" in err
    for office, seed in ((blitar, 5), (balikpapan, 6)):
        _load(office, count=40, seed=seed)
    before = {office.pk: _snapshot(office) for office in (blitar, balikpapan)}
    ClockFact.objects.filter(office=balikpapan, start_day__month=5).update(on_time=False)
    PromiseDay.objects.filter(office=blitar).delete()
    code, out, _err = run_command("kinerja", ["rebuild", "--jobs", "2"])
    assert code == 0, _err
    assert orjson.loads(out)["applications_refreshed"] == Application.objects.filter(
        office__in=[blitar, balikpapan]).count()
    period = {"start": date(2025, 1, 1), "end": date(2025, 12, 31), "as_of": UNTIL}
    for office in (blitar, balikpapan):
        assert _snapshot(office) == before[office.pk]
        assert raw.aggregate_figures(office, **period) == raw.office_figures(office, **period)
