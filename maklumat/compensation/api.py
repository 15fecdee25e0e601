"""API: an application's compensation decisions, condition by condition."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from maklumat.applications.api import scoped_application
from maklumat.applications.selectors import is_sane_moment
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
    application = scoped_application(request.user, code, number, action="compensation.view")
    moment = timezone.now() if as_of is None else as_of if as_of.tzinfo else application.office.localtime(as_of)
    if not is_sane_moment(moment):
        raise HttpError(422, "as_of: waktu di luar rentang yang wajar (tahun 2000–8999)")
    claimed = set(application.claims.values_list("policy__code", flat=True))
    return [{**d.as_dict(), "claimed": d.policy in claimed} for d in application_decisions(application, as_of=moment)]
