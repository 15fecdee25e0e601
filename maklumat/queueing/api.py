"""API for kiosks and counters (bearer token or session): issue, check in, call next and the rest."""

from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from maklumat.audit.idempotency import idempotent
from maklumat.lib.apidoc import checked_code, errors, one_of
from maklumat.lib.ratelimit import PublicThrottle
from maklumat.lib.validation import bad_text
from maklumat.offices.scoping import office_for
from maklumat.queueing import hot, selectors, services
from maklumat.queueing.models import Counter, Step, Ticket, TicketClassChoices, TicketStatus
from maklumat.queueing.services import QueueError

router = Router(tags=["antrian"])

TicketClassCode = one_of(TicketClassChoices.values)
# Checked by the services after authorization; a booking is general or priority only.
TicketClassIn = checked_code(TicketClassChoices.values)
BookingClassIn = checked_code([TicketClassChoices.GENERAL, TicketClassChoices.PRIORITY])
# A counter's actions: not signed in, wrong role, counter/office out of reach, refused by the queue, bad input.
COUNTER_ANSWERS = errors(401, 403, 404, 409, 422)


class TicketOut(Schema):
    id: int
    number: str
    ticket_class: TicketClassCode
    step: str
    status: one_of(TicketStatus.values)
    issued_at: datetime = Field(description="the office's local time with its offset")
    counter: str | None = None
    estimated_wait_minutes: int | None = None


class IssueIn(Schema):
    step: str
    ticket_class: TicketClassIn = "general"
    phone: str = ""


class CheckInIn(Schema):
    code: str
    phone: str = ""


class BookingIn(Schema):
    code: str
    applicant_name: str
    # checked by the service, naming the row of the batch (offset within ±14:00, a plausible year)
    slot_start: datetime
    slot_end: datetime
    phone: str = ""
    ticket_class: BookingClassIn = "general"


class BookingOut(Schema):
    code: str
    created: bool
    checked_in: bool


class TransferIn(Schema):
    step: str


class CallOut(Schema):
    ticket: TicketOut | None


class BoardCallOut(Schema):
    id: int
    number: str
    counter: str
    at: datetime = Field(description="the office's local time with its offset")
    is_recall: bool


class WaitingOut(Schema):
    step: str
    general: int
    priority: int
    compensation: int


class OkOut(Schema):
    ok: bool


def _ticket_out(ticket: Ticket, wait: int | None = None) -> TicketOut:
    """Times in the office's own zone (``+08:00`` for a WITA office), as the printed ticket shows them."""
    return TicketOut(id=ticket.pk, number=ticket.display_number, ticket_class=ticket.ticket_class,
                     step=ticket.step.code, status=ticket.status, issued_at=ticket.office.localtime(ticket.issued_at),
                     counter=ticket.counter.name if ticket.counter_id else None, estimated_wait_minutes=wait)


def _step(office, code: str) -> Step:
    problem = bad_text(code, max_length=Step._meta.get_field("code").max_length)
    if problem:
        raise HttpError(422, f"step: {problem}")
    step = Step.objects.filter(office=office, code=code).first()
    if step is None:
        raise HttpError(422, f"step: Langkah {code!r} tidak ada di kantor ini.")
    return step


def _counter(request, code: str, counter_id: int) -> Counter:
    office = hot.office_for(request.user, code, action="queueing.counter_serve")
    counter = hot.setup_of(office).counters.get(counter_id)
    if counter is None:
        raise HttpError(404, "Loket tidak ditemukan")
    return counter


def _refused(exc: QueueError) -> HttpError:
    """Wrong input → 422 naming the field; a refusal by the state of the queue → 409."""
    if exc.field:
        return HttpError(422, f"{exc.field}: {exc.message}")
    return HttpError(409, exc.message)


@router.get("/queue/health", response={200: OkOut, **errors(429)}, auth=None,
            throttle=[PublicThrottle("queue_health")],
            summary="Trivial liveness answer (benchmark baseline; public: PUBLIC_RATE_LIMIT a minute per address)")
def health(request):
    return OkOut(ok=True)


@router.post("/offices/{code}/queue/tickets", response={201: TicketOut, **errors(400, 401, 403, 404, 409, 422)},
             summary="Kiosk: issue a walk-in number")
@idempotent
def issue_ticket(request, code: str, payload: IssueIn):
    office = hot.office_for(request.user, code, action="queueing.kiosk_use")
    setup = hot.setup_of(office)
    problem = bad_text(payload.step, max_length=Step._meta.get_field("code").max_length)
    if problem:
        raise HttpError(422, f"step: {problem}")
    step = setup.steps.get(payload.step)
    if step is None:
        raise HttpError(422, f"step: Langkah {payload.step!r} tidak ada di kantor ini.")
    try:
        ticket = services.kiosk_ticket_issue(office=office, actor=request.user, ticket_class=payload.ticket_class,
                                             step=step, phone=payload.phone)
    except QueueError as exc:
        raise _refused(exc) from exc
    wait = selectors.estimated_wait(office, step, ticket.ticket_class, ticket=ticket, config=setup.config)
    return Status(201, _ticket_out(ticket, wait))


