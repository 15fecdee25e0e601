"""Stored step order statistics (pure): a histogram of durations gives exactly the figures of the
durations themselves (``rules.StepCount``), merged over any split (months, offices)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from hypothesis import given, settings
from hypothesis import strategies as st

from maklumat.performance import rules

UNIT = rules.ROUNDING_UNIT_US

# Durations near the edges that matter: rounding edges (multiples of 3 s), whole minutes, ±1 µs.
edges = st.tuples(st.integers(0, 400), st.sampled_from([-1, 0, 1])).map(
    lambda pair: max(0, pair[0] * UNIT + pair[1]))
durations = st.one_of(edges, st.integers(0, 3 * 3600 * 1_000_000))


def _histogram(values):
    rows = [(rules.step_bucket(us), 1, us, us) for us in values]
    return rules.merge_buckets(rows)


def _figures(values, norm):
    count = rules.StepCount("x", norm, [rules.minutes(timedelta(microseconds=us)) for us in values])
    return count.measured, count.within_norm, count.median_minutes, count.p90_minutes


@settings(max_examples=400, deadline=None)
@given(values=st.lists(durations, max_size=60), norm=st.one_of(st.none(), st.integers(0, 200)))
def test_bucket_figures_equal_the_figures_of_the_durations(values, norm):
    assert rules.bucket_figures(_histogram(values), norm) == _figures(values, norm)


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.lists(durations, max_size=20), max_size=6), norm=st.integers(1, 60))
def test_buckets_merge_over_any_split(parts, norm):
    merged = rules.merge_buckets(
        (bucket.key, bucket.n, bucket.low_us, bucket.high_us) for part in parts for bucket in _histogram(part))
    everything = [us for part in parts for us in part]
    assert merged == _histogram(everything)
    assert rules.bucket_figures(merged, norm) == _figures(everything, norm)


@given(a=durations, b=durations)
def test_buckets_follow_the_order_of_durations(a, b):
    if a <= b:
        assert rules.step_bucket(a) <= rules.step_bucket(b)


def test_bucket_edges():
    minute = rules.MINUTE_US
    # 0.15 minute (9 s) rounds up to 0.2; just below it to 0.1: different buckets.
    assert rules.step_bucket(9_000_000) != rules.step_bucket(8_999_999)
    # Exactly a whole minute is within that norm, a microsecond more is not.
    assert rules.bucket_within_norm(rules.step_bucket(5 * minute), 5)
    assert not rules.bucket_within_norm(rules.step_bucket(5 * minute + 1), 5)
    assert rules.bucket_figures(_histogram([5 * minute, 5 * minute + 1]), 5) == (2, 1, 5.0, 5.0)


def test_a_median_on_a_stale_bucket_edge_asks_for_the_durations():
    minute = rules.MINUTE_US
    buckets = _histogram([2 * minute, 4 * minute])  # even count, the middle two in different buckets
    assert rules.bucket_figures(buckets, 5) == (2, 2, 3.0, 4.0)
    assert rules.bucket_figures(buckets, 5, unknown_edges={buckets[0].key}) is None
    # an odd count or one bucket needs no edge: a stale edge does not matter
    assert rules.bucket_figures(_histogram([2 * minute]), 5, unknown_edges={rules.step_bucket(2 * minute)}) == (
        1, 1, 2.0, 2.0)


@given(st.integers(0, 3 * 60 * 60 * 1_000_000) | st.sampled_from(
    [m * 3_000_000 + e for m in range(0, 400) for e in (-1, 0, 1)][1:]))
def test_bucket_bounds_are_exactly_the_durations_of_the_bucket(duration_us):
    bucket = rules.step_bucket(duration_us)
    low, high = rules.step_bucket_bounds(bucket)
    assert low <= duration_us <= high
    assert rules.step_bucket(low) == rules.step_bucket(high) == bucket
    assert low == 0 or rules.step_bucket(low - 1) < bucket
    assert rules.step_bucket(high + 1) > bucket


def test_an_odd_bucket_away_from_a_whole_minute_holds_no_duration():
    assert rules.step_bucket_bounds(2 * 3 + 1) is None
    assert rules.step_bucket_bounds(2 * 10 + 1) == (60_000_001, 62_999_999)


@pytest.mark.django_db
def test_the_order_ranks_in_sql_are_the_order_ranks():
    """The roll-ups locate the ranks in the database (``order_ranks_sql``): the same integers."""
    counts = list(range(1, 60)) + [99, 100, 101, 12_345, 4_999_999]
    columns = ", ".join(f"CAST({rank} AS BIGINT)" for n in counts for rank in rules.order_ranks_sql(str(n)))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        found = cursor.fetchone()
    assert list(found) == [rank for n in counts for rank in rules.order_ranks(n)]
