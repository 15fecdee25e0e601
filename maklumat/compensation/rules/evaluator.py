"""Deciding one application under one policy, as of a moment (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from maklumat.compensation.rules.facts import (
    DECISION_ELIGIBLE,
    DECISION_NOT_ELIGIBLE,
    DECISION_PENDING,
    ConditionResult,
    Context,
    Decision,
    Facts,
    not_applicable,
)
from maklumat.compensation.rules.policy import Policy


def evaluate(facts: Facts, policy: Policy, ctx: Context) -> Decision:
    """``eligible`` when every condition holds, ``not_eligible`` when one cannot hold any more,
    ``pending`` while the breach can still happen. Remedies only when eligible."""
    out: list[ConditionResult] = []
    held = policy.condition.check(facts, ctx, out)
    if held is True:
        return Decision(facts.id, policy.code, DECISION_ELIGIBLE, policy.remedies, tuple(out))
    return Decision(facts.id, policy.code, DECISION_NOT_ELIGIBLE if held is False else DECISION_PENDING, (),
                    tuple(out))


def application_date(facts: Facts, ctx: Context) -> date:
    """The date an application belongs to: its earliest known event (local), else the as-of date."""
    moments = [at for at in facts.events.values() if at <= ctx.as_of]
    first = min(moments) if moments else ctx.as_of
    return ctx.calendar.local(first).date()


def policies_for(facts: Facts, policies: Sequence[Policy], ctx: Context) -> list[Policy]:
    """The policies in force on the application's date (a policy is never applied before it was made)."""
    day = application_date(facts, ctx)
    return [policy for policy in policies if policy.in_force_on(day)]


def decision_turns(facts: Facts, policies: Sequence[Policy], ctx: Context) -> set[datetime]:
    """The moments, beside the application's events, at which a decision of ``policies`` may change
    while no event happens (``Condition.turns``): between two consecutive ones the decisions are
    the same whatever the moment asked."""
    return {moment for policy in policies for moment in policy.condition.turns(facts, ctx)}


def decide(facts: Facts, policies: Sequence[Policy], ctx: Context) -> list[Decision]:
    """One decision per policy in force for the application, or one ``not_applicable``."""
    applicable = policies_for(facts, policies, ctx)
    if not applicable:
        return [not_applicable(facts.id)]
    return [evaluate(facts, policy, ctx) for policy in applicable]
