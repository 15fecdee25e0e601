"""API: register applications and post their events (counters, queue systems, M-Paspor bridges)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from maklumat.applications.events import MILESTONES, STEP_EVENTS
from maklumat.applications.models import Application, BookingChannel, Program
from maklumat.applications.services import FLAG_FIELDS, application_create, application_event_record
from maklumat.audit.idempotency import idempotent
from maklumat.lib.apidoc import Moment, checked_code, errors, one_of
from maklumat.lib.validation import bad_text
from maklumat.offices.scoping import get_scoped_or_404, office_for
from maklumat.standards.models import Service

router = Router(tags=["permohonan"])

# Codes sent in are checked by the services (after authorization); the answers carry only these.
Booking, BookingIn = one_of(BookingChannel.values), checked_code(BookingChannel.values)
ProgramCode, ProgramIn = one_of(Program.values), checked_code(Program.values)
Flag, FlagIn = one_of(sorted(FLAG_FIELDS)), checked_code(sorted(FLAG_FIELDS))
# Milestones (queue_ticket, payment, ready, …) and ``<step>_start`` / ``<step>_finish`` of the issuance SOP.
EventName, EventNameIn = one_of([*MILESTONES, *STEP_EVENTS]), checked_code([*MILESTONES, *STEP_EVENTS])


class ApplicationIn(Schema):
    number: str
    service: str
    booking: BookingIn
    smart_queue: bool = False
    accelerated: bool = False
    program: ProgramIn = "in_office"
    booking_code: str = ""
    applicant_name: str
    applicant_nik: str = ""
    applicant_phone: str = ""
    applicant_address: str = ""
    flags: list[FlagIn] = []


class ApplicationOut(Schema):
    number: str
    office: str
    service: str
    booking: Booking
    smart_queue: bool
    accelerated: bool
    program: ProgramCode
    applicant_name: str
    applicant_nik_masked: str
    flags: list[Flag]


class EventIn(Schema):
    name: EventNameIn
    at: Moment
    note: str = ""
    source: str = "api"


class EventOut(Schema):
    name: EventName
    at: datetime = Field(description="the office's local time with its offset")
    created: bool


def _out(application: Application) -> ApplicationOut:
    return ApplicationOut(
        number=application.number, office=application.office.code, service=application.service.code,
        booking=application.booking_channel, smart_queue=application.smart_queue,
        accelerated=application.accelerated, program=application.program,
        applicant_name=application.applicant_name, applicant_nik_masked=application.masked_nik,
        flags=application.flags,
    )


def _bad(exc: ValidationError) -> HttpError:
    return HttpError(422, "; ".join(f"{field}: {', '.join(errors)}" for field, errors in exc.message_dict.items())
                     if hasattr(exc, "error_dict") else "; ".join(exc.messages))


@router.post("/offices/{code}/applications", response={201: ApplicationOut, **errors(400, 401, 403, 404, 409, 422)},
             summary="Register a passport application")
@idempotent
def create_application(request, code: str, payload: ApplicationIn):
    office = office_for(request.user, _safe(code), action="applications.create")
    problem = bad_text(payload.service, max_length=40)
    if problem:
        raise HttpError(422, f"service: {problem}")
    service = Service.objects.filter(code=payload.service).first()
    if service is None:
        raise HttpError(422, f"service: layanan tidak dikenal: {payload.service!r}")
    try:
        application = application_create(
            actor=request.user, office=office, number=payload.number, service=service,
            booking_channel=payload.booking, smart_queue=payload.smart_queue, accelerated=payload.accelerated,
            program=payload.program, booking_code=payload.booking_code, applicant_name=payload.applicant_name,
            applicant_nik=payload.applicant_nik, applicant_phone=payload.applicant_phone,
            applicant_address=payload.applicant_address, flags=tuple(payload.flags),
        )
    except ValidationError as exc:
        raise _bad(exc) from None
    return Status(201, _out(application))


def _safe(value: str) -> str:
    """A path value that cannot name anything (NUL bytes, too long) looks up nothing: 404, never 500."""
    return "" if bad_text(value, max_length=60) else value


def scoped_application(user, code: str, number: str, action: str = "applications.view") -> Application:
    """The application in the user's reach (404 otherwise, also for a malformed number), 403 when the
    role may not ``action``."""
    office = office_for(user, _safe(code), action=action)
    number = _safe(number)
    return get_scoped_or_404(Application.objects.select_related("office", "service"), user, office=office,
                             number=number)


@router.get("/offices/{code}/applications/{number}", response={200: ApplicationOut, **errors(401, 404)},
            summary="One application")
def get_application(request, code: str, number: str):
    return _out(scoped_application(request.user, code, number))


@router.post("/offices/{code}/applications/{number}/events",
             response={200: EventOut, 201: EventOut, **errors(400, 401, 403, 404, 409, 422)},
             summary="Record an event (idempotent: the same name and time twice is stored once)")
@idempotent
def post_event(request, code: str, number: str, payload: EventIn):
    application = scoped_application(request.user, code, number, action="applications.event_record")
    at = payload.at if payload.at.tzinfo is not None else application.office.localtime(payload.at)
    try:
        event, created = application_event_record(application=application, name=payload.name, at=at,
                                                  actor=request.user, source=payload.source, note=payload.note)
    except ValidationError as exc:
        raise _bad(exc) from None
    at = application.office.localtime(event.at)
    return Status(201 if created else 200, EventOut(name=event.name, at=at, created=created))
