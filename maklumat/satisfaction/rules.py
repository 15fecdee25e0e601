"""IKM arithmetic of PermenPAN-RB 14/2017 (pure: no ORM, no request).

Everything is computed exactly (``Fraction``) and rounded only where a figure is *shown*,
half-up as a spreadsheet or a calculator would (never Python's banker's rounding):

- NRR per element (sum of answers ÷ number of answers): 3 decimals;
- weighted NRR (NRR × 1/9): 3 decimals, shown only; the index is summed from exact values;
- IKM converted (exact IKM × 25): 2 decimals, and the grade is read off this figure;
- IKM interval (1–4): the converted figure ÷ 25, which has at most 4 decimals. That is how
  the regulation's own interval table is built (2.5996 = 64.99 ÷ 25, 3.0644 = 76.61 ÷ 25,
  3.5324 = 88.31 ÷ 25), so both scales always show the same grade;
- Krejcie–Morgan sample: nearest whole respondent (this reproduces the published table);
- achievement (realised ÷ target × 100): 2 decimals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

ELEMENTS: tuple[str, ...] = ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9")
ANSWER_MIN = 1
ANSWER_MAX = 4
CONVERSION_FACTOR = 25  # "nilai dasar": interval 1–4 → converted 25–100

NRR_PLACES = 3
WEIGHTED_PLACES = 3
CONVERTED_PLACES = 2
ACHIEVEMENT_PLACES = 2

# Krejcie & Morgan (1970) with the constants the regulation prescribes.
CHI_SQUARE = Fraction(3841, 1000)  # X², 1 degree of freedom, 95 % confidence
PROPORTION = Fraction(1, 2)  # P
MARGIN = Fraction(5, 100)  # d


@dataclass(frozen=True)
class Grade:
    """A quality grade (*mutu pelayanan*) with the lowest converted value that earns it."""

    letter: str
    label: str  # the regulation's Indonesian label
    label_en: str
    lowest_converted: Decimal

    @property
    def lowest_interval(self) -> Decimal:
        return self.lowest_converted / CONVERSION_FACTOR


# Highest first. Converted ranges: A 88.31–100.00, B 76.61–88.30, C 65.00–76.60, D 25.00–64.99.
GRADES: tuple[Grade, ...] = (
    Grade("A", "Sangat Baik", "Very good", Decimal("88.31")),
    Grade("B", "Baik", "Good", Decimal("76.61")),
    Grade("C", "Kurang Baik", "Poor", Decimal("65.00")),
    Grade("D", "Tidak Baik", "Not good", Decimal("25.00")),
)


def round_half_up(value: Fraction | Decimal | int, places: int) -> Decimal:
    """``value`` rounded half-up to ``places`` decimals, computed without binary floats."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)  # 28 significant digits
    quantum = Decimal(1).scaleb(-places)
    return Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)


def grade_for_converted(converted: Decimal) -> Grade:
    """The grade of a converted IKM (25–100), already rounded to 2 decimals."""
    if not Decimal(25) <= converted <= Decimal(100):
        raise ValueError(f"converted IKM {converted} is outside 25–100")
    for grade in GRADES:
        if converted >= grade.lowest_converted:
            return grade
    raise AssertionError("unreachable: D starts at 25.00")


def grade_for_interval(interval: Decimal | Fraction) -> Grade:
    """The grade of an interval IKM (1–4): converted first, then read off, as the regulation does."""
    return grade_for_converted(round_half_up(Fraction(interval) * CONVERSION_FACTOR, CONVERTED_PLACES))


@dataclass(frozen=True)
class IkmResult:
    """The index of a set of responses, rounded for display; ``exact`` keeps the unrounded IKM."""

    respondents: int
    nrr: dict[str, Decimal]
    nrr_weighted: dict[str, Decimal]
    ikm: Decimal
    ikm_converted: Decimal
    grade: Grade
    exact: Fraction

    def weakest(self, count: int = 3) -> list[str]:
        return weakest_elements(self.nrr, count)


