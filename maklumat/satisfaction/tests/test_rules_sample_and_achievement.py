"""Krejcie–Morgan sample size and achievement against a target."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maklumat.satisfaction.rules import achievement, sample_size

# Krejcie & Morgan (1970), "Determining sample size for research activities", Table 1 (N → S).
KREJCIE_MORGAN_TABLE = {
    10: 10, 15: 14, 20: 19, 25: 24, 30: 28, 35: 32, 40: 36, 45: 40, 50: 44, 55: 48, 60: 52, 65: 56, 70: 59,
    75: 63, 80: 66, 85: 70, 90: 73, 95: 76, 100: 80, 110: 86, 120: 92, 130: 97, 140: 103, 150: 108, 160: 113,
    170: 118, 180: 123, 190: 127, 200: 132, 210: 136, 220: 140, 230: 144, 240: 148, 250: 152, 260: 155,
    270: 159, 280: 162, 290: 165, 300: 169, 320: 175, 340: 181, 360: 186, 380: 191, 400: 196, 420: 201,
    440: 205, 460: 210, 480: 214, 500: 217, 550: 226, 600: 234, 650: 242, 700: 248, 750: 254, 800: 260,
    850: 265, 900: 269, 950: 274, 1000: 278, 1100: 285, 1200: 291, 1300: 297, 1400: 302, 1500: 306,
    1600: 310, 1700: 313, 1800: 317, 1900: 320, 2000: 322, 2200: 327, 2400: 331, 2600: 335, 2800: 338,
    3000: 341, 3500: 346, 4000: 351, 4500: 354, 5000: 357, 6000: 361, 7000: 364, 8000: 367, 9000: 368,
    10000: 370, 15000: 375, 20000: 377, 30000: 379, 40000: 380, 50000: 381, 75000: 382, 1000000: 384,
}


@pytest.mark.parametrize(("population", "sample"), sorted(KREJCIE_MORGAN_TABLE.items()))
def test_formula_reproduces_every_row_of_the_published_table(population, sample):
    assert sample_size(population) == sample


@pytest.mark.parametrize(("population", "sample"), [(1000, 278), (10000, 370), (100000, 383)])
def test_sample_for_the_populations_named_in_the_domain_notes(population, sample):
    assert sample_size(population) == sample


def test_sample_rounds_to_nearest_not_up():
    # N = 50 gives 44.34: the table says 44, rounding up would say 45
    assert sample_size(50) == 44
    # N = 100 gives 79.51: the table says 80
    assert sample_size(100) == 80


def test_no_population_needs_no_sample_and_a_negative_one_is_refused():
    assert sample_size(0) == 0
    assert sample_size(1) == 1
    with pytest.raises(ValueError, match="negative"):
        sample_size(-1)


@given(st.integers(min_value=1, max_value=10**9))
def test_sample_never_exceeds_the_population_nor_384(population):
    assert 1 <= sample_size(population) <= min(population, 384)


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=1000))
def test_sample_never_shrinks_as_the_population_grows(population, extra):
    assert sample_size(population + extra) >= sample_size(population)


@pytest.mark.parametrize(("realised", "target", "expected"), [
    ("3.97", "3.15", "126.03"),
    ("3.88", "3.20", "121.25"),
    ("3.91", "3.25", "120.31"),
])
def test_achievement_reproduces_table_1_of_seed_003(realised, target, expected):
    assert achievement(Decimal(realised), Decimal(target)) == Decimal(expected)


def test_achievement_of_a_zero_target_is_refused():
    with pytest.raises(ValueError, match="positive"):
        achievement(Decimal("3.5"), Decimal("0"))
