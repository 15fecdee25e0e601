"""The IKM arithmetic of PermenPAN-RB 14/2017: NRR, index, conversion, grades, rounding."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maklumat.satisfaction.rules import (
    ELEMENTS,
    grade_for_converted,
    grade_for_interval,
    ikm_compute,
    ikm_from_totals,
    round_half_up,
    weakest_elements,
)


@pytest.mark.parametrize(("converted", "letter", "label"), [
    ("100.00", "A", "Sangat Baik"),
    ("88.31", "A", "Sangat Baik"),
    ("88.30", "B", "Baik"),
    ("76.61", "B", "Baik"),
    ("76.60", "C", "Kurang Baik"),
    ("65.00", "C", "Kurang Baik"),
    ("64.99", "D", "Tidak Baik"),
    ("25.00", "D", "Tidak Baik"),
])
def test_grade_at_every_converted_boundary(converted, letter, label):
    grade = grade_for_converted(Decimal(converted))
    assert (grade.letter, grade.label) == (letter, label)


@pytest.mark.parametrize(("interval", "letter"), [
    ("4.00", "A"), ("3.5324", "A"), ("3.532", "B"), ("3.0644", "B"), ("3.064", "C"),
    ("2.60", "C"), ("2.5996", "D"), ("1.00", "D"),
])
def test_grade_at_every_interval_boundary_of_the_regulation(interval, letter):
    assert grade_for_interval(Decimal(interval)).letter == letter


@pytest.mark.parametrize(("interval", "letter"), [
    # Inside the interval table's gaps the converted value decides: 3.5322 × 25 = 88.305 → 88.31.
    ("3.5322", "A"), ("3.53219", "B"), ("3.0642", "B"), ("3.06419", "C"), ("2.5998", "C"), ("2.59979", "D"),
])
def test_values_in_the_gaps_of_the_interval_table_are_graded_by_the_rounded_converted_value(interval, letter):
    assert grade_for_interval(Decimal(interval)).letter == letter


def test_grade_outside_the_scale_is_refused():
    with pytest.raises(ValueError, match="outside 25–100"):
        grade_for_converted(Decimal("24.99"))


def test_all_fours_is_one_hundred_and_grade_a():
    result = ikm_compute([[4] * 9, [4] * 9])
    assert (result.ikm, result.ikm_converted, result.grade.letter) == (Decimal("4"), Decimal("100.00"), "A")
    assert result.nrr == dict.fromkeys(ELEMENTS, Decimal("4.000"))
    assert result.nrr_weighted == dict.fromkeys(ELEMENTS, Decimal("0.444"))


def test_all_ones_is_twenty_five_and_grade_d():
    result = ikm_compute([[1] * 9])
    assert (result.ikm, result.ikm_converted, result.grade.letter) == (Decimal("1"), Decimal("25.00"), "D")


def test_worked_example_three_respondents():
    # given three respondents
    rows = [
        [3, 3, 2, 4, 3, 3, 4, 3, 2],
        [4, 3, 3, 4, 3, 4, 4, 3, 3],
        [3, 2, 3, 4, 4, 3, 4, 2, 3],
    ]
    # when the index is computed
    result = ikm_compute(rows)
    # then NRR = column sum ÷ 3, to 3 decimals
    assert result.nrr == {
        "u1": Decimal("3.333"), "u2": Decimal("2.667"), "u3": Decimal("2.667"), "u4": Decimal("4.000"),
        "u5": Decimal("3.333"), "u6": Decimal("3.333"), "u7": Decimal("4.000"), "u8": Decimal("2.667"),
        "u9": Decimal("2.667"),
    }
    assert result.nrr_weighted["u1"] == Decimal("0.370")  # 3.333… ÷ 9
    # and the exact IKM is 86/27 = 3.185185…, converted 79.6296… → 79.63, interval 79.63 ÷ 25
    assert result.exact == Fraction(86, 27)
    assert result.ikm_converted == Decimal("79.63")
    assert result.ikm == Decimal("3.1852")
    assert (result.grade.letter, result.grade.label) == ("B", "Baik")
    assert result.respondents == 3


def test_index_is_summed_from_exact_nrr_not_from_the_rounded_ones():
    # given nine elements each averaging 3.0005 → every shown NRR rounds half-up to 3.001
    totals = dict.fromkeys(ELEMENTS, 6001)
    result = ikm_from_totals(totals, dict.fromkeys(ELEMENTS, 2000), 2000)
    assert result.nrr["u1"] == Decimal("3.001")
    # then the IKM is 3.0005 × 25 = 75.0125 → 75.01, not 3.001 × 25 = 75.03
    assert result.ikm_converted == Decimal("75.01")


def test_rounding_is_half_up_not_bankers():
    assert round_half_up(Fraction(5, 1000), 2) == Decimal("0.01")
    assert round_half_up(Fraction(25, 1000), 2) == Decimal("0.03")
    assert round_half_up(Decimal("79.625"), 2) == Decimal("79.63")


def test_an_answer_outside_one_to_four_is_refused():
    with pytest.raises(ValueError, match="response 2: u3: 5 is outside 1–4"):
        ikm_compute([[4] * 9, [4, 4, 5, 4, 4, 4, 4, 4, 4]])


def test_no_responses_is_refused():
    with pytest.raises(ValueError, match="no responses"):
        ikm_compute([])


def test_an_element_without_answers_is_refused():
    with pytest.raises(ValueError, match="no answers for u9"):
        ikm_from_totals(dict.fromkeys(ELEMENTS, 4), {**dict.fromkeys(ELEMENTS, 1), "u9": 0}, 1)


def test_weakest_elements_are_the_three_lowest_with_ties_kept():
    nrr = {code: Decimal("3.500") for code in ELEMENTS}
    nrr.update(u3=Decimal("2.900"), u8=Decimal("3.100"), u9=Decimal("3.200"), u1=Decimal("3.200"))
    assert weakest_elements(nrr) == ["u3", "u8", "u1", "u9"]


def test_elements_sharing_the_best_value_are_never_weakest():
    nrr = dict.fromkeys(ELEMENTS, Decimal("4.000"))
    assert weakest_elements(nrr) == []
    nrr.update(u3=Decimal("3.000"), u8=Decimal("3.000"))
    assert weakest_elements(nrr) == ["u3", "u8"]


answers = st.integers(min_value=1, max_value=4)
responses = st.lists(st.lists(answers, min_size=9, max_size=9), min_size=1, max_size=40)


@given(responses)
def test_interval_and_converted_always_agree_and_stay_on_scale(rows):
    result = ikm_compute(rows)
    assert Decimal(1) <= result.ikm <= Decimal(4)
    assert Decimal(25) <= result.ikm_converted <= Decimal(100)
    assert result.ikm * 25 == result.ikm_converted
    assert grade_for_interval(result.ikm) == result.grade
    assert abs(result.ikm_converted - Decimal(float(result.exact * 25))) <= Decimal("0.005")


@given(responses)
def test_the_index_is_the_plain_mean_of_all_answers(rows):
    # with complete responses and equal weights the IKM equals the mean of every answer given
    result = ikm_compute(rows)
    assert result.exact == Fraction(sum(map(sum, rows)), 9 * len(rows))


@given(responses, answers)
def test_adding_a_response_better_than_every_answer_never_lowers_the_index(rows, _):
    before = ikm_compute(rows)
    after = ikm_compute([*rows, [4] * 9])
    assert after.exact >= before.exact
    assert "ABCD".index(after.grade.letter) <= "ABCD".index(before.grade.letter)
