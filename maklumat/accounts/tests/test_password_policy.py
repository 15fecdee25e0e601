"""Password validators: at least 10 characters, not all digits, not common, not like the user (issue 12 item 3)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from maklumat.accounts.seed import DEMO_PASSWORD
from maklumat.conftest import make_user


def _codes(password, user=None) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list}
    return set()


def test_a_nine_character_password_is_too_short():
    assert _codes("kx7-qz!wv") == {"password_too_short"}


def test_an_all_digit_password_is_refused_even_when_long():
    assert "password_entirely_numeric" in _codes("8305716294013")


def test_a_common_password_is_refused():
    assert "password_too_common" in _codes("password1234")


def test_a_password_like_the_username_is_refused(blitar):
    user = make_user("wahyuningsih.blitar", "kasubsi", office=blitar)
    assert "password_too_similar" in _codes("wahyuningsih.blitar", user)


@pytest.mark.parametrize("password", [DEMO_PASSWORD, "tiga-kopi-pagi-hari"])
def test_a_long_non_numeric_password_passes(password):
    assert _codes(password) == set()
