"""The outbox's pure rules, directly and as properties."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from maklumat.notifications import rules


def test_retry_pauses_double_from_one_minute_and_stop_at_six_hours():
    assert [rules.retry_delay(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert rules.retry_delay(30) == timedelta(hours=6)


@given(st.integers(min_value=1, max_value=200))
def test_retry_pauses_never_shrink_and_never_exceed_the_cap(attempts):
    assert rules.retry_delay(attempts) <= rules.retry_delay(attempts + 1) <= rules.RETRY_MAX


def test_a_refusal_fails_at_once_and_errors_fail_only_after_the_last_attempt():
    assert rules.after_failure(1, permanent=True) == rules.FAILED
    assert rules.after_failure(rules.MAX_ATTEMPTS - 1, permanent=False) == rules.PENDING
    assert rules.after_failure(rules.MAX_ATTEMPTS, permanent=False) == rules.FAILED


def test_an_interrupted_send_is_repeated_only_through_a_deduplicating_gateway():
    assert rules.after_lost_lease(gateway_deduplicates=True) == rules.PENDING
    assert rules.after_lost_lease(gateway_deduplicates=False) == rules.UNCERTAIN


def test_phone_numbers_are_keyed_with_the_country_code_whatever_their_spelling():
    assert {rules.normalize_phone(v) for v in ("0812-3456-7890", "+62 812 3456 7890", "6281234567890",
                                                "(0812) 3456.7890")} == {"6281234567890"}
    assert rules.normalize_phone("12345") is None
    assert rules.normalize_phone("0812abc") is None
    assert rules.normalize_contact(" Dewi@Example.org ") == "dewi@example.org"
    assert rules.normalize_contact("dewi@") is None


@given(st.text(alphabet="0123456789 +-", max_size=20))
def test_normalising_a_phone_number_twice_changes_nothing(raw):
    once = rules.normalize_phone(raw)
    if once is not None:
        assert rules.normalize_phone(once) == once


@given(st.from_regex(r"62[0-9]{8,12}", fullmatch=True))
def test_a_masked_phone_number_never_shows_its_middle_digits(phone):
    masked = rules.mask_contact("sms", phone)
    assert masked[:4] == phone[:4] and masked[-4:] == phone[-4:]
    assert phone not in masked and len(masked) == len(phone)
