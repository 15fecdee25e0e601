"""Reads of the satisfaction area: the index per office, period and service, trends, targets."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from maklumat.applications.models import ApplicationEvent
from maklumat.satisfaction.models import FollowUpPlan, IkmTarget, ServedPopulation, SurveyResponse
from maklumat.satisfaction.periods import Period, period_containing
from maklumat.satisfaction.questionnaire import PROFILE_FIELDS
from maklumat.satisfaction.rules import ELEMENTS, IkmResult, achievement, ikm_from_totals, sample_size, trimmed


def default_period(office, kind: str = "year") -> Period:
    """The period of ``kind`` holding the office's latest response (the office's today when there is none)."""
    latest = (SurveyResponse.objects.filter(office=office).order_by("-submitted_on")
              .values_list("submitted_on", flat=True).first())
    return period_containing(latest or office.local_date(), kind)


def responses_in(office, period: Period, service=None) -> QuerySet[SurveyResponse]:
    rows = SurveyResponse.objects.filter(office=office, submitted_on__gte=period.start,
                                         submitted_on__lt=period.end)
    return rows.filter(service=service) if service is not None else rows


def population_served(office, period: Period, service=None) -> tuple[int, str]:
    """(N, source): the entered population of the period, else applications handed over in it.

    An application counts once (its first ``handover`` event inside the period), on the
    office's local calendar.
    """
    if service is None:
        entered = ServedPopulation.objects.filter(office=office, period_key=period.key).first()
        if entered:
            return entered.population, "entered"
    start, end = office.start_of_day(period.start), office.start_of_day(period.end)
    # Distinct application ids of the handover events (the index on (name, at) bounds the read).
    handovers = ApplicationEvent.objects.filter(application__office=office, name="handover", at__gte=start,
                                                at__lt=end)
    if service is not None:
        handovers = handovers.filter(application__service=service)
    return handovers.values("application_id").distinct().count(), "applications"


def ikm_result(rows: QuerySet[SurveyResponse]) -> IkmResult | None:
    """The index of ``rows`` from one aggregate query; ``None`` without responses."""
    sums = rows.aggregate(n=Count("id"), **{code: Sum(code) for code in ELEMENTS})
    count = sums.pop("n")
    if not count:
        return None
    return ikm_from_totals(sums, dict.fromkeys(ELEMENTS, count), count)


@dataclass
class IkmIndex:
    """Everything the dashboard and the report show for one office, period and service."""

    office: object
    period: Period
    service: object | None
    result: IkmResult | None
    population: int
    population_source: str
    sample_needed: int
    weakest: list[str] = field(default_factory=list)

    @property
    def respondents(self) -> int:
        return self.result.respondents if self.result else 0

    @property
    def sample_status(self) -> str:
        """``"unknown"`` (no population served is known: nothing to compare with), ``"short"``
        (fewer respondents than the Krejcie–Morgan sample) or ``"met"``."""
        if self.population <= 0:
            return "unknown"
        return "met" if self.respondents >= self.sample_needed else "short"

    @property
    def sample_met(self) -> bool:
        """True only when a population is known and the respondents reach its sample."""
        return self.sample_status == "met"

    @property
    def sample_missing(self) -> int:
        return max(self.sample_needed - self.respondents, 0)


def ikm_index(office, period: Period, service=None) -> IkmIndex:
    result = ikm_result(responses_in(office, period, service))
    population, source = population_served(office, period, service)
    return IkmIndex(office=office, period=period, service=service, result=result, population=population,
                    population_source=source, sample_needed=sample_size(population),
                    weakest=result.weakest() if result else [])


def ikm_by_service(office, period: Period) -> list[tuple[object, IkmResult]]:
    """(service, result) for every service that has responses in the period."""
    from maklumat.standards.models import Service

    groups = {row.pop("service"): row for row in responses_in(office, period).values("service")
              .annotate(n=Count("id"), **{code: Sum(code) for code in ELEMENTS}).order_by()}
    rows = []
    for service in Service.objects.filter(pk__in=[pk for pk in groups if pk is not None]).order_by("order"):
        sums = dict(groups[service.pk])
        count = sums.pop("n")
        rows.append((service, ikm_from_totals(sums, dict.fromkeys(ELEMENTS, count), count)))
    return rows


def ikm_trend(office, periods: list[Period], service=None) -> list[tuple[Period, IkmResult | None]]:
    """(period, result) for every period asked, in order; ``None`` for a period without responses
    (a gap: charts and tables must not bridge it)."""
    return [(period, ikm_result(responses_in(office, period, service))) for period in periods]


@dataclass(frozen=True)
class YearAchievement:
    year: int
    target: Decimal
    realised: Decimal | None
    source: str  # "entered" (performance report) or "survey" (computed from responses)
    achievement: Decimal | None
    respondents: int = 0


def yearly_achievements(office) -> list[YearAchievement]:
    """Target, realisation and *capaian* per year with a target, oldest first."""
    rows = []
    for target in IkmTarget.objects.filter(office=office).order_by("year"):
        respondents = 0
        if target.realised_entered is not None:
            realised, source = trimmed(target.realised_entered), "entered"
        else:
            result = ikm_result(responses_in(office, Period(target.year)))
            realised, source = (result.ikm, "survey") if result else (None, "survey")
            respondents = result.respondents if result else 0
        rows.append(YearAchievement(
            year=target.year, target=trimmed(target.target), realised=realised, source=source,
            achievement=achievement(realised, target.target) if realised is not None else None,
            respondents=respondents,
        ))
    return rows


def respondent_profile(office, period: Period, service=None) -> dict[str, list[tuple[str, int]]]:
    """Count per answer of each profile question (blank = not answered)."""
    rows = responses_in(office, period, service)
    profile = {}
    for name in PROFILE_FIELDS:
        choices = dict(SurveyResponse._meta.get_field(name).choices)
        counts = Counter(dict(rows.values_list(name).annotate(n=Count("id")).values_list(name, "n")))
        profile[name] = [(str(label), counts.get(value, 0)) for value, label in choices.items()]
        if counts.get(""):
            profile[name].append(("—", counts[""]))
    services = Counter(dict(rows.values_list("service__name_id").annotate(n=Count("id"))
                            .values_list("service__name_id", "n")))
    profile["service"] = [(name or "—", count) for name, count in sorted(services.items(), key=lambda kv: -kv[1])]
    return profile


def suggestions_in(office, period: Period, service=None) -> QuerySet[SurveyResponse]:
    return responses_in(office, period, service).exclude(suggestion="").select_related("service")


def suggestions_marked_as_complaints(office, since: date) -> QuerySet[SurveyResponse]:
    """Suggestions marked as complaints (by the respondent or an officer) on or after ``since``.

    The hand-off list for the complaint team: each row has ``suggestion``, ``service``,
    ``channel``, ``submitted_on`` and ``complaint_marked_on``; there is no contact by design.
    """
    return (SurveyResponse.objects.filter(office=office, marked_as_complaint=True, complaint_marked_on__gte=since)
            .exclude(suggestion="").select_related("service").order_by("complaint_marked_on", "id"))


def follow_up_plan(office, period: Period) -> FollowUpPlan | None:
    return FollowUpPlan.objects.filter(office=office, period_key=period.key).select_related("updated_by").first()
