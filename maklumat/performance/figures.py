"""The figures of a Kinerja beside the promises: target, compensation, complaints, IKM, effectiveness.

Each takes the offices of the view (one, a Kanwil's, the nation's) and the period (local dates
``start``–``end`` of each office); shapes are those of the API (see ``selectors``). Definitions are
recorded in docs/decisions.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, F, Q, Sum

from maklumat.compensation.models import Claim, Fulfilment, FulfilmentStatus, Remedy, SouvenirMovement
from maklumat.compensation.rules.evaluator import decide
from maklumat.compensation.rules.facts import Context, Facts
from maklumat.compensation.selectors import outage_facts, policies_for
from maklumat.complaints.models import Complaint, ComplaintStep, StepStatus
from maklumat.performance import rules
from maklumat.performance.labels import INDICATOR_DEFINITIONS, INDICATOR_LABELS, INDICATOR_UNITS
from maklumat.performance.models import DocumentTarget
from maklumat.satisfaction.models import IkmTarget, SurveyResponse
from maklumat.satisfaction.rules import ELEMENTS, achievement, ikm_from_totals


def bounds(office, start: date, end: date) -> tuple[datetime, datetime]:
    """00:00 office time on ``start`` and on the day after ``end``."""
    return office.start_of_day(start), office.start_of_day(end + timedelta(days=1))


def _years(start: date, end: date) -> range:
    return range(start.year, end.year + 1)


# ----- documents against the action-plan target -----------------------------------------------------

def office_target(office, calendar, *, start: date, end: date) -> int | None:
    """The office's target for the period: each year's target pro rata by the office's working days of
    the period in that year (a whole year = the yearly target); ``None`` when a year has no target."""
    targets = dict(DocumentTarget.objects.filter(office=office, year__in=_years(start, end))
                   .values_list("year", "documents"))
    total = 0
    for year in _years(start, end):
        if year not in targets:
            return None
        first, last = date(year, 1, 1), date(year, 12, 31)
        in_period = sum(1 for _ in calendar.working_days(max(first, start), min(last, end)))
        in_year = sum(1 for _ in calendar.working_days(first, last))
        total += rules.prorated_target(targets[year], in_period, in_year)
    return total


def document_target(entries: Sequence[tuple[object, object, int]], *, start: date, end: date) -> dict:
    """``entries`` = (office, calendar, documents issued). Offices without a target for the period
    count in neither side; ``documents`` is ``None`` when no office has one."""
    documents, issued, any_target = 0, 0, False
    for office, calendar, office_issued in entries:
        target = office_target(office, calendar, start=start, end=end)
        if target is None:
            continue
        any_target = True
        documents += target
        issued += office_issued
    if not any_target:
        return {"documents": None, "issued": sum(entry[2] for entry in entries), "achievement_percent": None}
    return {"documents": documents, "issued": issued,
            "achievement_percent": rules.achievement_percent(issued, documents)}


# ----- compensation ---------------------------------------------------------------------------------

def eligible_count(data, *, start: date, end: date, as_of: datetime) -> int:
    """Applications that began (first counting event, office local date) in the period and that a
    compensation policy of the office decides eligible as of ``as_of``."""
    begun = [app for app in data.apps
             if app.events and rules.in_period(min(app.events.values()), data.calendar, start, end)]
    policies = policies_for(data.office)
    if not begun or not policies:
        return 0
    ctx = Context(calendar=data.calendar, as_of=as_of,
                  outages=outage_facts(data.office, start=min(min(app.events.values()) for app in begun)))
    count = 0
    for app in begun:
        facts = Facts(id=app.number, service=app.service, booking=app.booking, smart_queue=app.smart_queue,
                      events=app.events, flags=app.flags)
        if any(decision.eligible for decision in decide(facts, policies, ctx) if decision.policy is not None):
            count += 1
    return count


def compensation(datas, *, start: date, end: date, as_of: datetime) -> dict:
    """``eligible`` (see ``eligible_count``); ``claimed``: claims recorded in the period;
    ``fulfilled``: remedies given (done) in the period; ``outstanding``: remedies of claims recorded
    by the end of the period not given by then (or by ``as_of`` if earlier); ``cost``: souvenirs given in
    the period at their item's unit cost plus home deliveries done in the period at their courier
    cost, integer rupiah, ``None`` when one of them has no cost entered."""
    result = {"eligible": 0, "claimed": 0, "fulfilled": 0, "outstanding": 0, "cost": 0}
    cost_known = True
    for data in datas:
        office = data.office
        lower, upper = bounds(office, start, end)
        moment = min(upper, as_of)
        result["eligible"] += eligible_count(data, start=start, end=end, as_of=as_of)
        result["claimed"] += Claim.objects.filter(application__office=office, recorded_at__gte=lower,
                                                  recorded_at__lt=moment).count()
        done = Fulfilment.objects.filter(claim__application__office=office, status=FulfilmentStatus.DONE,
                                         fulfilled_at__gte=lower, fulfilled_at__lt=moment)
        result["fulfilled"] += done.count()
        result["outstanding"] += (Fulfilment.objects.filter(claim__application__office=office,
                                                            claim__recorded_at__lt=moment)
                                  .filter(Q(fulfilled_at__isnull=True) | Q(fulfilled_at__gte=moment)).count())
        deliveries = done.filter(remedy=Remedy.HOME_DELIVERY).aggregate(
            n=Count("id"), known=Count("courier_cost"), total=Sum("courier_cost"))
        souvenirs = (SouvenirMovement.objects.filter(fulfilment__in=done.filter(remedy=Remedy.SOUVENIR))
                     .aggregate(n=Count("id"), known=Count("item__unit_cost"),
                                total=Sum(F("quantity") * F("item__unit_cost") * -1)))
        if deliveries["known"] != deliveries["n"] or souvenirs["known"] != souvenirs["n"]:
            cost_known = False
        result["cost"] += (deliveries["total"] or 0) + (souvenirs["total"] or 0)
    if not cost_known:
        result["cost"] = None
    return result


# ----- complaints -----------------------------------------------------------------------------------

def complaints(offices, *, start: date, end: date, as_of: datetime) -> dict:
    """``received`` in the period; ``open``: of those, not resolved at the period's end (or ``as_of``);
    ``overdue``: complaints with a step past due and not done at that moment; ``on_time_rate``: the
    monthly recap's definition over the period — every step whose due time fell in the period and has
    passed counts, on time when done by its due time (``complaints.recap``)."""
    received = still_open = overdue = due = on_time = 0
    for office in offices:
        lower, upper = bounds(office, start, end)
        moment = min(upper, as_of)
        rows = Complaint.objects.filter(office=office, received_at__gte=lower, received_at__lt=moment)
        received += rows.count()
        still_open += rows.filter(Q(resolved_at__isnull=True) | Q(resolved_at__gte=moment)).count()
        overdue += (ComplaintStep.objects.filter(
            complaint__office=office, started_at__lt=moment, due_at__lt=moment,
            status__in=[StepStatus.DONE, StepStatus.ACTIVE]).exclude(status=StepStatus.DONE, completed_at__lte=moment)
            .values("complaint_id").distinct().count())
        fallen = ComplaintStep.objects.filter(complaint__office=office, due_at__gte=lower, due_at__lt=moment,
                                              status__in=[StepStatus.DONE, StepStatus.ACTIVE])
        counts = fallen.aggregate(n=Count("id"), kept=Count("id", filter=Q(
            status=StepStatus.DONE, completed_at__lte=moment) & Q(completed_at__lte=F("due_at"))))
        due += counts["n"]
        on_time += counts["kept"]
    return {"received": received, "open": still_open, "overdue": overdue, "on_time_rate": rules.rate(on_time, due)}


def information_complaint_share(offices, *, start: date, end: date, as_of: datetime) -> float | None:
    """Share of the period's complaints in a *general* category (requirements, procedures, status,
    app errors: the information a first-line officer answers, 002 step 2)."""
    total = general = 0
    for office in offices:
        lower, upper = bounds(office, start, end)
        rows = Complaint.objects.filter(office=office, received_at__gte=lower, received_at__lt=min(upper, as_of))
        counts = rows.aggregate(n=Count("id"), general=Count("id", filter=Q(category__is_general=True)))
        total += counts["n"]
        general += counts["general"]
    return rules.rate(general, total)


# ----- IKM ---------------------------------------------------------------------------------------------

def _ikm_sums(offices, start: date, end: date) -> tuple[int, dict]:
    sums = SurveyResponse.objects.filter(office__in=offices, submitted_on__gte=start, submitted_on__lte=end).aggregate(
        n=Count("id"), **{code: Sum(code) for code in ELEMENTS})
    return sums.pop("n"), sums


def ikm(offices, *, start: date, end: date) -> dict:
    """The index (1–4) of the responses dated in the period (all offices' responses pooled), its grade
    letter, respondents, and, for a period within one year, the target (an office's own; for several
    offices the mean of their targets) and *capaian* = index ÷ target × 100."""
    count, sums = _ikm_sums(offices, start, end)
    result = ikm_from_totals(sums, dict.fromkeys(ELEMENTS, count), count) if count else None
    target = None
    if start.year == end.year:
        values = list(IkmTarget.objects.filter(office__in=offices, year=start.year).values_list("target", flat=True))
        if values:
            target = sum(values, Decimal(0)) / len(values)
    index = result.ikm if result else None
    return {
        "index": float(index) if index is not None else None,
        "grade": result.grade.letter if result else None,
        "respondents": count,
        "target": float(round(target, 4)) if target is not None else None,
        "achievement": float(achievement(index, target)) if index is not None and target else None,
    }


def understanding_score(offices, *, start: date, end: date) -> float | None:
    """Mean NRR (1–4) of U1 requirements and U2 procedure over the period's responses."""
    count, sums = _ikm_sums(offices, start, end)
    if not count:
        return None
    return float(rules.half_up(Fraction(sums["u1"] + sums["u2"], 2 * count), 2))


# ----- Sutrisno's five indicators --------------------------------------------------------------------

OUT_OF_OFFICE_PROGRAMS = ("mpp", "eazy_paspor", "sambang_haji", "sambang_sakit")


def out_of_office_share(datas, *, start: date, end: date) -> float | None:
    total = outside = 0
    for data in datas:
        for app in data.apps:
            if app.events and rules.in_period(min(app.events.values()), data.calendar, start, end):
                total += 1
                outside += app.program in OUT_OF_OFFICE_PROGRAMS
    return rules.rate(outside, total)


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 2)


def effectiveness(datas, *, counts, ikm, target, previous_rate, start: date, end: date, as_of: datetime) -> list[dict]:
    """Sutrisno's five indicators as measured figures (definitions in ``labels`` and docs/decisions.md)."""
    offices = [data.office for data in datas]
    achievements = [value for value in (target["achievement_percent"], ikm["achievement"]) if value is not None]
    current_rate = rules.combined_rate(counts.values())
    values = {
        "program_understanding": understanding_score(offices, start=start, end=end),
        "on_target": _percent(out_of_office_share(datas, start=start, end=end)),
        "on_time": _percent(current_rate),
        "goal_achievement": round(sum(achievements) / len(achievements), 2) if achievements else None,
        "real_change": _percent(rules.change(current_rate, previous_rate)),
    }
    return [{"code": code, "label": str(INDICATOR_LABELS[code]), "value": value, "unit": str(INDICATOR_UNITS[code]),
             "definition": str(INDICATOR_DEFINITIONS[code])} for code, value in values.items()]
