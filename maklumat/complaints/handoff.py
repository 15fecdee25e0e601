"""Survey suggestions the respondent or an officer marked as complaints become complaints.

The survey is anonymous by design, so the complaint has no reporter; its clock starts when
the complaint team takes the suggestion up, the moment the office learns of it as a complaint.

Complaints does not import the satisfaction area (the import graph is layered, and
satisfaction's pages may one day ask complaints): it asks through ``lib.areas.ask``, and the
area that owns survey responses answers in its ``surveys`` module:
``suggestions_marked_as_complaints(office, since)`` (a queryset of marked suggestions) and
``survey_suggestion(office, pk)`` (one of them, or None).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from maklumat.complaints.models import Channel, Complaint
from maklumat.complaints.services import complaint_open
from maklumat.lib.areas import ask
from maklumat.offices.scoping import authorize_in_office

LOOKBACK_DAYS = 90


def survey_suggestions_waiting(office, *, today: date | None = None):
    """Marked suggestions of the last 90 days (office days) that are not a complaint yet, oldest first."""
    since = (today or office.local_date()) - timedelta(days=LOOKBACK_DAYS)
    rows = ask("surveys", "suggestions_marked_as_complaints", office, since)
    if rows is None:
        return []
    return rows.filter(complaint__isnull=True)


def complaint_open_from_survey(*, actor, response) -> tuple[Complaint, bool]:
    """Open the complaint for a marked suggestion; (complaint, created). Opening twice is refused
    quietly: the second caller gets the complaint the first one opened."""
    authorize_in_office(actor, response.office, "complaints.handle")
    if not response.marked_as_complaint or not response.suggestion.strip():
        raise ValidationError(_("Saran ini tidak ditandai sebagai pengaduan."))
    existing = Complaint.objects.filter(survey_response_id=response.pk).first()
    if existing is not None:
        return existing, False
    service = response.service.name_id if response.service_id else _("layanan")
    try:
        with transaction.atomic():
            complaint = complaint_open(
                actor=actor, office=response.office, channel=Channel.SURVEY,
                subject=_("Saran survei IKM (%(service)s, %(day)s)") % {
                    "service": service, "day": response.submitted_on.strftime("%d-%m-%Y")},
                description=response.suggestion, anonymous=True,
            )
            complaint.survey_response_id = response.pk
            complaint.save(update_fields=["survey_response"])
    except IntegrityError:
        return Complaint.objects.get(survey_response_id=response.pk), False
    return complaint, True
