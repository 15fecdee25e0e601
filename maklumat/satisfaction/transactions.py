"""Which service transaction a survey invitation is for (read-only over queueing and applications).

An invitation is issued only for a real transaction of the office: a queue ticket or an
application that exists there. A transaction is named by a canonical reference, which the
invitation stores, so the same transaction typed another way still finds its one invitation:

- a ticket: ``antrian:YYYYMMDD:A-001`` (the office day and the printed number), as the printed
  ticket's QR names it; an officer may type just ``A-001`` (today's number, office time);
- an application: ``permohonan:<number>``; an officer may type just the number.

A ticket linked to an application and the application are one transaction: whichever is
used first, the other finds the same invitation (``keys``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from maklumat.applications.models import Application
from maklumat.queueing.models import Ticket

TICKET_PREFIX = "antrian"
APPLICATION_PREFIX = "permohonan"
_CANONICAL_TICKET = re.compile(r"^antrian:(?P<day>\d{8}):(?P<series>[A-Z]{1,3})-?(?P<number>\d{1,6})$")
_TYPED_TICKET = re.compile(r"^(?P<series>[A-Z]{1,3})-?(?P<number>\d{1,6})$")


@dataclass(frozen=True)
class Transaction:
    """One service transaction: the reference stored on its invitation and every other name of it."""

    reference: str
    keys: frozenset[str]
    service: object | None


def ticket_reference(ticket: Ticket) -> str:
    return f"{TICKET_PREFIX}:{ticket.day:%Y%m%d}:{ticket.display_number}"


def application_reference(application: Application) -> str:
    return f"{APPLICATION_PREFIX}:{application.number}"


def reference_label(reference: str) -> str:
    """What a person reads for a stored reference: ``Nomor antrian A-017 (31-12-2025)`` or
    ``Permohonan 2025-BLT-0001``, never the internal ``antrian:20251231:A-017``."""
    from django.utils.translation import gettext as _

    ticket = _CANONICAL_TICKET.match(reference)
    if ticket:
        day = ticket["day"]
        return _("Nomor antrian %(number)s (%(day)s)") % {
            "number": f"{ticket['series']}-{int(ticket['number']):03d}", "day": f"{day[6:8]}-{day[4:6]}-{day[0:4]}"}
    if reference.startswith(f"{APPLICATION_PREFIX}:"):
        return _("Permohonan %(number)s") % {"number": reference.split(":", 1)[1]}
    return reference


def _ticket(office, day: date, series: str, number: str) -> Ticket | None:
    return (Ticket.objects.select_related("series", "application__service")
            .filter(office=office, day=day, series__code=series, number=int(number)).first())


def _of_ticket(ticket: Ticket) -> Transaction:
    keys = {ticket_reference(ticket)}
    service = None
    if ticket.application_id:
        keys |= _of_application(ticket.application).keys
        service = ticket.application.service
    return Transaction(reference=ticket_reference(ticket), keys=frozenset(keys), service=service)


def _of_application(application: Application) -> Transaction:
    tickets = Ticket.objects.select_related("series").filter(application=application)
    keys = {application_reference(application), *(ticket_reference(ticket) for ticket in tickets)}
    return Transaction(reference=application_reference(application), keys=frozenset(keys),
                       service=application.service)


def transaction_find(office, reference: str) -> Transaction | None:
    """The transaction of ``office`` that ``reference`` names, or ``None`` when there is none.

    ``reference`` is a canonical reference, a ticket number of today (office time) such as
    ``A-017``, or an application number. Nothing of another office is ever found.
    """
    raw = reference.strip()
    if not raw:
        return None
    upper = "".join(raw.split()).upper()
    canonical = _CANONICAL_TICKET.match(upper.replace("ANTRIAN:", "antrian:", 1))
    if canonical:
        try:
            day = datetime.strptime(canonical["day"], "%Y%m%d").date()
        except ValueError:
            return None
        ticket = _ticket(office, day, canonical["series"], canonical["number"])
        return _of_ticket(ticket) if ticket else None
    typed = _TYPED_TICKET.match(upper)
    if typed:
        ticket = _ticket(office, office.local_date(), typed["series"], typed["number"])
        if ticket:
            return _of_ticket(ticket)
    number = raw.split(":", 1)[1].strip() if raw.lower().startswith(f"{APPLICATION_PREFIX}:") else raw
    application = Application.objects.select_related("service").filter(office=office, number=number).first()
    return _of_application(application) if application else None
