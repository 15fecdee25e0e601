"""Yearly step histograms (``StepYear``), derived from the monthly ones (``StepMonth``).

Called at the end of every monthly recount (``aggregates._recount_months``; a recorded event's
keyed recount ``_recount_month_keys`` recounts only its keys' rows), in the same
transaction and under the same office row lock: for each year of the months recounted, one DELETE
and one ``INSERT … SELECT … GROUP BY`` over that office-year's ``StepMonth`` rows (about 3,000),
set-based SQL, no rule evaluated again. The readers (``selectors._located_buckets``) take a year
from here when all its twelve months lie in the period.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from django.db import connection

from maklumat.offices.models import Office
from maklumat.performance.models import StepMonth, StepYear


def code_bucket_in(pairs: Iterable[tuple[str, int]]) -> tuple[str, list]:
    """SQL selecting rows whose ``(code, bucket)`` is one of ``pairs``, and its parameters."""
    pairs = sorted(pairs)
    return (f"(code, bucket) IN (VALUES {', '.join(['(%s, %s)'] * len(pairs))})",
            [value for pair in pairs for value in pair])


def _recount_year(cursor, office: Office, year: int, keys: str = "", params: Sequence = ()) -> None:
    """One office-year's ``StepYear`` rows (those of ``keys``, an SQL condition on code and bucket,
    when given) summed again from its ``StepMonth`` rows; the rows must be deleted already."""
    adapt = connection.ops.adapt_datefield_value
    cursor.execute(
        f"INSERT INTO {StepYear._meta.db_table} (office_id, code, year, bucket, n, low_us, high_us) "
        f"SELECT office_id, code, %s, bucket, SUM(n), MIN(low_us), MAX(high_us) FROM {StepMonth._meta.db_table} "
        f"WHERE office_id = %s AND month >= %s AND month < %s {'AND ' + keys if keys else ''} "
        f"GROUP BY office_id, code, bucket",
        [year, office.pk, adapt(date(year, 1, 1)), adapt(date(year + 1, 1, 1)), *params])


def step_years_recount(office: Office, months: Iterable[date] | None) -> None:
    """Recount ``office``'s ``StepYear`` rows of the years of ``months`` (first days) from its
    ``StepMonth`` rows; ``None``: every year (the office's rows are replaced whole)."""
    year_table, month_table = StepYear._meta.db_table, StepMonth._meta.db_table
    with connection.cursor() as cursor:
        if months is None:
            cursor.execute(f"DELETE FROM {year_table} WHERE office_id = %s", [office.pk])
            cursor.execute(f"SELECT DISTINCT month FROM {month_table} WHERE office_id = %s", [office.pk])
            months = [row[0] if isinstance(row[0], date) else date.fromisoformat(row[0])
                      for row in cursor.fetchall()]
            years = sorted({month.year for month in months})
        else:
            years = sorted({month.year for month in months})
            for year in years:
                cursor.execute(f"DELETE FROM {year_table} WHERE office_id = %s AND year = %s", [office.pk, year])
        for year in years:
            _recount_year(cursor, office, year)


def step_years_recount_keys(office: Office, keys: dict[int, set[tuple[str, int]]]) -> None:
    """Recount only the ``StepYear`` rows of ``keys`` (per year, the (step, bucket) a recorded event
    changed) from the year's ``StepMonth`` rows of those keys: what ``step_years_recount`` gives for
    them, without reading the office-year's other buckets."""
    with connection.cursor() as cursor:
        for year, pairs in sorted(keys.items()):
            chosen, params = code_bucket_in(pairs)
            cursor.execute(f"DELETE FROM {StepYear._meta.db_table} WHERE office_id = %s AND year = %s AND {chosen}",
                           [office.pk, year, *params])
            _recount_year(cursor, office, year, chosen, params)


def step_years_fill() -> None:
    """Derive ``StepYear`` (migration ``performance 0006``) from the monthly histograms already stored."""
    from django.db import transaction

    for office in Office.objects.order_by("pk"):
        with transaction.atomic():
            Office.objects.select_for_update().filter(pk=office.pk).first()
            step_years_recount(office, None)
