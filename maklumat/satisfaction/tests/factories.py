"""Small helpers to make survey rows in tests."""

from __future__ import annotations

from datetime import date

from maklumat.satisfaction.models import Channel, SurveyResponse
from maklumat.satisfaction.rules import ELEMENTS


def make_response(office, day: date, answers=(4, 4, 4, 4, 4, 4, 4, 4, 4), service=None, **extra) -> SurveyResponse:
    return SurveyResponse.objects.create(office=office, submitted_on=day, channel=extra.pop("channel", Channel.WEB),
                                         service=service, **dict(zip(ELEMENTS, answers, strict=True)), **extra)


def answers_post(value: int = 4, **overrides) -> dict:
    data = {code: str(value) for code in ELEMENTS}
    data.update({key: str(val) for key, val in overrides.items()})
    return data
