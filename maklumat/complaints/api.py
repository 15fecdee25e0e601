"""API: complaint intake (public, rate-limited; staff on any channel) and status."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field, field_validator

from maklumat.accounts.roles import Role
from maklumat.audit.idempotency import idempotent
from maklumat.complaints import labels, services
from maklumat.complaints.mail import TRACKING_RE
from maklumat.complaints.models import (
    Channel,
    Complaint,
    ComplaintCategory,
    ComplaintStep,
    Outcome,
    Platform,
    StepStatus,
)
from maklumat.complaints.models import (
    Status as ComplaintStatus,
)
from maklumat.complaints.public_views import PUBLIC_EVENTS
from maklumat.complaints.selectors import complaints_visible_to
from maklumat.lib.apidoc import Moment, errors, one_of
from maklumat.lib.ratelimit import PublicThrottle
from maklumat.lib.validation import bad_text
from maklumat.offices.models import Office
from maklumat.offices.scoping import office_for

router = Router(tags=["pengaduan"])
LOCAL = "the office's local time with its offset (+07:00 WIB, +08:00 WITA, +09:00 WIT)"


class ComplaintFields(Schema):
    subject: str = Field(min_length=5, max_length=200)
    description: str = Field(min_length=20, max_length=5000)
    reporter_name: str = Field("", max_length=200)
    reporter_phone: str = Field("", pattern=r"^(\+?[0-9]{8,15})?$")
    reporter_email: str = Field("", max_length=254)
    confidential: bool = False
    anonymous: bool = False

    @field_validator("reporter_email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value:
            try:
                validate_email(value)
            except ValidationError as exc:
                raise ValueError("alamat surel tidak sah") from exc
        return value


class PublicComplaintIn(ComplaintFields):
    office: str = Field(description="office code, e.g. pamekasan")


class StaffComplaintIn(ComplaintFields):
    channel: one_of(Channel.values)
    received_at: Moment | None = None
    category: str | None = Field(None, description="category code")
    platform: one_of(Platform.values) | None = None
    post_url: str = Field("", max_length=500)
    handle: str = Field("", max_length=100)
    letter_number: str = Field("", max_length=100)


class ReceiptOut(Schema):
    tracking_code: str
    status_url: str


class PublicEventOut(Schema):
    at: datetime = Field(description=LOCAL)
    label: str


class PublicStatusOut(Schema):
    tracking_code: str
    office: str
    received_on: str = Field(description="the office's local date (WIB/WITA/WIT), YYYY-MM-DD")
    status: one_of(ComplaintStatus.values)
    status_label: str
    confidential: bool
    category: str | None
    category_label: str | None
    timeline: list[PublicEventOut]


class StepOut(Schema):
    order: int
    code: str
    title: str = Field(description="the step's label for people (never show ``code``)")
    actor_role: one_of(Role.values)
    norm_minutes: int
    status: one_of(StepStatus.values)
    started_at: datetime | None = Field(description=LOCAL)
    due_at: datetime | None = Field(description=LOCAL)
    completed_at: datetime | None = Field(description=LOCAL)


class ComplaintOut(Schema):
    tracking_code: str
    office: str
    channel: one_of(Channel.values)
    channel_label: str
    category: str | None
    subject: str
    status: one_of(ComplaintStatus.values)
    status_label: str
    outcome: one_of(["", *Outcome.values]) = Field(description="empty until resolved")
    outcome_label: str
    breached: bool
    received_at: datetime = Field(description=LOCAL)
    due_at: datetime | None = Field(description=LOCAL)
    reporter_name: str | None
    steps: list[StepOut]


def _receipt(complaint: Complaint) -> ReceiptOut:
    return ReceiptOut(tracking_code=complaint.tracking_code,
                      status_url=f"/pengaduan/status/{complaint.tracking_code}/")


def _fail(exc: ValidationError):
    """422 naming each refused field (``field: message``), as the service named it."""
    if hasattr(exc, "error_dict"):
        raise HttpError(422, "; ".join(f"{field}: {' '.join(ValidationError(errors).messages)}"
                                       for field, errors in exc.error_dict.items()))
    raise HttpError(422, "; ".join(exc.messages))


def _office(request, code: str, action: str) -> Office:
    if bad_text(code, max_length=60):
        raise Http404("Kantor tidak ditemukan")
    return office_for(request.user, code, action=action)


def _tracking(code: str) -> str:
    """A tracking code as written (case-insensitive); anything else cannot exist: 404."""
    if not TRACKING_RE.fullmatch(code.upper()[:20]):
        raise Http404("Kode pelacakan tidak ditemukan")
    return code.upper()


@router.post("/complaints/public", auth=None, response={201: ReceiptOut, **errors(400, 409, 422, 429)},
             throttle=[PublicThrottle("complaint_api", 20)],
             summary="Submit a complaint as a member of the public (rate-limited)")
@idempotent
def public_intake(request, payload: PublicComplaintIn):
    office = None if bad_text(payload.office, max_length=60) else Office.objects.filter(code=payload.office).first()
    if office is None:
        raise HttpError(422, "office: kantor tidak ada")
    try:
        complaint = services.complaint_open(
            actor=None, office=office, channel=Channel.WEB, subject=payload.subject,
            description=payload.description, confidential=payload.confidential, anonymous=payload.anonymous,
            reporter=services.Reporter(payload.reporter_name, payload.reporter_phone,
                                       payload.reporter_email))
    except ValidationError as exc:
        _fail(exc)
    return Status(201, _receipt(complaint))


@router.get("/complaints/public/{tracking_code}", auth=None, response={200: PublicStatusOut, **errors(404, 429)},
            throttle=[PublicThrottle("complaint_status")],
            summary="Public status by tracking code (nothing personal; nothing of confidential complaints)")
def public_status(request, tracking_code: str):
    complaint = (Complaint.objects.select_related("office", "category")
                 .filter(tracking_code=_tracking(tracking_code)).first())
    if complaint is None:
        raise Http404("Kode pelacakan tidak ditemukan")
    timeline = [] if complaint.confidential else [
        PublicEventOut(at=complaint.office.localtime(e.at), label=str(PUBLIC_EVENTS[e.kind]))
        for e in complaint.events.filter(public=True).order_by("at", "id") if e.kind in PUBLIC_EVENTS]
    return PublicStatusOut(
        tracking_code=complaint.tracking_code, office=complaint.office.code,
        received_on=complaint.office.local_date(complaint.received_at).isoformat(), status=complaint.status,
        status_label=complaint.get_status_display(), confidential=complaint.confidential,
        category=None if complaint.confidential or complaint.category is None else complaint.category.code,
        category_label=None if complaint.confidential or complaint.category is None else complaint.category.name,
        timeline=timeline)


@router.post("/offices/{code}/complaints", response={201: ReceiptOut, **errors(400, 401, 403, 404, 409, 422)},
             summary="Record a complaint received on any channel (complaint team)")
@idempotent
def staff_intake(request, code: str, payload: StaffComplaintIn):
    office = _office(request, code, "complaints.handle")
    category = None
    if payload.category:
        if not bad_text(payload.category, max_length=40):
            category = ComplaintCategory.objects.filter(code=payload.category).first()
        if category is None:
            raise HttpError(422, "category: kategori tidak dikenal")
    details = {"post_url": payload.post_url, "handle": payload.handle, "letter_number": payload.letter_number,
               "platform": payload.platform or ""}
    received_at = payload.received_at
    if received_at is not None and received_at.tzinfo is None:
        received_at = office.localtime(received_at)  # a moment without zone is the office's own time
    try:
        complaint = services.complaint_open(
            actor=request.user, office=office, channel=payload.channel, subject=payload.subject,
            description=payload.description, received_at=received_at, category=category,
            confidential=payload.confidential, anonymous=payload.anonymous,
            reporter=services.Reporter(payload.reporter_name, payload.reporter_phone, payload.reporter_email),
            details=details)
    except ValidationError as exc:
        _fail(exc)
    return Status(201, _receipt(complaint))


def _complaint_out(user, complaint: Complaint, steps: list[ComplaintStep]) -> ComplaintOut:
    from maklumat.complaints.selectors import sees_identity

    def local(moment):
        return None if moment is None else complaint.office.localtime(moment)

    return ComplaintOut(
        tracking_code=complaint.tracking_code, office=complaint.office.code, channel=complaint.channel,
        channel_label=complaint.get_channel_display(),
        category=complaint.category.code if complaint.category else None, subject=complaint.subject,
        status=complaint.status, status_label=complaint.get_status_display(), outcome=complaint.outcome,
        outcome_label=complaint.get_outcome_display() if complaint.outcome else "", breached=complaint.breached,
        received_at=local(complaint.received_at), due_at=local(complaint.due_at),
        reporter_name=complaint.reporter_name if sees_identity(user, complaint) else None,
        steps=[StepOut(order=s.order, code=s.code, title=labels.step_title(s), actor_role=s.actor_role,
                       norm_minutes=s.norm_minutes, status=s.status, started_at=local(s.started_at),
                       due_at=local(s.due_at), completed_at=local(s.completed_at))
               for s in steps])


LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX = 50, 200


@router.get("/offices/{code}/complaints", response={200: list[ComplaintOut], **errors(401, 403, 404, 422)},
            summary="An office's complaints, breached first (complaint team and supervisors); paginated",
            description="One page of ``limit`` complaints (default 50, at most 200) from ``offset`` (default 0). "
                        "The header ``X-Total-Count`` gives how many complaints match in all; the next page "
                        "starts at ``offset + limit`` while that is below the total.")
def list_complaints(request, code: str, response: HttpResponse, open_only: bool = True,
                    limit: int = Query(LIST_LIMIT_DEFAULT, ge=1, le=LIST_LIMIT_MAX), offset: int = Query(0, ge=0)):
    office = _office(request, code, "complaints.view")
    rows = complaints_visible_to(request.user).filter(office=office)
    if open_only:
        rows = rows.exclude(status="resolved")
    response["X-Total-Count"] = str(rows.count())
    page = list(rows.prefetch_related(Prefetch("steps", queryset=ComplaintStep.objects.order_by("order")))
                [offset:offset + limit])
    return [_complaint_out(request.user, c, list(c.steps.all())) for c in page]


@router.get("/offices/{code}/complaints/{tracking_code}", response={200: ComplaintOut, **errors(401, 403, 404)},
            summary="One complaint with its steps and due times (404 outside the caller's reach)")
def get_complaint(request, code: str, tracking_code: str):
    office = _office(request, code, "complaints.view")
    complaint = (complaints_visible_to(request.user)
                 .filter(office=office, tracking_code=_tracking(tracking_code)).first())
    if complaint is None:
        raise Http404("Pengaduan tidak ditemukan")
    return _complaint_out(request.user, complaint, list(complaint.steps.order_by("order")))
