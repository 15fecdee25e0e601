"""API: an application's compensation decisions, condition by condition."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from ninja import Router, Schema

from maklumat.applications.api import scoped_application
from maklumat.calendar.selectors import work_calendar_for
from maklumat.compensation.selectors import application_decisions

router = Router(tags=["kompensasi"])


class ConditionOut(Schema):
    code: str
    held: bool | None
    measured: Any
    reason_id: str
    reason_en: str


class DecisionOut(Schema):
    id: str
    policy: str | None
    decision: str
    remedies: list[str]
    conditions: list[ConditionOut]
    claimed: bool


@router.get("/offices/{code}/applications/{number}/decisions", response=list[DecisionOut],
            summary="Compensation decisions on an application as of a moment (default now)")
def decisions(request, code: str, number: str, as_of: datetime | None = None):
    application = scoped_application(request.user, code, number)
    moment = as_of or timezone.now()
    if moment.tzinfo is None:
        moment = work_calendar_for(application.office).local(moment)
    claimed = set(application.claims.values_list("policy__code", flat=True))
    return [{**d.as_dict(), "claimed": d.policy in claimed} for d in application_decisions(application, as_of=moment)]
