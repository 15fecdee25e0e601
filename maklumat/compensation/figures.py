"""The compensation figures of a period, one definition for Kinerja (``performance.figures``) and the
monthly compensation report (``compensation.report``), and the rows behind each figure.

``claimed`` = claims recorded in the period; ``fulfilled`` = remedies done in the period;
``outstanding`` = remedies of claims recorded by the period's end (or ``moment``) not done by then;
``cost`` = souvenirs given in the period at their unit cost from the stock ledger + home deliveries
done in the period at their courier cost, unknown when one of them has no cost entered
(docs/decisions.md). ``lower``/``moment`` are UTC bounds of office-local dates; ``using`` the database
alias (Kinerja reads the ``reporting`` alias).
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import reduce

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from maklumat.compensation.models import Claim, Fulfilment, FulfilmentStatus, Remedy, SouvenirMovement

# The price of a souvenir given: stamped on its ledger line, else (a line written before prices were
# stamped) the item's unit cost.
GIFT_UNIT_COST = Coalesce(F("unit_cost"), F("item__unit_cost"))


@dataclass
class CompensationCounts:
    claimed: int = 0
    fulfilled: int = 0
    outstanding: int = 0
    cost: int = 0
    cost_unknown: bool = False


def _claims_in(offices: Sequence, lower: datetime, moment: datetime) -> Q:
    return Q(application__office__in=offices, recorded_at__gte=lower, recorded_at__lt=moment)


def _done_in(offices: Sequence, lower: datetime, moment: datetime, prefix: str = "") -> Q:
    return Q(**{f"{prefix}claim__application__office__in": offices, f"{prefix}status": FulfilmentStatus.DONE,
                f"{prefix}fulfilled_at__gte": lower, f"{prefix}fulfilled_at__lt": moment})


def _outstanding_in(offices: Sequence, moment: datetime) -> Q:
    return (Q(claim__application__office__in=offices, claim__recorded_at__lt=moment)
            & (Q(fulfilled_at__isnull=True) | Q(fulfilled_at__gte=moment)))


def claims_recorded(offices: Sequence, lower: datetime, moment: datetime, *,
                    using: str = DEFAULT_DB_ALIAS) -> QuerySet[Claim]:
    return Claim.objects.using(using).filter(_claims_in(offices, lower, moment))


def fulfilments_done(offices: Sequence, lower: datetime, moment: datetime, *,
                     using: str = DEFAULT_DB_ALIAS) -> QuerySet[Fulfilment]:
    return Fulfilment.objects.using(using).filter(_done_in(offices, lower, moment))


def fulfilments_outstanding(offices: Sequence, moment: datetime, *,
                            using: str = DEFAULT_DB_ALIAS) -> QuerySet[Fulfilment]:
    return Fulfilment.objects.using(using).filter(_outstanding_in(offices, moment))


def souvenir_gifts(offices: Sequence, lower: datetime, moment: datetime, *,
                   using: str = DEFAULT_DB_ALIAS) -> QuerySet[SouvenirMovement]:
    """The stock ledger lines of the souvenirs given by remedies done in the period."""
    return SouvenirMovement.objects.using(using).filter(
        _done_in(offices, lower, moment, prefix="fulfilment__"), fulfilment__remedy=Remedy.SOUVENIR)


def deliveries_done(offices: Sequence, lower: datetime, moment: datetime, *,
                    using: str = DEFAULT_DB_ALIAS) -> QuerySet[Fulfilment]:
    return fulfilments_done(offices, lower, moment, using=using).filter(remedy=Remedy.HOME_DELIVERY)


def compensation_counts(offices: Sequence, lower: datetime, moment: datetime, *,
                        using: str = DEFAULT_DB_ALIAS) -> dict[int, CompensationCounts]:
    """Per office pk of ``offices`` (sharing one time zone, so one pair of bounds): the four figures
    (four queries, whatever the number of offices)."""
    return compensation_counts_by_zone([(offices, lower, moment)], using=using)


def compensation_counts_by_zone(zones: Sequence[tuple[Sequence, datetime, datetime]], *,
                                using: str = DEFAULT_DB_ALIAS) -> dict[int, CompensationCounts]:
    """``compensation_counts`` of offices in several time zones at once, each zone ``(offices, lower,
    moment)`` with its own bounds: still four queries (one condition per zone, OR'ed)."""
    def either(condition, **extra) -> Q:
        return reduce(operator.or_, [condition(offices, lower, moment, **extra) for offices, lower, moment in zones])

    offices = [office for group, _lower, _moment in zones for office in group]
    claims = Claim.objects.using(using).filter(either(_claims_in))
    done = Fulfilment.objects.using(using).filter(either(_done_in))
    gifts = SouvenirMovement.objects.using(using).filter(either(_done_in, prefix="fulfilment__"),
                                                         fulfilment__remedy=Remedy.SOUVENIR)
    outstanding = Fulfilment.objects.using(using).filter(reduce(operator.or_, [
        _outstanding_in(group, moment) for group, _lower, moment in zones]))
    counts = {office.pk: CompensationCounts() for office in offices}
    for office_id, n in (claims
                         .values("application__office_id").annotate(n=Count("id"))
                         .values_list("application__office_id", "n")):
        counts[office_id].claimed += n
    for office_id, n, deliveries, known, cost in (
            done.values("claim__application__office_id").annotate(
                n=Count("id"), deliveries=Count("id", filter=Q(remedy=Remedy.HOME_DELIVERY)),
                known=Count("courier_cost", filter=Q(remedy=Remedy.HOME_DELIVERY)),
                cost=Sum("courier_cost", filter=Q(remedy=Remedy.HOME_DELIVERY)))
            .values_list("claim__application__office_id", "n", "deliveries", "known", "cost")):
        row = counts[office_id]
        row.fulfilled += n
        row.cost += cost or 0
        row.cost_unknown |= known != deliveries
    for office_id, n, known, cost in (
            gifts
            .values("fulfilment__claim__application__office_id")
            .annotate(n=Count("id"), known=Count(GIFT_UNIT_COST), cost=Sum(F("quantity") * GIFT_UNIT_COST * -1))
            .values_list("fulfilment__claim__application__office_id", "n", "known", "cost")):
        row = counts[office_id]
        row.cost += cost or 0
        row.cost_unknown |= known != n
    for office_id, n in (outstanding
                         .values("claim__application__office_id").annotate(n=Count("id"))
                         .values_list("claim__application__office_id", "n")):
        counts[office_id].outstanding += n
    return counts
