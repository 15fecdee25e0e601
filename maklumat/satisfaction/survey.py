"""Answers to ``lib.areas.ask("survey", ...)``: survey invitations for other areas' transactions.

The queue may not import this area (layered import graph); it asks here for the QR printed on
a queue ticket instead.
"""

from __future__ import annotations


def queue_ticket_survey_qr(*, office, ticket, absolute_uri) -> str:
    """The SVG QR of the single-use survey invitation for one queue ticket (one per ticket).

    Issued by the system for the ticket it has just printed (``actor=None``): the queue has
    already checked that the person printing may hand out numbers.
    """
    from maklumat.satisfaction.qr import qr_svg
    from maklumat.satisfaction.services import survey_invitation_issue

    invitation = survey_invitation_issue(
        office=office, service=ticket.application.service if ticket.application_id else None, channel="qr",
        reference=f"antrian:{ticket.day:%Y%m%d}:{ticket.display_number}", actor=None,
    )
    return qr_svg(absolute_uri(invitation.url), scale=3)
