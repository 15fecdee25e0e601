from maklumat.lib.masking import mask_nik, mask_passport, mask_phone, mask_tail


def test_nik_keeps_region_code_and_last_two_digits():
    assert mask_nik("3505012345678901") == "3505••••••••••01"


def test_phone_keeps_operator_prefix_and_last_four_digits():
    assert mask_phone("081234567890") == "0812••••7890"


def test_passport_keeps_first_letter_and_last_three():
    assert mask_passport("X1234567") == "X••••567"


def test_short_or_empty_values_reveal_nothing():
    assert mask_nik("123") == "•••"
    assert mask_phone("") == ""
    assert mask_passport(None) == ""
    assert mask_tail("abc") == "•••"
