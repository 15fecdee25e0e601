"""The monthly compensation report of an office: cases by condition and remedy, costs and outstanding
remedies, for the HTML page, the PDF and the XLSX alike.

The totals are ``compensation.figures`` (the definition Kinerja uses), so the report and Kinerja agree;
the breakdowns read the same row sets. Condition labels come from the policy data (``labels``).
A constant number of queries, whatever the number of claims.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Count, F, Q, Sum

from maklumat.calendar.selectors import work_calendar_for
from maklumat.compensation import figures
from maklumat.compensation.labels import condition_labels, policy_title, remedy_label
from maklumat.compensation.models import CompensationPolicy, Fulfilment, Remedy
from maklumat.compensation.rules.report import cases_by_condition, month_days
from maklumat.compensation.stock import StockRow, low_stock_rows

# The detail lists behind the figures (``report_rows``).
ROW_SETS = ("claims", "given", "outstanding", "souvenirs", "deliveries")


@dataclass
class ConditionRow:
    code: str
    label: str
    depth: int
    cases: int


@dataclass
class PolicyCases:
    policy: CompensationPolicy
    title: str
    claims: int
    conditions: list[ConditionRow]


@dataclass
class RemedyRow:
    code: str
    label: str
    owed: int  # remedies of the month's claims
    given: int  # remedies done in the month (whenever claimed)
    outstanding: int  # not done by the report's moment (claims of any month until then)


@dataclass
class ItemCost:
    item_id: int
    name: str
    given: int
    cost: int
    priced: bool


@dataclass
class OutstandingRow:
    fulfilment: Fulfilment
    claimed_on: date
    age: int  # working days


@dataclass
class MonthlyReport:
    office: object
    year: int
    month: int
    first: date
    last: date
    on: date  # the date the report is as of (the month's last day, or today for the running month)
    lower: datetime
    moment: datetime
    counts: figures.CompensationCounts
    policies: list[PolicyCases] = field(default_factory=list)
    remedies: list[RemedyRow] = field(default_factory=list)
    souvenirs: list[ItemCost] = field(default_factory=list)
    souvenir_cost: int = 0
    souvenirs_unpriced: int = 0
    deliveries: int = 0
    delivery_cost: int = 0
    deliveries_unpriced: int = 0
    outstanding: list[OutstandingRow] = field(default_factory=list)
    low_stock: list[StockRow] = field(default_factory=list)

    @property
    def total_cost(self) -> int | None:
        """The month's cost, as Kinerja shows it: unknown (None) when one cost is not entered."""
        return None if self.counts.cost_unknown else self.counts.cost

    @property
    def running(self) -> bool:
        return self.on < self.last


def report_window(office, year: int, month: int, *, as_of: datetime) -> tuple[date, date, datetime, datetime]:
    """(first, last, lower, moment): the month's dates and their UTC bounds in office time, cut at ``as_of``."""
    first, last = month_days(year, month)
    lower = office.start_of_day(first)
    upper = office.start_of_day(date.fromordinal(last.toordinal() + 1))
    return first, last, lower, min(upper, max(as_of, lower))


def monthly_report(office, *, year: int, month: int, as_of: datetime) -> MonthlyReport:
    first, last, lower, moment = report_window(office, year, month, as_of=as_of)
    offices = [office]
    report = MonthlyReport(office=office, year=year, month=month, first=first, last=last,
                           on=min(last, office.local_date(as_of)), lower=lower, moment=moment,
                           counts=figures.compensation_counts(offices, lower, moment)[office.pk])
    _cases(report, figures.claims_recorded(offices, lower, moment))
    _remedies(report, offices)
    _costs(report, offices)
    calendar = work_calendar_for(office)
    for fulfilment in (figures.fulfilments_outstanding(offices, moment)
                       .select_related("claim__application", "claim__policy").order_by("claim__recorded_at", "id")):
        claimed_on = office.local_date(fulfilment.claim.recorded_at)
        report.outstanding.append(OutstandingRow(fulfilment, claimed_on,
                                                 calendar.working_days_between(claimed_on, report.on)))
    report.low_stock = low_stock_rows(office)
    return report


