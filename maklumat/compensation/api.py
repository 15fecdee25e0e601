"""API: an application's compensation decisions, condition by condition."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from maklumat.applications.api import scoped_application
from maklumat.applications.selectors import is_sane_moment
from maklumat.compensation.rules.facts import (
    DECISION_ELIGIBLE,
    DECISION_NOT_APPLICABLE,
    DECISION_NOT_ELIGIBLE,
    DECISION_PENDING,
    REMEDIES,
)
from maklumat.compensation.selectors import application_decisions
from maklumat.lib.apidoc import Moment, errors, one_of

router = Router(tags=["kompensasi"])


class ConditionOut(Schema):
    code: str
    held: bool | None
    measured: Any = Field(description="what was measured: minutes, a code or a yes/no; null when not yet known")
    reason_id: str
    reason_en: str


class DecisionOut(Schema):
    id: str
    policy: str | None
    decision: one_of([DECISION_ELIGIBLE, DECISION_NOT_ELIGIBLE, DECISION_PENDING, DECISION_NOT_APPLICABLE])
    remedies: list[one_of(REMEDIES)]
    conditions: list[ConditionOut]
    claimed: bool


@router.get("/offices/{code}/applications/{number}/decisions",
            response={200: list[DecisionOut], **errors(401, 403, 404, 422)},
            summary="Compensation decisions on an application as of a moment (default now)")
def decisions(request, code: str, number: str, as_of: Moment | None = None):
    application = scoped_application(request.user, code, number, action="compensation.view")
    moment = timezone.now() if as_of is None else as_of if as_of.tzinfo else application.office.localtime(as_of)
    if not is_sane_moment(moment):
        raise HttpError(422, "as_of: waktu di luar rentang yang wajar (tahun 2000–8999)")
    claimed = set(application.claims.values_list("policy__code", flat=True))
    return [{**d.as_dict(), "claimed": d.policy in claimed} for d in application_decisions(application, as_of=moment)]
