"""The figures of a Kinerja beside the promises: target, compensation, complaints, IKM, effectiveness.

Each reads all offices of the view at once (one, a Kanwil's, the nation's) and answers per office
pk; offices sharing a time zone share the UTC bounds of the period's local dates, so a query serves
a whole zone. The ``*_figures`` functions turn counts (per office, or summed for a roll-up) into the
API shapes. Definitions are recorded in docs/decisions.md.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import reduce

from django.db.models import Count, F, Q, Sum

from maklumat.compensation.figures import compensation_counts_by_zone
from maklumat.complaints.models import Complaint, ComplaintStep, StepStatus
from maklumat.performance import rules
from maklumat.performance.labels import indicator_texts
from maklumat.performance.models import DocumentTarget
from maklumat.performance.reporting import reporting
from maklumat.satisfaction.models import IkmTarget, SurveyResponse
from maklumat.satisfaction.rules import ELEMENTS, achievement, ikm_from_totals

OUT_OF_OFFICE_PROGRAMS = ("mpp", "eazy_paspor", "sambang_haji", "sambang_sakit")


def _rows(model):
    """A model's rows as the dashboards read them (the ``reporting`` database)."""
    return model.objects.using(reporting())


def bounds(office, start: date, end: date) -> tuple[datetime, datetime]:
    """00:00 office time on ``start`` and on the day after ``end``."""
    return office.start_of_day(start), office.start_of_day(end + timedelta(days=1))


def by_zone(offices) -> Iterable[tuple[list, datetime, datetime]]:
    """(offices, lower, upper) per time zone: the UTC bounds of the period's local dates there."""
    zones: dict[str, list] = defaultdict(list)
    for office in offices:
        zones[office.time_zone].append(office)
    return zones.values()


def _zone_bounds(group, start: date, end: date, as_of: datetime) -> tuple[datetime, datetime]:
    lower, upper = bounds(group[0], start, end)
    return lower, min(upper, as_of)


@dataclass
class Counts:
    """Additive counts of one office (or a sum of offices) behind the side figures."""

    issued: int = 0
    target_documents: int = 0
    target_issued: int = 0
    has_target: bool = False
    eligible: int = 0
    claimed: int = 0
    fulfilled: int = 0
    outstanding: int = 0
    cost: int = 0
    cost_unknown: bool = False
    received: int = 0
    still_open: int = 0
    overdue: int = 0
    steps_due: int = 0
    steps_kept: int = 0
    begun: int = 0
    outside: int = 0
    respondents: int = 0
    element_sums: dict = field(default_factory=lambda: dict.fromkeys(ELEMENTS, 0))
    ikm_targets: list = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for item in fields(self):
            mine, theirs = getattr(self, item.name), getattr(other, item.name)
            if isinstance(mine, bool):
                setattr(self, item.name, mine or theirs)
            elif isinstance(mine, int):
                setattr(self, item.name, mine + theirs)
        for code in ELEMENTS:
            self.element_sums[code] += other.element_sums[code]
        self.ikm_targets.extend(other.ikm_targets)


# ----- reading the counts ---------------------------------------------------------------------------

def office_counts(datas, *, start: date, end: date, as_of: datetime, issued: dict[int, int],
                  begun: dict[int, tuple[int, int, int]]) -> dict[int, Counts]:
    """Every side count of every office of ``datas`` (a few queries per time zone, not per office);
    ``begun``: per office pk (begun, out of office, eligible) from the aggregates."""
    offices = [data.office for data in datas]
    counts = {office.pk: Counts(issued=issued.get(office.pk, 0)) for office in offices}
    _targets(datas, counts, start=start, end=end)
    for office_id, (n, outside, eligible) in begun.items():
        counts[office_id].begun, counts[office_id].outside, counts[office_id].eligible = n, outside, eligible
    zones = [(group, *_zone_bounds(group, start, end, as_of)) for group in by_zone(offices)]
    if zones:
        _compensation(zones, counts)
        _complaints(zones, counts)
    _ikm(offices, counts, start=start, end=end)
    return counts


