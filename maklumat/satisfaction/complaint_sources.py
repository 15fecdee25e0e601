"""Satisfaction's answers to the complaint area (asked through ``lib.areas.ask``, so complaints
never imports satisfaction): the survey suggestions marked as complaints."""

from __future__ import annotations

from datetime import date

from maklumat.satisfaction.models import SurveyResponse
from maklumat.satisfaction.selectors import suggestions_marked_as_complaints


def survey_suggestions(office, since: date):
    return suggestions_marked_as_complaints(office, since)


def survey_suggestion(office, pk: int) -> SurveyResponse | None:
    return SurveyResponse.objects.filter(office=office, pk=pk).select_related("office", "service").first()
