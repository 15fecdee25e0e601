"""The Kanwil's complaint recap: each office's month as grouped SQL aggregates, and the Kanwil's totals.

The Kanwil page shows per office the month's counts, the complaints overdue and the oldest of them,
the average handling time and the submission; and the Kanwil's on-time rate. It never needs an
office's list of complaints or its steps, so nothing here loads them: a constant number of queries
(counts grouped by office, channel and status; fallen-due steps grouped by office; overdue complaints
grouped by office and the oldest per office; the month's resolved complaints for the working-time
average) whatever the number of offices or complaints. Each figure is defined as in ``recap`` (the
per-office report), and ``tests/test_rollup_equal.py`` holds them equal to it.

Offices keep their own month (time zone): the offices are grouped by their month's bounds and moment
(one group per time zone in practice), and each group is one condition of the same query.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from maklumat.calendar.selectors import work_calendars_for
from maklumat.complaints import labels, rules
from maklumat.complaints.models import Channel, Complaint, ComplaintStep, RecapSubmission, Status, StepStatus
from maklumat.complaints.recap import (
    AVERAGE_HANDLING_DEFINITION,
    ON_TIME_DEFINITION,
    MonthTexts,
    Overdue,
    month_bounds,
)
from maklumat.offices.models import Office

COUNTED = (StepStatus.DONE, StepStatus.ACTIVE)  # a step that fell due: done or still open (not paused/skipped)


@dataclass
class OfficeMonth(MonthTexts):
    """What the Kanwil page shows of one office's month (the figures of ``recap.Recap`` it uses)."""

    office: Office
    year: int
    month: int
    as_of: datetime
    total: int = 0
    resolved: int = 0
    still_open: int = 0
    by_channel: list[tuple[str, int]] | None = None
    steps_due: int = 0           # steps that fell due in the month (all SOP steps together)
    steps_on_time: int = 0
    overdue: int = 0
    oldest_overdue: Overdue | None = None
    average_handling: timedelta | None = None
    average_handling_definition: str = ""
    on_time_definition: str = ""


@dataclass
class KanwilRow:
    office: Office
    recap: OfficeMonth
    submission: RecapSubmission | None


