"""API: public survey submission with a token (rate-limited) and the staff's IKM index read."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from maklumat.lib.apidoc import errors, one_of
from maklumat.lib.ratelimit import PublicThrottle
from maklumat.lib.validation import bad_text
from maklumat.offices.scoping import office_for
from maklumat.satisfaction import selectors
from maklumat.satisfaction.models import Channel, SurveyInvitation
from maklumat.satisfaction.periods import period_parse
from maklumat.satisfaction.questionnaire import AgeGroup, Education, Occupation, Sex
from maklumat.satisfaction.services import (
    SurveyClosed,
    invitation_expired,
    normalise_token,
    survey_invitation_issue,
    survey_response_submit,
)
from maklumat.standards.models import Service

router = Router(tags=["ikm"])
SUBMIT_LIMIT_PER_MINUTE = 20

Answer = Field(ge=1, le=4)


class SurveyIn(Schema):
    u1: int = Answer
    u2: int = Answer
    u3: int = Answer
    u4: int = Answer
    u5: int = Answer
    u6: int = Answer
    u7: int = Answer
    u8: int = Answer
    u9: int = Answer
    age_group: AgeGroup | None = None
    sex: Sex | None = None
    education: Education | None = None
    occupation: Occupation | None = None
    service: str | None = Field(None, description="service code, when the invitation names none")
    suggestion: str = Field("", max_length=2000)
    marked_as_complaint: bool = False


class SubmittedOut(Schema):
    office: str
    submitted_on: date = Field(description="the office's local date")


class IndexOut(Schema):
    office: str
    period: str
    period_label: str
    service: str | None
    respondents: int
    nrr: dict[str, float] | None
    ikm: float | None
    ikm_converted: float | None
    grade: str | None
    label: str | None
    weakest: list[str]
    population: int
    population_source: str
    sample_needed: int
    sample_met: bool
    # the values of selectors' ``sample_status``
    sample_status: one_of(["met", "short", "unknown"]) = Field(
        description="met, short (fewer respondents than the Krejcie–Morgan sample) or unknown (no population "
                    "served is known)")


class InvitationIn(Schema):
    reference: str = Field(description="the transaction: a queue ticket (A-017 today, or antrian:20250103:A-017) "
                                       "or an application number of the office")
    channel: one_of(Channel.values) = Channel.QR.value
    service: str | None = Field(None, description="service code, when the transaction names none")


class InvitationOut(Schema):
    token: str
    url: str
    reference: str
    channel: one_of(Channel.values)
    used: bool


QR_PNG = {"responses": {200: {"description": "the QR code", "content": {"image/png": {"schema": {
    "type": "string", "format": "binary"}}}}}}


def _bad(exc: ValidationError) -> HttpError:
    """A service's refusal as 422, each message prefixed with the field it names."""
    if hasattr(exc, "error_dict"):
        return HttpError(422, "; ".join(f"{field}: {' '.join(errors)}" for field, errors in exc.message_dict.items()))
    return HttpError(422, "; ".join(exc.messages))


def _service_by_code(field: str, code: str | None, active_only: bool = False):
    if not code:
        return None
    problem = bad_text(code, max_length=40)
    if problem:
        raise HttpError(422, f"{field}: {problem}")
    rows = Service.objects.filter(code=code)
    service = (rows.filter(is_active=True) if active_only else rows).first()
    if service is None:
        raise HttpError(422, f"{field}: unknown code {code!r}")
    return service


def _invitation(token: str) -> SurveyInvitation:
    token = normalise_token(token)
    invitation = SurveyInvitation.objects.select_related("office").filter(token=token).first() if token else None
    if invitation is None:
        raise Http404
    return invitation


@router.post("/survei/{token}", auth=None, response={201: SubmittedOut, **errors(400, 404, 410, 422, 429)},
             throttle=[PublicThrottle("ikm_api_submit", SUBMIT_LIMIT_PER_MINUTE)],
             summary="Submit one anonymous survey response with a single-use token (public, rate-limited)")
def submit_survey(request, token: str, payload: SurveyIn):
    invitation = _invitation(token)
    service = _service_by_code("service", payload.service, active_only=True)
    data = payload.dict()
    try:
        response = survey_response_submit(
            token=invitation.token, answers={f"u{n}": data[f"u{n}"] for n in range(1, 10)},
            profile={name: (data[name] or "") for name in ("age_group", "sex", "education", "occupation")},
            suggestion=payload.suggestion, marked_as_complaint=payload.marked_as_complaint, service=service,
        )
    except SurveyClosed:
        raise HttpError(410, "Survei ini sudah diisi atau kedaluwarsa / this survey was already answered or has "
                             "expired") from None
    except ValidationError as exc:
        raise _bad(exc) from None
    return Status(201, SubmittedOut(office=response.office.code, submitted_on=response.submitted_on))


@router.get("/offices/{code}/ikm", response={200: IndexOut, **errors(401, 403, 404, 422)},
            summary="IKM of an office for a period (2025, 2025-S1, 2025-Q3, 2025-07; default: the year of the "
                    "latest response) and optional service")
def office_ikm(request, code: str, period: str | None = None, service: str | None = None):
    office = office_for(request.user, code, action="satisfaction.index_view")
    try:
        chosen = period_parse(period) if period else selectors.default_period(office)
    except ValueError as exc:
        raise HttpError(422, f"period: {exc}") from None
    service_row = _service_by_code("service", service)
    index = selectors.ikm_index(office, chosen, service_row)
    result = index.result
    return IndexOut(
        office=office.code, period=chosen.key, period_label=chosen.label, service=service,
        respondents=index.respondents,
        nrr={code: float(value) for code, value in result.nrr.items()} if result else None,
        ikm=float(result.ikm) if result else None,
        ikm_converted=float(result.ikm_converted) if result else None,
        grade=result.grade.letter if result else None, label=result.grade.label if result else None,
        weakest=index.weakest, population=index.population, population_source=index.population_source,
        sample_needed=index.sample_needed, sample_met=index.sample_met, sample_status=index.sample_status,
    )


@router.post("/offices/{code}/ikm/invitations",
             response={201: InvitationOut, 200: InvitationOut, **errors(400, 401, 403, 404, 422)},
             summary="Issue the single-use survey invitation of one real transaction (queue ticket or application) "
                     "of the office; 200 with the same invitation when it was issued before")
def issue_invitation(request, code: str, payload: InvitationIn):
    office = office_for(request.user, code, action="satisfaction.invitation_issue")
    service = _service_by_code("service", payload.service, active_only=True)
    try:
        invitation = survey_invitation_issue(actor=request.user, office=office, channel=payload.channel,
                                             reference=payload.reference, service=service)
    except ValidationError as exc:
        raise _bad(exc) from None
    created = getattr(invitation, "just_issued", False)
    body = InvitationOut(token=invitation.token, url=request.build_absolute_uri(invitation.url),
                         reference=invitation.reference, channel=invitation.channel,
                         used=invitation.is_used or invitation_expired(invitation))
    return Status(201 if created else 200, body)


@router.get("/survei/{token}/qr.png", auth=None, throttle=[PublicThrottle("ikm_qr")],
            response={200: None, **errors(404, 429)}, openapi_extra=QR_PNG,
            summary="QR code (PNG) of the survey link of an invitation")
def survey_qr_png(request, token: str):
    from maklumat.satisfaction.qr import qr_png

    invitation = _invitation(token)
    return HttpResponse(qr_png(request.build_absolute_uri(invitation.url)), content_type="image/png")