def _cases(report: MonthlyReport, claims) -> None:
    by_policy: dict[int, list[list]] = defaultdict(list)
    for policy_id, decision in claims.values_list("policy_id", "decision"):
        by_policy[policy_id].append((decision or {}).get("conditions") or [])
    for policy in CompensationPolicy.objects.filter(pk__in=by_policy).order_by("effective_from", "code"):
        labels = condition_labels(policy)
        rows = [ConditionRow(code, labels.get(code) or code, depth, cases)
                for code, depth, cases in cases_by_condition(policy.spec.get("conditions"), by_policy[policy.pk])]
        report.policies.append(PolicyCases(policy, policy_title(policy), len(by_policy[policy.pk]), rows))


def _remedies(report: MonthlyReport, offices) -> None:
    owed = dict(Fulfilment.objects.filter(claim__in=figures.claims_recorded(offices, report.lower, report.moment))
                .values("remedy").annotate(n=Count("id")).values_list("remedy", "n"))
    given = dict(figures.fulfilments_done(offices, report.lower, report.moment)
                 .values("remedy").annotate(n=Count("id")).values_list("remedy", "n"))
    outstanding = dict(figures.fulfilments_outstanding(offices, report.moment)
                       .values("remedy").annotate(n=Count("id")).values_list("remedy", "n"))
    for code in Remedy.values:
        if owed.get(code) or given.get(code) or outstanding.get(code):
            report.remedies.append(RemedyRow(code, remedy_label(code), owed.get(code, 0), given.get(code, 0),
                                             outstanding.get(code, 0)))


def _costs(report: MonthlyReport, offices) -> None:
    for item_id, name, n, known, cost in (
            figures.souvenir_gifts(offices, report.lower, report.moment)
            .values("item_id", "item__name")
            .annotate(n=Count("id"), known=Count(figures.GIFT_UNIT_COST),
                      cost=Sum(F("quantity") * figures.GIFT_UNIT_COST * -1))
            .order_by("item__name").values_list("item_id", "item__name", "n", "known", "cost")):
        report.souvenirs.append(ItemCost(item_id, name, n, cost or 0, known == n))
        report.souvenir_cost += cost or 0
        report.souvenirs_unpriced += n - known
    found = figures.deliveries_done(offices, report.lower, report.moment).aggregate(
        n=Count("id"), known=Count("courier_cost"), cost=Sum("courier_cost", filter=Q(courier_cost__isnull=False)))
    report.deliveries, report.delivery_cost = found["n"], found["cost"] or 0
    report.deliveries_unpriced = found["n"] - found["known"]


def report_rows(office, *, year: int, month: int, as_of: datetime, rows: str, policy: str = "", condition: str = "",
                remedy: str = "", item: int | None = None):
    """The rows behind one figure of the report: claims (of a policy, where a condition held), remedies
    given or outstanding (of one remedy), souvenir gifts (of one item), home deliveries. A queryset."""
    _first, _last, lower, moment = report_window(office, year, month, as_of=as_of)
    offices = [office]
    if rows == "claims":
        found = figures.claims_recorded(offices, lower, moment).select_related("application", "policy")
        if policy:
            found = found.filter(policy__code=policy)
        found = list(found.order_by("recorded_at", "id"))
        if condition:
            found = [claim for claim in found if any(
                result.get("code") == condition and result.get("held") is True
                for result in (claim.decision or {}).get("conditions") or [])]
        return found
    if rows in ("given", "outstanding"):
        found = (figures.fulfilments_done(offices, lower, moment) if rows == "given"
                 else figures.fulfilments_outstanding(offices, moment))
        if remedy:
            found = found.filter(remedy=remedy)
        return list(found.select_related("claim__application", "claim__policy").order_by("claim__recorded_at", "id"))
    if rows == "souvenirs":
        found = figures.souvenir_gifts(offices, lower, moment).select_related(
            "item", "fulfilment__claim__application").annotate(price=figures.GIFT_UNIT_COST)
        if item:
            found = found.filter(item_id=item)
        return list(found.order_by("at", "id"))
    if rows == "deliveries":
        return list(figures.deliveries_done(offices, lower, moment).select_related("claim__application")
                    .order_by("fulfilled_at", "id"))
    raise ValueError(rows)
