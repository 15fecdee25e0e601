"""Building pure facts and contexts for the rule tests."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from maklumat.calendar.rules import WorkCalendar
from maklumat.compensation.rules.facts import Context, Facts, Outage
from maklumat.compensation.rules.policy import Policy, policy_from_dict, seeded_policy_specs

WIB = ZoneInfo("Asia/Jakarta")
CALENDAR = WorkCalendar(tz_name="Asia/Jakarta")


def at(*parts: int) -> datetime:
    """An aware WIB datetime: ``at(2025, 5, 8, 10, 1)``."""
    return datetime(*parts, tzinfo=WIB)


def seeded(code: str) -> Policy:
    return next(policy_from_dict(spec) for spec in seeded_policy_specs() if spec["code"] == code)


def facts(*, service="baru", booking="m_paspor", smart_queue=True, flags=(), app_id="A1", **events) -> Facts:
    return Facts(id=app_id, service=service, booking=booking, smart_queue=smart_queue, events=events,
                 flags=frozenset(flags))


def context(as_of: datetime, outages: tuple[Outage, ...] = ()) -> Context:
    return Context(calendar=CALENDAR, as_of=as_of, outages=outages)


def held(decision, code: str):
    return next(c.held for c in decision.conditions if c.code == code)


def measured(decision, code: str):
    return next(c.measured for c in decision.conditions if c.code == code)