def _targets(datas, counts: dict[int, Counts], *, start: date, end: date) -> None:
    """The period's target of each office: each year's target pro rata by the office's working days
    of the period in that year (a whole year = the yearly target); none when a year has no target."""
    years = range(start.year, end.year + 1)
    rows = defaultdict(dict)
    for office_id, year, documents in _rows(DocumentTarget).filter(
            office__in=[data.office for data in datas], year__in=years).values_list("office_id", "year", "documents"):
        rows[office_id][year] = documents
    for data in datas:
        targets = rows.get(data.office.pk, {})
        if any(year not in targets for year in years):
            continue
        total = 0
        for year in years:
            first, last = date(year, 1, 1), date(year, 12, 31)
            in_period = sum(1 for _ in data.calendar.working_days(max(first, start), min(last, end)))
            in_year = sum(1 for _ in data.calendar.working_days(first, last))
            total += rules.prorated_target(targets[year], in_period, in_year)
        row = counts[data.office.pk]
        row.has_target, row.target_documents, row.target_issued = True, total, row.issued


def _compensation(zones, counts: dict[int, Counts]) -> None:
    """Claims recorded, remedies done and still owed, and their cost: the compensation area's one
    definition (``compensation.figures``), read from the ``reporting`` database, every time zone
    ``(offices, lower, moment)`` in the same four queries."""
    for office_id, found in compensation_counts_by_zone(zones, using=reporting()).items():
        row = counts[office_id]
        row.claimed += found.claimed
        row.fulfilled += found.fulfilled
        row.outstanding += found.outstanding
        row.cost += found.cost
        row.cost_unknown |= found.cost_unknown


def _either(zones, condition) -> Q:
    """``condition(offices, lower, moment)`` of every time zone, OR'ed: one query for all zones."""
    return reduce(operator.or_, [condition(group, lower, moment) for group, lower, moment in zones])


def _complaints(zones, counts: dict[int, Counts]) -> None:
    """Received, still open and overdue complaints, and the recap's on-time steps (``complaints.recap``:
    every step whose due time fell in the period and has passed counts; kept when done by its due),
    every time zone ``(offices, lower, moment)`` in the same three queries."""
    received = _rows(Complaint).filter(_either(zones, lambda group, lower, moment: Q(
        office__in=group, received_at__gte=lower, received_at__lt=moment)))
    still_open = _either(zones, lambda group, _lower, moment: Q(office__in=group) & (
        Q(resolved_at__isnull=True) | Q(resolved_at__gte=moment)))
    for office_id, n, unresolved in (received.values("office_id").annotate(n=Count("id"), still_open=Count(
            "id", filter=still_open)).values_list("office_id", "n", "still_open")):
        counts[office_id].received += n
        counts[office_id].still_open += unresolved
    overdue = _rows(ComplaintStep).filter(
        _either(zones, lambda group, _lower, moment: Q(complaint__office__in=group, started_at__lt=moment,
                                                      due_at__lt=moment)
                & ~Q(status=StepStatus.DONE, completed_at__lte=moment)),
        status__in=[StepStatus.DONE, StepStatus.ACTIVE])
    for office_id, n in (overdue.values("complaint__office_id").annotate(n=Count("complaint_id", distinct=True))
                         .values_list("complaint__office_id", "n")):
        counts[office_id].overdue += n
    fallen = _rows(ComplaintStep).filter(
        _either(zones, lambda group, lower, moment: Q(complaint__office__in=group, due_at__gte=lower,
                                                     due_at__lt=moment)),
        status__in=[StepStatus.DONE, StepStatus.ACTIVE])
    kept = Q(status=StepStatus.DONE, completed_at__lte=F("due_at")) & _either(
        zones, lambda group, _lower, moment: Q(complaint__office__in=group, completed_at__lte=moment))
    for office_id, n, on_time in (
            fallen.values("complaint__office_id").annotate(n=Count("id"), kept=Count("id", filter=kept))
            .values_list("complaint__office_id", "n", "kept")):
        counts[office_id].steps_due += n
        counts[office_id].steps_kept += on_time


