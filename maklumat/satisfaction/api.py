"""API: public survey submission with a token (rate-limited) and the staff's IKM index read."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from maklumat.lib.ratelimit import client_address, hit
from maklumat.offices.scoping import office_with_role
from maklumat.satisfaction import selectors
from maklumat.satisfaction.access import VIEW_ROLES
from maklumat.satisfaction.models import SurveyInvitation
from maklumat.satisfaction.periods import period_parse
from maklumat.satisfaction.questionnaire import AgeGroup, Education, Occupation, Sex
from maklumat.satisfaction.services import SurveyClosed, normalise_token, survey_response_submit
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
    submitted_on: str


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


@router.post("/survei/{token}", auth=None, response={201: SubmittedOut},
             summary="Submit one anonymous survey response with a single-use token (public, rate-limited)")
def submit_survey(request, token: str, payload: SurveyIn):
    if not hit("ikm_api_submit", client_address(request), SUBMIT_LIMIT_PER_MINUTE):
        raise HttpError(429, "Terlalu banyak permintaan / too many requests")
    invitation = SurveyInvitation.objects.filter(token=normalise_token(token)).first()
    if invitation is None:
        raise HttpError(404, "Survei tidak ditemukan")
    service = None
    if payload.service:
        service = Service.objects.filter(code=payload.service, is_active=True).first()
        if service is None:
            raise HttpError(422, f"service: unknown code {payload.service!r}")
    data = payload.dict()
    try:
        response = survey_response_submit(
            token=token, answers={f"u{n}": data[f"u{n}"] for n in range(1, 10)},
            profile={name: (data[name] or "") for name in ("age_group", "sex", "education", "occupation")},
            suggestion=payload.suggestion, marked_as_complaint=payload.marked_as_complaint, service=service,
        )
    except SurveyClosed:
        raise HttpError(410, "Survei ini sudah diisi / this survey was already answered") from None
    return Status(201, SubmittedOut(office=response.office.code, submitted_on=response.submitted_on.isoformat()))


@router.get("/offices/{code}/ikm", response=IndexOut,
            summary="IKM of an office for a period (2025, 2025-S1, 2025-Q3, 2025-07; default: the year of the "
                    "latest response) and optional service")
def office_ikm(request, code: str, period: str | None = None, service: str | None = None):
    office = office_with_role(request.user, code, VIEW_ROLES)
    try:
        chosen = period_parse(period) if period else selectors.default_period(office)
    except ValueError as exc:
        raise HttpError(422, str(exc)) from exc
    service_row = None
    if service:
        service_row = Service.objects.filter(code=service).first()
        if service_row is None:
            raise HttpError(422, f"service: unknown code {service!r}")
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
        sample_needed=index.sample_needed, sample_met=index.sample_met,
    )


@router.get("/survei/{token}/qr.png", auth=None, summary="QR code (PNG) of the survey link of an invitation")
def survey_qr_png(request, token: str):
    from maklumat.satisfaction.qr import qr_png

    invitation = SurveyInvitation.objects.filter(token=normalise_token(token)).first()
    if invitation is None:
        raise HttpError(404, "Survei tidak ditemukan")
    return HttpResponse(qr_png(request.build_absolute_uri(invitation.url)), content_type="image/png")
