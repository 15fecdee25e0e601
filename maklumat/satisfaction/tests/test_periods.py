"""Reporting periods: keys, bounds and labels."""

from datetime import date

import pytest

from maklumat.satisfaction.periods import Period, period_containing, period_parse


@pytest.mark.parametrize(("key", "start", "end", "label"), [
    ("2024", date(2024, 1, 1), date(2025, 1, 1), "Tahun 2024"),
    ("2024-S2", date(2024, 7, 1), date(2025, 1, 1), "Semester II 2024"),
    ("2025-Q1", date(2025, 1, 1), date(2025, 4, 1), "Triwulan I 2025"),
    ("2025-Q4", date(2025, 10, 1), date(2026, 1, 1), "Triwulan IV 2025"),
    ("2024-12", date(2024, 12, 1), date(2025, 1, 1), "Desember 2024"),
    ("2024-02", date(2024, 2, 1), date(2024, 3, 1), "Februari 2024"),
])
def test_period_key_gives_bounds_and_label(key, start, end, label):
    period = period_parse(key)
    assert (period.start, period.end, period.label, period.key) == (start, end, label, key)


@pytest.mark.parametrize("key", ["24", "2024-Q5", "2024-13", "2024-S3", "2024-00", "tahun"])
def test_unknown_period_key_is_refused(key):
    with pytest.raises(ValueError, match="unknown period"):
        period_parse(key)


def test_a_year_splits_into_quarters_and_a_semester_into_months():
    assert [p.key for p in Period(2024).parts("quarter")] == ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"]
    assert [p.key for p in period_parse("2024-S2").parts("month")][0] == "2024-07"
    with pytest.raises(ValueError):
        period_parse("2024-Q1").parts("year")


def test_period_containing_a_day():
    assert period_containing(date(2025, 8, 17), "quarter").key == "2025-Q3"
    assert period_containing(date(2025, 8, 17), "semester").key == "2025-S2"