def _ikm(offices, counts: dict[int, Counts], *, start: date, end: date) -> None:
    """Per office: respondents and answer sums of the responses dated in the period (one query) and,
    for a period inside one year, the office's IKM target."""
    for row in (_rows(SurveyResponse).filter(office__in=offices, submitted_on__gte=start, submitted_on__lte=end)
                .values("office_id").annotate(n=Count("id"), **{code: Sum(code) for code in ELEMENTS})):
        target = counts[row["office_id"]]
        target.respondents += row["n"]
        for code in ELEMENTS:
            target.element_sums[code] += row[code] or 0
    if start.year == end.year:
        for office_id, value in _rows(IkmTarget).filter(office__in=offices, year=start.year).values_list(
                "office_id", "target"):
            counts[office_id].ikm_targets.append(value)


# ----- the API shapes -------------------------------------------------------------------------------

def target_figures(row: Counts) -> dict:
    if not row.has_target:
        return {"documents": None, "issued": row.issued, "achievement_percent": None}
    return {"documents": row.target_documents, "issued": row.target_issued,
            "achievement_percent": rules.achievement_percent(row.target_issued, row.target_documents)}


def compensation_figures(row: Counts) -> dict:
    return {"eligible": row.eligible, "claimed": row.claimed, "fulfilled": row.fulfilled,
            "outstanding": row.outstanding, "cost": None if row.cost_unknown else row.cost}


def complaint_figures(row: Counts) -> dict:
    return {"received": row.received, "open": row.still_open, "overdue": row.overdue,
            "on_time_rate": rules.rate(row.steps_kept, row.steps_due)}


def ikm_figures(row: Counts) -> dict:
    """The index (1–4, the satisfaction area's arithmetic) of the pooled responses, its grade letter,
    respondents, the target (an office's own; for several offices the mean of their targets) and
    *capaian* = index ÷ target × 100."""
    result = (ikm_from_totals(row.element_sums, dict.fromkeys(ELEMENTS, row.respondents), row.respondents)
              if row.respondents else None)
    target = sum(row.ikm_targets, Decimal(0)) / len(row.ikm_targets) if row.ikm_targets else None
    index = result.ikm if result else None
    return {
        "index": float(index) if index is not None else None,
        "grade": result.grade.letter if result else None,
        "respondents": row.respondents,
        "target": float(round(target, 4)) if target is not None else None,
        "achievement": float(achievement(index, target)) if index is not None and target else None,
    }


def _percent(value: float | None) -> float | None:
    return None if value is None else float(rules.half_up(Fraction(str(value)) * 100, 2))


def effectiveness(row: Counts, *, counts: Sequence[rules.PromiseCount], previous_rate: float | None,
                  target: dict, ikm: dict) -> list[dict]:
    """Sutrisno's five indicators as measured figures (definitions in ``labels`` and docs/decisions.md)."""
    achievements = [value for value in (target["achievement_percent"], ikm["achievement"]) if value is not None]
    current_rate = rules.combined_rate(counts)
    understanding = (float(rules.half_up(Fraction(row.element_sums["u1"] + row.element_sums["u2"],
                                                  2 * row.respondents), 2)) if row.respondents else None)
    values = {
        "program_understanding": understanding,
        "on_target": _percent(rules.rate(row.outside, row.begun)),
        "on_time": _percent(current_rate),
        "goal_achievement": (float(rules.half_up(Fraction(str(sum(achievements))) / len(achievements), 2))
                             if achievements else None),
        "real_change": _percent(rules.change(current_rate, previous_rate)),
    }
    return [dict(zip(("code", "label", "value", "unit", "definition"), (code, label, value, unit, definition),
                     strict=True))
            for code, value in values.items() for label, unit, definition in [indicator_texts(code)]]


def information_complaint_share(offices, *, start: date, end: date, as_of: datetime) -> float | None:
    """Share of the period's complaints in a *general* category (requirements, procedures, status,
    app errors: what a first-line officer answers, 002 step 2), for the page."""
    total = general = 0
    for group in by_zone(offices):
        lower, moment = _zone_bounds(group, start, end, as_of)
        found = _rows(Complaint).filter(office__in=group, received_at__gte=lower, received_at__lt=moment).aggregate(
            n=Count("id"), general=Count("id", filter=Q(category__is_general=True)))
        total += found["n"]
        general += found["general"]
    return rules.rate(general, total)
