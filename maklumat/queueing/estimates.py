"""The wait a newcomer is told on the ticket (issue 13): the queue's position by the office's calling rule,
the counters open and busy now, and the step's service minutes fitted from the office's history.

The fitted service minutes and the manual delay are answered by a higher area through
``lib.areas.ask("estimates", ...)`` (the simulation fits them; queueing may not import it):
``ask("estimates", "service_estimate", office, step_code)`` → ``rules.ServiceEstimate`` or ``None``,
``ask("estimates", "manual_delay_minutes", office, day)`` → minutes or ``None``. Without an answer, or
with too few services behind it, the step's SOP norm is used (the data-sufficiency guard).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count

from maklumat.lib import areas
from maklumat.lib.cache import hot
from maklumat.queueing import rules, selectors
from maklumat.queueing.models import Counter, QueueConfig, Step, Ticket, TicketStatus
from maklumat.queueing.rules import TicketClass


@dataclass(frozen=True)
class WaitEstimate:
    minutes: int
    ahead: int
    fitted: bool          # False: the SOP norm was used (not enough history)
    delay_minutes: int


def ticket_wait_estimate(office, step: Step, ticket_class: str, *, day, rule: rules.CallingRule,
                         ticket: Ticket | None = None) -> WaitEstimate:
    counts = {TicketClass(c): n for c, n in Ticket.objects.filter(
        office=office, day=day, step=step, status=TicketStatus.WAITING)
        .values_list("ticket_class").annotate(n=Count("id")).order_by()}
    if ticket is not None and ticket.status == TicketStatus.WAITING and counts.get(TicketClass(ticket_class)):
        counts[TicketClass(ticket_class)] -= 1
    ahead = rules.position_of_newcomer(counts, TicketClass(ticket_class), rule)
    counters = list(Counter.objects.filter(office=office, steps=step, is_active=True).values_list("pk", flat=True))
    busy = Ticket.objects.filter(counter_id__in=counters, status=TicketStatus.CALLED, day=day).count()
    fitted = fitted_service(office, step.code)
    mean, is_fitted = rules.service_minutes_for_estimate(fitted, step.norm_minutes)
    delay = manual_delay(office, day)
    minutes = rules.newcomer_wait_minutes(ahead, len(counters), busy, mean, delay)
    return WaitEstimate(minutes=minutes, ahead=ahead, fitted=is_fitted, delay_minutes=delay)


# The fitted service minutes move slowly (a fit over 90 days, shared by the workers through Django's cache);
# each process asks again at most this often.
FITTED_REFRESH_SECONDS = 600


def fitted_service(office, step_code: str) -> rules.ServiceEstimate | None:
    """The answer of ``ask("estimates", "service_estimate")`` from the hot per-process cache."""
    bucket = int(time.time() // FITTED_REFRESH_SECONDS)
    return hot.get(("estimate-service", office.pk, step_code, bucket),
                   lambda: (areas.ask("estimates", "service_estimate", office, step_code),))[0]


def manual_delay(office, day) -> int:
    """The day's manual delay in minutes from the hot per-process cache (a change of it invalidates the
    cache on commit: the area that stores it connects its rows to ``hot.bump_on_commit``)."""
    return hot.get(("estimate-delay", office.pk, day),
                   lambda: int(areas.ask("estimates", "manual_delay_minutes", office, day) or 0))


def estimate_for(office, step: Step, ticket_class: str, now: datetime | None = None, ticket: Ticket | None = None,
                 config: QueueConfig | None = None) -> WaitEstimate:
    day = ticket.day if ticket is not None else selectors.office_day(office, now)
    rule = selectors.calling_rule_of(config or selectors.config_for(office))
    return ticket_wait_estimate(office, step, ticket_class, day=day, rule=rule, ticket=ticket)
