"""Finding a printed ticket again: the compensation desk records a K number by its text (``K-003``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from maklumat.queueing.models import Ticket, TicketOrigin


def compensation_ticket(application, display_number: str) -> Ticket | None:
    """The latest compensation-series ticket of ``application`` numbered ``display_number``, if any."""
    if not display_number or application is None:
        return None
    tickets = (Ticket.objects.filter(application=application, origin=TicketOrigin.COMPENSATION)
               .select_related("series").order_by("-issued_at", "-id"))
    return next((t for t in tickets if t.display_number == display_number), None)


def ticket_print_url(ticket: Ticket, *, back: str = "") -> str:
    """The staff route of the printable ticket (80 mm), printing at once, ``back`` for "Selesai"."""
    url = reverse("queueing:ticket", kwargs={"code": ticket.office.code, "ticket_id": ticket.pk})
    return f"{url}?" + urlencode({"print": 1, **({"kembali": back} if back else {})})
