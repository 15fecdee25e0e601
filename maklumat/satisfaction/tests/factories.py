"""Small helpers to make survey rows, and the real transactions invitations are issued for, in tests."""

from __future__ import annotations

from datetime import date, datetime

from maklumat.satisfaction.models import Channel, SurveyInvitation, SurveyResponse
from maklumat.satisfaction.rules import ELEMENTS


def make_response(office, day: date, answers=(4, 4, 4, 4, 4, 4, 4, 4, 4), service=None, **extra) -> SurveyResponse:
    return SurveyResponse.objects.create(office=office, submitted_on=day, channel=extra.pop("channel", Channel.WEB),
                                         service=service, **dict(zip(ELEMENTS, answers, strict=True)), **extra)


def answers_post(value: int = 4, **overrides) -> dict:
    data = {code: str(value) for code in ELEMENTS}
    data.update({key: str(val) for key, val in overrides.items()})
    return data


def make_application(office, number: str = "2025-BLT-0001", service_code: str = "baru"):
    """An application of ``office`` (a real transaction an invitation may be issued for)."""
    from maklumat.applications.models import Application, BookingChannel
    from maklumat.standards.models import Service

    return Application.objects.create(office=office, number=number, service=Service.objects.get(code=service_code),
                                      booking_channel=BookingChannel.WALK_IN, applicant_name="Pemohon Uji")


def make_ticket(office, series: str = "A", number: int = 17, day: date | None = None, application=None,
                issued_at: datetime | None = None):
    """A queue ticket of ``office`` (default: today's A-017, office time), inserted directly."""
    from maklumat.queueing.models import Series, Step, Ticket

    moment = issued_at or office.local_now()
    day = day or office.local_date(moment)
    row = Series.objects.get(office=office, code=series)
    return Ticket.objects.create(office=office, series=row, day=day, number=number, ticket_class=row.ticket_class,
                                 origin="officer", step=Step.objects.filter(office=office).first(),
                                 waiting_since=moment, issued_at=moment, application=application)


def invite(office, channel: str = Channel.QR, number: str = "2025-BLT-0001", service_code: str = "baru",
           **extra) -> SurveyInvitation:
    """An invitation for a fresh application of ``office`` (issued by the system, no actor)."""
    from maklumat.satisfaction.services import survey_invitation_issue

    application = make_application(office, number, service_code)
    return survey_invitation_issue(actor=None, office=office, channel=channel, reference=application.number, **extra)