@router.post("/offices/{code}/queue/check-in", response={201: TicketOut, **errors(400, 401, 403, 404, 409, 422)},
             summary="Kiosk: check in an M-Paspor booking")
def check_in(request, code: str, payload: CheckInIn):
    office = office_for(request.user, code, action="queueing.kiosk_use")
    try:
        ticket = services.booking_check_in(office=office, actor=request.user, code=payload.code, phone=payload.phone)
    except QueueError as exc:
        raise _refused(exc) from exc
    return Status(201, _ticket_out(ticket))


@router.post("/offices/{code}/queue/counters/{counter_id}/call-next", response={200: CallOut, **COUNTER_ANSWERS},
             summary="Counter: end the current number and call the next by the office rule")
def call_next(request, code: str, counter_id: int):
    counter = _counter(request, code, counter_id)
    try:
        ticket = services.call_next(counter=counter, actor=request.user)
    except QueueError as exc:
        raise _refused(exc) from exc
    return CallOut(ticket=_ticket_out(ticket) if ticket else None)


def _counter_action(request, code, counter_id, action, **kwargs) -> TicketOut:
    counter = _counter(request, code, counter_id)
    try:
        ticket = action(counter=counter, actor=request.user, **kwargs)
    except QueueError as exc:
        raise _refused(exc) from exc
    ticket = Ticket.objects.select_related("series", "step", "counter").get(pk=ticket.pk)
    return _ticket_out(ticket)


@router.post("/offices/{code}/queue/counters/{counter_id}/recall", response={200: TicketOut, **COUNTER_ANSWERS},
             summary="Counter: call again")
def recall(request, code: str, counter_id: int):
    return _counter_action(request, code, counter_id, services.ticket_recall)


@router.post("/offices/{code}/queue/counters/{counter_id}/no-show", response={200: TicketOut, **COUNTER_ANSWERS},
             summary="Counter: the called applicant did not come")
def no_show(request, code: str, counter_id: int):
    return _counter_action(request, code, counter_id, services.ticket_no_show)


@router.post("/offices/{code}/queue/counters/{counter_id}/end", response={200: TicketOut, **COUNTER_ANSWERS},
             summary="Counter: end service")
def end(request, code: str, counter_id: int):
    return _counter_action(request, code, counter_id, services.ticket_end)


@router.post("/offices/{code}/queue/counters/{counter_id}/transfer",
             response={200: TicketOut, **COUNTER_ANSWERS, **errors(400)},
             summary="Counter: send the current number to another step")
def transfer(request, code: str, counter_id: int, payload: TransferIn):
    counter = _counter(request, code, counter_id)
    step = _step(counter.office, payload.step)
    return _counter_action(request, code, counter_id, services.ticket_transfer, step=step)


@router.get("/offices/{code}/queue/calls", response={200: list[BoardCallOut], **errors(401, 403, 404)},
            summary="Latest calls (display board)")
def calls(request, code: str):
    office = office_for(request.user, code, action="queueing.overview_view")
    return [BoardCallOut(id=c.id, number=c.number, counter=c.counter, at=office.localtime(c.at), is_recall=c.is_recall)
            for c in selectors.board_calls(office, limit=20)]


@router.get("/offices/{code}/queue/waiting", response={200: list[WaitingOut], **errors(401, 403, 404)},
            summary="Waiting numbers per step and class")
def waiting(request, code: str):
    office = office_for(request.user, code, action="queueing.overview_view")
    counts = selectors.waiting_counts(office, selectors.office_day(office))
    return [WaitingOut(step=step.code, general=counts.get(step.pk, {}).get("general", 0),
                       priority=counts.get(step.pk, {}).get("priority", 0),
                       compensation=counts.get(step.pk, {}).get("compensation", 0))
            for step in Step.objects.filter(office=office)]


@router.post("/offices/{code}/queue/bookings", response={200: list[BookingOut], **errors(400, 401, 403, 404, 422)},
             summary="Register M-Paspor bookings (idempotent by code; all or nothing)")
def register_bookings(request, code: str, payload: list[BookingIn]):
    from django.db import transaction

    office = office_for(request.user, code, action="queueing.setup_manage")
    out = []
    with transaction.atomic():  # a refused row rolls back the whole batch
        for index, row in enumerate(payload):
            try:
                booking, created = services.booking_register(
                    office=office, actor=request.user, code=row.code, applicant_name=row.applicant_name,
                    slot_start=row.slot_start, slot_end=row.slot_end, phone=row.phone, ticket_class=row.ticket_class)
            except QueueError as exc:
                field = f"{exc.field}: " if exc.field else ""
                shown = row.code[:40].replace("\x00", "")  # echo the code, never a NUL or a megabyte of it
                raise HttpError(422, f"baris {index + 1} ({shown}): {field}{exc.message}") from exc
            out.append(BookingOut(code=booking.code, created=created, checked_in=booking.checked_in_at is not None))
    return out
