"""Survey suggestions the respondent or an officer marked as complaints become complaints.

The survey is anonymous by design, so the complaint has no reporter; its clock starts when
the complaint team takes the suggestion up, the moment the office learns of it as a complaint.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from maklumat.complaints.models import Channel, Complaint
from maklumat.complaints.selectors import can_handle_complaints
from maklumat.complaints.services import complaint_open
from maklumat.satisfaction.models import SurveyResponse
from maklumat.satisfaction.selectors import suggestions_marked_as_complaints

LOOKBACK_DAYS = 90


def survey_suggestions_waiting(office, *, today: date | None = None) -> QuerySet[SurveyResponse]:
    """Marked suggestions of the last 90 days that are not a complaint yet, oldest first."""
    since = (today or timezone.localdate()) - timedelta(days=LOOKBACK_DAYS)
    return suggestions_marked_as_complaints(office, since).filter(complaint__isnull=True)


def complaint_open_from_survey(*, actor, response: SurveyResponse) -> tuple[Complaint, bool]:
    """Open the complaint for a marked suggestion; (complaint, created). Opening twice is refused
    quietly: the second caller gets the complaint the first one opened."""
    if not can_handle_complaints(actor) or (not actor.is_superuser and actor.office_id != response.office_id):
        raise PermissionDenied
    if not response.marked_as_complaint or not response.suggestion.strip():
        raise ValidationError(_("Saran ini tidak ditandai sebagai pengaduan."))
    existing = Complaint.objects.filter(survey_response=response).first()
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
            complaint.survey_response = response
            complaint.save(update_fields=["survey_response"])
    except IntegrityError:
        return Complaint.objects.get(survey_response=response), False
    return complaint, True
