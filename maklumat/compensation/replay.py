"""Policy replay: how stored applications would have been decided under another policy version."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Prefetch

from maklumat.applications.models import Application
from maklumat.applications.selectors import countable_events, event_times_from
from maklumat.calendar.selectors import work_calendar_for
from maklumat.compensation.models import CompensationPolicy
from maklumat.compensation.rules.evaluator import application_date, decide, evaluate
from maklumat.compensation.rules.facts import DECISION_ELIGIBLE, Context
from maklumat.compensation.rules.policy import Policy
from maklumat.compensation.selectors import facts_for, outage_facts
from maklumat.offices.models import Office


@dataclass
class ReplayReport:
    office: str
    candidate: str
    date_from: date
    date_to: date
    applications: int = 0
    candidate_decisions: Counter = field(default_factory=Counter)
    candidate_remedies: Counter = field(default_factory=Counter)
    in_force_decisions: Counter = field(default_factory=Counter)
    in_force_remedies: Counter = field(default_factory=Counter)
    newly_eligible: list[str] = field(default_factory=list)
    no_longer_eligible: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        def counts(counter: Counter) -> str:
            return ", ".join(f"{key} {value}" for key, value in sorted(counter.items())) or "-"

        return [
            f"office {self.office}, applications dated {self.date_from} to {self.date_to}: {self.applications}",
            f"candidate {self.candidate}: {counts(self.candidate_decisions)}",
            f"  remedies: {counts(self.candidate_remedies)}",
            f"in force: {counts(self.in_force_decisions)}",
            f"  remedies: {counts(self.in_force_remedies)}",
            f"eligible only under {self.candidate}: {len(self.newly_eligible)}"
            + (f" ({', '.join(self.newly_eligible[:20])})" if self.newly_eligible else ""),
            f"eligible only under the policy in force: {len(self.no_longer_eligible)}"
            + (f" ({', '.join(self.no_longer_eligible[:20])})" if self.no_longer_eligible else ""),
        ]


def replay(*, office: Office, candidate: Policy, date_from: date, date_to: date, as_of: datetime,
           in_force: Sequence[CompensationPolicy]) -> ReplayReport:
    """Decide every stored application of ``office`` dated in the range under ``candidate`` and
    under the policies in force on its date; count decisions and remedies of both."""
    calendar = work_calendar_for(office)
    ctx = Context(calendar=calendar, as_of=as_of, outages=outage_facts(office))
    current = [row.compiled() for row in in_force]
    report = ReplayReport(office=office.code, candidate=candidate.code, date_from=date_from, date_to=date_to)
    applications = (
        Application.objects.filter(office=office).select_related("service")
        .prefetch_related(Prefetch("events", queryset=countable_events().order_by("at")))
    )
    for application in applications.iterator(chunk_size=500):
        events = event_times_from(application.events.all())
        facts = facts_for(application, events)
        if not date_from <= application_date(facts, ctx) <= date_to:
            continue
        report.applications += 1
        new = evaluate(facts, candidate, ctx)
        report.candidate_decisions[new.decision] += 1
        report.candidate_remedies.update(new.remedies)
        old = decide(facts, current, ctx)
        for decision in old:
            report.in_force_decisions[decision.decision] += 1
            report.in_force_remedies.update(decision.remedies)
        was_eligible = any(decision.decision == DECISION_ELIGIBLE for decision in old)
        if new.eligible and not was_eligible:
            report.newly_eligible.append(application.number)
        elif was_eligible and not new.eligible:
            report.no_longer_eligible.append(application.number)
    return report
