"""What the satisfaction area answers for other areas through ``lib.areas.ask("surveys", ...)``.

The areas that may not import satisfaction (the import graph is layered and siblings stay
independent) ask here instead:

- queueing, printing a ticket: ``ask("surveys", "ticket_survey", request, office, ticket)``
  gives the inline SVG QR of the ticket's single-use invitation (one per ticket, printing
  again shows the same one), its code as text and the web survey's address
  (``ticket_survey_qr``: the QR alone);
- complaints, taking up survey suggestions marked as complaints:
  ``ask("surveys", "suggestions_marked_as_complaints", office, since)`` and
  ``ask("surveys", "survey_suggestion", office, pk)``.
"""

from __future__ import annotations

from datetime import date

from maklumat.satisfaction import selectors
from maklumat.satisfaction.models import Channel, SurveyInvitation, SurveyResponse
from maklumat.satisfaction.services import survey_invitation_issue
from maklumat.satisfaction.transactions import ticket_reference


def ticket_survey_invitation(office, ticket) -> SurveyInvitation:
    """The invitation of a ticket the queue has just issued (the queue authorised the print)."""
    return survey_invitation_issue(actor=None, office=office, channel=Channel.QR, reference=ticket_reference(ticket))


def ticket_survey_qr(request, office, ticket, scale: int = 3) -> str:
    """Inline SVG of the QR link to the ticket's survey, for the printed ticket."""
    from maklumat.satisfaction.qr import qr_svg

    invitation = ticket_survey_invitation(office, ticket)
    return qr_svg(request.build_absolute_uri(invitation.url), scale=scale)


def ticket_survey(request, office, ticket, scale: int = 3) -> dict:
    """What the printed ticket shows of its survey: the QR, the code under it (the web survey asks
    for it when the QR cannot be scanned) and the address where to type it."""
    from django.urls import reverse

    from maklumat.satisfaction.qr import qr_svg

    invitation = ticket_survey_invitation(office, ticket)
    token = invitation.token  # grouped by five to read and type (the survey ignores the dash)
    code = "-".join(token[i:i + 5] for i in range(0, len(token), 5))
    return {"qr": qr_svg(request.build_absolute_uri(invitation.url), scale=scale), "code": code,
            "address": request.build_absolute_uri(reverse("satisfaction:survey_start"))}


def suggestions_marked_as_complaints(office, since: date):
    """Suggestions marked as complaints on or after ``since`` (``selectors.suggestions_marked_as_complaints``)."""
    return selectors.suggestions_marked_as_complaints(office, since)


def survey_suggestion(office, pk: int) -> SurveyResponse | None:
    """One survey response of ``office`` (the complaint team opens it as a complaint)."""
    return SurveyResponse.objects.filter(office=office, pk=pk).select_related("office", "service").first()
