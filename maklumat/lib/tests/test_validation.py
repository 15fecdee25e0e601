from datetime import UTC, datetime, timedelta, timezone

from maklumat.lib.validation import bad_text, implausible_moment

NOW = datetime(2026, 5, 14, 3, 0, tzinfo=UTC)


def test_a_recent_moment_is_plausible():
    assert implausible_moment(NOW - timedelta(days=3), now=NOW) is None


def test_year_one_and_the_far_future_are_refused():
    assert implausible_moment(datetime(1, 1, 1, tzinfo=UTC), now=NOW) is not None
    assert implausible_moment(datetime(9999, 12, 31, tzinfo=UTC), now=NOW) is not None
    assert implausible_moment(NOW + timedelta(minutes=4), now=NOW) is None
    assert implausible_moment(NOW + timedelta(minutes=6), now=NOW) is not None


def test_an_office_start_moves_the_floor():
    start = datetime(2024, 1, 1, tzinfo=UTC)
    assert implausible_moment(datetime(2023, 12, 31, tzinfo=UTC), now=NOW, earliest=start) is not None


def test_naive_and_absurd_offsets_are_refused():
    assert implausible_moment(datetime(2026, 5, 1), now=NOW) is not None
    assert implausible_moment(datetime(2026, 5, 1, tzinfo=timezone(timedelta(hours=15))), now=NOW) is not None


def test_nul_and_overlong_text_are_refused():
    assert bad_text("a\x00b", max_length=10) is not None
    assert bad_text("x" * 11, max_length=10) is not None
    assert bad_text("fine", max_length=10) is None