def office_months(*, offices: list[Office], year: int, month: int,
                  now: datetime | None = None) -> dict[int, OfficeMonth]:
    """Each office's month by office pk, from grouped queries (7 in all, 4 more for the calendars when some
    complaint of the month was resolved), whatever the number of offices and complaints."""
    if not offices:
        return {}
    now = now or timezone.now()
    out: dict[int, OfficeMonth] = {}
    # (month start, month end, recap moment) → office pks: one group per time zone in practice
    groups: dict[tuple[datetime, datetime, datetime], list[int]] = {}
    for office in offices:
        start, end = month_bounds(office, year, month)
        moment = min(now, end)
        groups.setdefault((start, end, moment), []).append(office.pk)
        out[office.pk] = OfficeMonth(office=office, year=year, month=month, as_of=moment,
                                     average_handling_definition=str(AVERAGE_HANDLING_DEFINITION),
                                     on_time_definition=str(ON_TIME_DEFINITION))

    def any_of(make) -> Q:
        """One condition per group of offices, OR-ed: ``make(pks, start, end, moment)``."""
        return reduce(or_, (make(pks, *key) for key, pks in groups.items()))

    received = any_of(lambda pks, start, end, _m: Q(office_id__in=pks, received_at__gte=start, received_at__lt=end))
    channel_labels = dict(Channel.choices)
    channels: dict[int, Counter] = {pk: Counter() for pk in out}
    counts = (Complaint.objects.filter(received).values_list("office_id", "channel", "status")
              .annotate(n=Count("id")).order_by())
    for office_id, channel, status, n in counts:
        row = out[office_id]
        row.total += n
        if status == Status.RESOLVED:
            row.resolved += n
        channels[office_id][str(channel_labels.get(channel, channel))] += n
    order = {value: index for index, value in enumerate(Channel.labels)}
    for pk, row in out.items():
        row.still_open = row.total - row.resolved
        row.by_channel = sorted(channels[pk].items(), key=lambda kv: order.get(kv[0], 99))

    # Steps that fell due in the month: due in [month start, moment), done or still open. On time: done by
    # its due time (which lies before the moment, so done before the moment too).
    fallen_due = any_of(lambda pks, start, _e, moment: Q(complaint__office_id__in=pks, due_at__gte=start,
                                                     due_at__lt=moment))
    for office_id, due, on_time in (ComplaintStep.objects.filter(fallen_due, status__in=COUNTED)
                                    .values_list("complaint__office_id")
                                    .annotate(due=Count("id"), on_time=Count("id", filter=Q(
                                        status=StepStatus.DONE, completed_at__lte=F("due_at"))))
                                    .order_by()):
        out[office_id].steps_due, out[office_id].steps_on_time = due, on_time

    # Overdue at the moment: started and due before it, and not done by it (any month's complaint).
    overdue = any_of(lambda pks, _s, _e, moment: Q(complaint__office_id__in=pks, started_at__lt=moment,
                                               due_at__lt=moment, status__in=COUNTED)
                     & ~Q(status=StepStatus.DONE, completed_at__lte=moment))
    late = ComplaintStep.objects.filter(overdue)
    for office_id, n in (late.values_list("complaint__office_id").annotate(n=Count("complaint_id", distinct=True))
                         .order_by()):
        out[office_id].overdue = n
    oldest = (late.annotate(rank=Window(RowNumber(), partition_by=[F("complaint__office_id")],
                                        order_by=[F("due_at").asc(), F("id").asc()]))
              .filter(rank=1).select_related("complaint"))
    for step in oldest:
        row = out[step.complaint.office_id]
        row.oldest_overdue = Overdue(step.complaint.tracking_code, row.office.code, step.due_at,
                                     labels.step_title(step), (row.as_of - step.due_at).days)

    # Average handling: working time (pauses excluded) of the month's resolved complaints, by the rules.
    resolved = list(Complaint.objects.filter(received, status=Status.RESOLVED, resolved_at__isnull=False)
                    .only("id", "office_id", "received_at", "resolved_at").prefetch_related("pauses")
                    .order_by("received_at", "id"))
    if resolved:
        calendars = work_calendars_for([row.office for row in out.values()])
        handling: dict[int, list[timedelta]] = {pk: [] for pk in out}
        for complaint in resolved:
            pauses = [rules.Pause(p.started_at, p.ended_at) for p in complaint.pauses.all()]
            handling[complaint.office_id].append(rules.working_elapsed(
                calendars[complaint.office_id], complaint.received_at, complaint.resolved_at, pauses))
        for pk, values in handling.items():
            out[pk].average_handling = rules.average(values)
    return out


def kanwil_rollup(*, offices: list[Office], year: int, month: int,
                  now: datetime | None = None) -> tuple[list[KanwilRow], dict]:
    """Each office's month with its submission, and the Kanwil's totals (overdue ones included)."""
    submissions = {s.office_id: s for s in RecapSubmission.objects.filter(
        office__in=offices, year=year, month=month).select_related("submitted_by")}
    months = office_months(offices=offices, year=year, month=month, now=now)
    rows = [KanwilRow(o, months[o.pk], submissions.get(o.pk)) for o in offices]
    done = sum(r.recap.steps_due for r in rows)
    on_time = sum(r.recap.steps_on_time for r in rows)
    channels: Counter = Counter()
    for row in rows:
        channels.update(dict(row.recap.by_channel))
    totals = {
        "total": sum(r.recap.total for r in rows), "resolved": sum(r.recap.resolved for r in rows),
        "open": sum(r.recap.still_open for r in rows), "submitted": sum(1 for r in rows if r.submission),
        "on_time_rate": rules.on_time_rate([True] * on_time + [False] * (done - on_time)),
        "by_channel": sorted(channels.items()),
        "overdue": sum(r.recap.overdue for r in rows),
        "oldest_overdue": min((r.recap.oldest_overdue for r in rows if r.recap.oldest_overdue),
                              key=lambda o: o.due_at, default=None),
    }
    return rows, totals
