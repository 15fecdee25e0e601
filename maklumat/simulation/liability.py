"""What the applicants over the compensation threshold would cost: the remedies of the office's wait
policy in force (compensation policy data) and the unit cost of its souvenirs (its stock items)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from maklumat.compensation.models import SouvenirItem
from maklumat.compensation.promises import policies_in_force, wait_promise_from, walk_conditions
from maklumat.simulation.engine import Result
from maklumat.simulation.model import Scenario


@dataclass(frozen=True)
class Liability:
    policy_title: str
    remedies: tuple[str, ...]
    eligible_over: float           # applicants over the threshold the policy's channel condition covers
    eligible_ci95: tuple[float, float]
    souvenir_unit_cost: int | None  # mean of the office's souvenir items with a known cost
    souvenir_cost: int | None       # eligible_over × unit cost (Rp)


def liability_of(office, day: date, scenario: Scenario, result: Result) -> Liability | None:
    """``None`` when no policy in force promises the biometric wait."""
    for row in policies_in_force(office, day):
        promise = wait_promise_from(row)
        if promise is None:
            continue
        channels = set()
        for condition in walk_conditions(row.spec.get("conditions")):
            if condition.get("type") == "booking_in":
                channels |= set(condition.get("channels", ()))
        # A policy for M-Paspor bookings only covers the booking classes of the model.
        covered = [c.name for c in scenario.classes if not channels or c.booking is not None or c.name in channels]
        over = sum(result.classes[name].over_threshold for name in covered if name in result.classes)
        low = sum(result.classes[name].over_threshold_ci95[0] for name in covered if name in result.classes)
        high = sum(result.classes[name].over_threshold_ci95[1] for name in covered if name in result.classes)
        remedies = tuple(row.spec.get("remedies", ()))
        costs = [cost for cost in SouvenirItem.objects.filter(office=office, unit_cost__isnull=False)
                 .values_list("unit_cost", flat=True)]
        unit = round(sum(costs) / len(costs)) if costs else None
        souvenir = round(over * unit) if unit is not None and "souvenir" in remedies else None
        return Liability(policy_title=promise.policy_title, remedies=remedies, eligible_over=over,
                         eligible_ci95=(max(0.0, low), high), souvenir_unit_cost=unit, souvenir_cost=souvenir)
    return None
