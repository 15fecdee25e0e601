"""What the office's compensation policies promise, for areas that may not import compensation.

Other areas ask through ``lib.areas.ask("promises", "<function>", ...)`` (e.g. the queue screens
ask for the biometric wait promise); every number comes from the policy in force (data), so an
office without such a policy promises nothing and a policy with another threshold moves every
warning with it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from typing import Any

from django.utils.translation import get_language

from maklumat.lib.promises import WaitPromise

# The lead time of the "about to breach" warning when a wait condition does not set
# ``warn_before_minutes`` (docs/decisions.md).
DEFAULT_WARN_BEFORE_MINUTES = 15
BIOMETRIC_WAIT = ("biometric_ticket", "biometric_start")


def walk_conditions(conditions) -> Iterator[Mapping[str, Any]]:
    """Every condition of a policy's data, nested ones included, in order."""
    for condition in conditions or ():
        if isinstance(condition, Mapping):
            yield condition
            yield from walk_conditions(condition.get("conditions"))


def policies_in_force(office, day: date):
    from maklumat.compensation.models import CompensationPolicy

    rows = CompensationPolicy.objects.filter(office=office, effective_from__lte=day).order_by("effective_from", "code")
    return [row for row in rows if row.effective_to is None or day <= row.effective_to]


def wait_promise_from(row) -> WaitPromise | None:
    """The biometric wait promise of one policy row, or None when it makes none."""
    for condition in walk_conditions(row.spec.get("conditions")):
        if condition.get("type") != "wait_over" or (condition.get("from"), condition.get("to")) != BIOMETRIC_WAIT:
            continue
        limit = timedelta(minutes=condition["minutes"])
        lead = timedelta(minutes=condition.get("warn_before_minutes", DEFAULT_WARN_BEFORE_MINUTES))
        english = (get_language() or "id").startswith("en")
        title = row.title_en if english and row.title_en else row.title_id
        return WaitPromise(policy_code=row.code, policy_title=title, limit=limit,
                           warn_after=max(limit - lead, timedelta(0)))
    return None


def biometric_wait_promise(office, day: date) -> WaitPromise | None:
    """The office's promise on the wait at biometric capture on ``day`` (its local date), from the
    compensation policy in force that has such a condition; ``None`` when no policy promises it."""
    for row in policies_in_force(office, day):
        promise = wait_promise_from(row)
        if promise is not None:
            return promise
    return None


def allocation_working_days(office, day: date) -> int | None:
    """The working days a policy in force on ``day`` allows from payment to allocation, or None."""
    for row in policies_in_force(office, day):
        for condition in walk_conditions(row.spec.get("conditions")):
            if (condition.get("type") == "deadline_missed"
                    and (condition.get("from"), condition.get("to")) == ("payment", "allocation")):
                return int(condition["working_days"])
    return None
