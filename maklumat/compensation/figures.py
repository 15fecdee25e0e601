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

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

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


def claims_recorded(offices: Sequence, lower: datetime, moment: datetime, *,
                    using: str = DEFAULT_DB_ALIAS) -> QuerySet[Claim]:
    return Claim.objects.using(using).filter(application__office__in=offices, recorded_at__gte=lower,
                                             recorded_at__lt=moment)


def fulfilments_done(offices: Sequence, lower: datetime, moment: datetime, *,
                     using: str = DEFAULT_DB_ALIAS) -> QuerySet[Fulfilment]:
    return Fulfilment.objects.using(using).filter(claim__application__office__in=offices,
                                                  status=FulfilmentStatus.DONE, fulfilled_at__gte=lower,
                                                  fulfilled_at__lt=moment)


def fulfilments_outstanding(offices: Sequence, moment: datetime, *,
                            using: str = DEFAULT_DB_ALIAS) -> QuerySet[Fulfilment]:
    return (Fulfilment.objects.using(using).filter(claim__application__office__in=offices,
                                                   claim__recorded_at__lt=moment)
            .filter(Q(fulfilled_at__isnull=True) | Q(fulfilled_at__gte=moment)))


def souvenir_gifts(offices: Sequence, lower: datetime, moment: datetime, *,
                   using: str = DEFAULT_DB_ALIAS) -> QuerySet[SouvenirMovement]:
    """The stock ledger lines of the souvenirs given by remedies done in the period."""
    done = fulfilments_done(offices, lower, moment, using=using).filter(remedy=Remedy.SOUVENIR)
    return SouvenirMovement.objects.using(using).filter(fulfilment__in=done)


def deliveries_done(offices: Sequence, lower: datetime, moment: datetime, *,
                    using: str = DEFAULT_DB_ALIAS) -> QuerySet[Fulfilment]:
    return fulfilments_done(offices, lower, moment, using=using).filter(remedy=Remedy.HOME_DELIVERY)


def compensation_counts(offices: Sequence, lower: datetime, moment: datetime, *,
                        using: str = DEFAULT_DB_ALIAS) -> dict[int, CompensationCounts]:
    """Per office pk of ``offices`` (sharing one time zone, so one pair of bounds): the four figures
    (four queries, whatever the number of offices)."""
    counts = {office.pk: CompensationCounts() for office in offices}
    for office_id, n in (claims_recorded(offices, lower, moment, using=using)
                         .values("application__office_id").annotate(n=Count("id"))
                         .values_list("application__office_id", "n")):
        counts[office_id].claimed += n
    for office_id, n, deliveries, known, cost in (
            fulfilments_done(offices, lower, moment, using=using).values("claim__application__office_id").annotate(
                n=Count("id"), deliveries=Count("id", filter=Q(remedy=Remedy.HOME_DELIVERY)),
                known=Count("courier_cost", filter=Q(remedy=Remedy.HOME_DELIVERY)),
                cost=Sum("courier_cost", filter=Q(remedy=Remedy.HOME_DELIVERY)))
            .values_list("claim__application__office_id", "n", "deliveries", "known", "cost")):
        row = counts[office_id]
        row.fulfilled += n
        row.cost += cost or 0
        row.cost_unknown |= known != deliveries
    for office_id, n, known, cost in (
            souvenir_gifts(offices, lower, moment, using=using)
            .values("fulfilment__claim__application__office_id")
            .annotate(n=Count("id"), known=Count(GIFT_UNIT_COST), cost=Sum(F("quantity") * GIFT_UNIT_COST * -1))
            .values_list("fulfilment__claim__application__office_id", "n", "known", "cost")):
        row = counts[office_id]
        row.cost += cost or 0
        row.cost_unknown |= known != n
    for office_id, n in (fulfilments_outstanding(offices, moment, using=using)
                         .values("claim__application__office_id").annotate(n=Count("id"))
                         .values_list("claim__application__office_id", "n")):
        counts[office_id].outstanding += n
    return counts
