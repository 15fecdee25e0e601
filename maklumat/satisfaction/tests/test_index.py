"""The index per office, period and service; population and sample; targets and achievement."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from maklumat.applications.models import Application, ApplicationEvent, BookingChannel
from maklumat.satisfaction.models import IkmTarget, ServedPopulation
from maklumat.satisfaction.periods import Period, period_parse
from maklumat.satisfaction.selectors import ikm_index, population_served, yearly_achievements
from maklumat.satisfaction.tests.factories import make_response
from maklumat.standards.models import Service

WIB = ZoneInfo("Asia/Jakarta")


def _served(office, number: str, at: datetime, service_code: str = "baru") -> Application:
    application = Application.objects.create(
        office=office, number=number, service=Service.objects.get(code=service_code),
        booking_channel=BookingChannel.M_PASPOR, applicant_name="Pemohon")
    ApplicationEvent.objects.create(application=application, name="handover", at=at)
    return application


def test_index_of_a_quarter_counts_only_its_responses_and_only_this_office(blitar, pamekasan):
    # given two responses in Q1 2025, one in Q2 and one at another office
    make_response(blitar, date(2025, 1, 10), (4, 4, 4, 4, 4, 4, 4, 4, 4))
    make_response(blitar, date(2025, 3, 31), (3, 3, 3, 3, 3, 3, 3, 3, 2))
    make_response(blitar, date(2025, 4, 1), (1, 1, 1, 1, 1, 1, 1, 1, 1))
    make_response(pamekasan, date(2025, 2, 1), (1, 1, 1, 1, 1, 1, 1, 1, 1))
    # when the index of Q1 is read
    index = ikm_index(blitar, period_parse("2025-Q1"))
    # then: NRR u9 = (4 + 2) / 2 = 3, others 3.5; IKM = (8 × 3.5 + 3) / 9 = 3.4444…, converted 86.11
    assert index.respondents == 2
    assert index.result.nrr["u9"] == Decimal("3.000") and index.result.nrr["u1"] == Decimal("3.500")
    assert index.result.ikm_converted == Decimal("86.11")
    assert index.result.ikm == Decimal("3.4444")
    assert index.result.grade.letter == "B"
    assert index.weakest[0] == "u9"


def test_index_per_service(blitar):
    baru, rusak = Service.objects.get(code="baru"), Service.objects.get(code="rusak")
    make_response(blitar, date(2025, 5, 2), (4,) * 9, service=baru)
    make_response(blitar, date(2025, 5, 3), (2,) * 9, service=rusak)
    assert ikm_index(blitar, Period(2025), baru).result.ikm_converted == Decimal("100.00")
    assert ikm_index(blitar, Period(2025), rusak).result.grade.letter == "D"
    assert ikm_index(blitar, Period(2025)).result.ikm_converted == Decimal("75.00")


def test_population_is_the_applications_handed_over_in_the_period_on_local_time(blitar):
    # handed over 31 March 23:30 WIB belongs to Q1 although it is 16:30 UTC; 1 April 00:10 WIB to Q2
    _served(blitar, "P-1", datetime(2025, 3, 31, 23, 30, tzinfo=WIB))
    _served(blitar, "P-2", datetime(2025, 4, 1, 0, 10, tzinfo=WIB))
    _served(blitar, "P-3", datetime(2025, 2, 3, 10, 0, tzinfo=WIB), service_code="percepatan")
    assert population_served(blitar, period_parse("2025-Q1")) == (2, "applications")
    assert population_served(blitar, period_parse("2025-Q2")) == (1, "applications")
    assert population_served(blitar, period_parse("2025-Q1"), Service.objects.get(code="percepatan")) == (
        1, "applications")


def test_an_entered_population_overrides_the_applications_and_sets_the_sample(blitar):
    ServedPopulation.objects.create(office=blitar, period_key="2025", population=10000)
    index = ikm_index(blitar, Period(2025))
    assert (index.population, index.population_source, index.sample_needed) == (10000, "entered", 370)
    assert index.respondents == 0 and not index.sample_met and index.result is None


def test_achievement_uses_the_entered_realisation_for_years_before_the_system(blitar):
    # given Blitar's Table 1 of seed 003
    for year, target, realised in [(2021, "3.15", "3.97"), (2022, "3.20", "3.88"), (2023, "3.25", "3.91")]:
        IkmTarget.objects.create(office=blitar, year=year, target=Decimal(target), realised_entered=Decimal(realised))
    rows = yearly_achievements(blitar)
    assert [(row.year, str(row.target), str(row.realised), str(row.achievement), row.source) for row in rows] == [
        (2021, "3.15", "3.97", "126.03", "entered"),
        (2022, "3.20", "3.88", "121.25", "entered"),
        (2023, "3.25", "3.91", "120.31", "entered"),
    ]


def test_achievement_is_computed_from_responses_when_nothing_was_entered(blitar):
    IkmTarget.objects.create(office=blitar, year=2025, target=Decimal("3.30"))
    make_response(blitar, date(2025, 6, 1), (4, 4, 4, 4, 4, 3, 3, 3, 3))
    row = yearly_achievements(blitar)[0]
    # IKM = 32/9 = 3.5556 (converted 88.89); 3.5556 / 3.30 × 100 = 107.745… → 107.75
    assert (row.realised, row.source, row.respondents) == (Decimal("3.5556"), "survey", 1)
    assert row.achievement == Decimal("107.75")


def test_a_year_with_a_target_but_no_responses_has_no_achievement(blitar):
    IkmTarget.objects.create(office=blitar, year=2026, target=Decimal("3.40"))
    row = yearly_achievements(blitar)[0]
    assert (row.realised, row.achievement) == (None, None)