def ikm_from_totals(totals: Mapping[str, int], answers: Mapping[str, int], respondents: int) -> IkmResult:
    """The index from, per element, the sum of the answers and the number of answers.

    This is the regulation's tabulation ("total nilai persepsi per unsur ÷ total unsur yang
    terisi"), and what a database aggregate gives without loading every response.
    """
    missing = [code for code in ELEMENTS if not answers.get(code)]
    if missing:
        raise ValueError(f"no answers for {', '.join(missing)}")
    exact_nrr = {code: Fraction(totals[code], answers[code]) for code in ELEMENTS}
    for code, value in exact_nrr.items():
        if not ANSWER_MIN <= value <= ANSWER_MAX:
            raise ValueError(f"{code}: average {float(value):.3f} is outside {ANSWER_MIN}–{ANSWER_MAX}")
    exact = sum(exact_nrr.values(), Fraction(0)) / len(ELEMENTS)
    converted = round_half_up(exact * CONVERSION_FACTOR, CONVERTED_PLACES)
    return IkmResult(
        respondents=respondents,
        nrr={code: round_half_up(value, NRR_PLACES) for code, value in exact_nrr.items()},
        nrr_weighted={
            code: round_half_up(value / len(ELEMENTS), WEIGHTED_PLACES) for code, value in exact_nrr.items()
        },
        ikm=converted / CONVERSION_FACTOR,
        ikm_converted=converted,
        grade=grade_for_converted(converted),
        exact=exact,
    )


def ikm_compute(responses: Iterable[Sequence[int]]) -> IkmResult:
    """The index of complete responses, each nine answers (u1…u9) from 1 to 4."""
    totals = dict.fromkeys(ELEMENTS, 0)
    count = 0
    for row_number, response in enumerate(responses, start=1):
        if len(response) != len(ELEMENTS):
            raise ValueError(f"response {row_number}: {len(response)} answers, expected {len(ELEMENTS)}")
        for code, answer in zip(ELEMENTS, response, strict=True):
            if not ANSWER_MIN <= answer <= ANSWER_MAX:
                raise ValueError(f"response {row_number}: {code}: {answer} is outside 1–4")
            totals[code] += answer
        count += 1
    if count == 0:
        raise ValueError("no responses")
    return ikm_from_totals(totals, dict.fromkeys(ELEMENTS, count), count)


def weakest_elements(nrr: Mapping[str, Decimal], count: int = 3) -> list[str]:
    """The ``count`` elements with the lowest (shown) NRR, lowest first.

    Ties at the cut are all kept (no arbitrary pick), but an element sharing the highest NRR
    is never "weakest": with every element equal there is nothing to single out.
    """
    best = max(nrr.values(), default=None)
    ordered = sorted((code for code in nrr if nrr[code] < best),
                     key=lambda code: (nrr[code], ELEMENTS.index(code) if code in ELEMENTS else 99))
    if len(ordered) <= count:
        return ordered
    cut = nrr[ordered[count - 1]]
    return [code for code in ordered if nrr[code] <= cut]


def sample_size(population: int) -> int:
    """Krejcie–Morgan sample S = X²·N·P(1−P) / (d²(N−1) + X²·P(1−P)), to the nearest respondent."""
    if population < 0:
        raise ValueError("population cannot be negative")
    if population == 0:
        return 0
    variance = CHI_SQUARE * PROPORTION * (1 - PROPORTION)
    exact = variance * population / (MARGIN**2 * (population - 1) + variance)
    return int(round_half_up(exact, 0))


def achievement(realised: Decimal, target: Decimal) -> Decimal:
    """*Capaian* in percent: realised ÷ target × 100, 2 decimals."""
    if target <= 0:
        raise ValueError("target must be positive")
    return round_half_up(Fraction(realised) / Fraction(target) * 100, ACHIEVEMENT_PLACES)


def trimmed(value: Decimal, min_places: int = 2) -> Decimal:
    """``value`` without trailing zeros beyond ``min_places`` decimals (3.2000 → 3.20, 3.5004 stays)."""
    value = value.normalize()
    if value.as_tuple().exponent > -min_places:
        value = value.quantize(Decimal(1).scaleb(-min_places))
    return value
