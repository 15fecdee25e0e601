"""The demo data: Blitar's Table 1 of seed 003 and realistic responses, seeded idempotently."""

from decimal import Decimal

from maklumat.offices.models import Office
from maklumat.satisfaction.models import ServedPopulation, SurveyResponse
from maklumat.satisfaction.periods import Period
from maklumat.satisfaction.seed import PROFILES, seed_demo
from maklumat.satisfaction.selectors import ikm_index, yearly_achievements


def test_demo_reproduces_table_1_of_seed_003_and_is_idempotent(reference_data):
    # when the demo is seeded twice
    seed_demo(lambda message: None)
    responses = SurveyResponse.objects.count()
    seed_demo(lambda message: None)
    # then nothing is doubled
    assert SurveyResponse.objects.count() == responses > 0
    # and Blitar's achievements 2021–2023 are those of Table 1
    blitar = Office.objects.get(code="blitar")
    rows = {row.year: row for row in yearly_achievements(blitar)}
    assert [(rows[y].target, rows[y].realised, rows[y].achievement) for y in (2021, 2022, 2023)] == [
        (Decimal("3.15"), Decimal("3.97"), Decimal("126.03")),
        (Decimal("3.20"), Decimal("3.88"), Decimal("121.25")),
        (Decimal("3.25"), Decimal("3.91"), Decimal("120.31")),
    ]
    # and 2024–2025 are computed from the seeded survey, for all four offices
    assert rows[2025].source == "survey" and rows[2025].respondents > 1000
    for office in Office.objects.filter(code__in=PROFILES):
        index = ikm_index(office, Period(2025, "quarter", 3))
        assert index.respondents > 0 and index.population_source == "entered"
        assert ServedPopulation.objects.filter(office=office, period_key="2025").exists()
