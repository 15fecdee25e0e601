"""Deadlines read the service's own terms and the calendar's working-day clock; accelerated pickup from 12:00."""

from __future__ import annotations

from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from maklumat.applications import deadlines
from maklumat.applications.deadlines import ServiceTerms, application_deadlines, service_terms
from maklumat.applications.models import ApplicationEvent
from maklumat.applications.selectors import application_timeline
from maklumat.applications.services import application_create, application_event_record
from maklumat.calendar.rules import WorkCalendar
from maklumat.standards.models import Service

WIB = ZoneInfo("Asia/Jakarta")
CALENDAR = WorkCalendar()


def at(*parts):
    return datetime(*parts, tzinfo=WIB)


def new(office, actor, *, service="baru", accelerated=False, number="BLT-1"):
    return application_create(actor=actor, office=office, number=number, service=Service.objects.get(code=service),
                              booking_channel="m_paspor", applicant_name="Rina", accelerated=accelerated)


def codes(rows):
    return [row.code for row in rows]


def test_terms_come_from_the_service_catalogue(blitar, officer):
    assert service_terms(new(blitar, officer, service="baru")) == ServiceTerms(3)
    assert service_terms(new(blitar, officer, service="hilang", number="BLT-2")) == ServiceTerms(None)
    assert service_terms(new(blitar, officer, service="percepatan", number="BLT-3")).accelerated
    assert service_terms(new(blitar, officer, service="penggantian", accelerated=True, number="BLT-4")).accelerated


def test_lost_passport_gets_no_completion_clock(blitar, officer):
    # Given a lost passport, whose term "depends on the examination"
    application = new(blitar, officer, service="hilang")
    application_event_record(application=application, name="payment", at=at(2025, 7, 10, 10))
    timeline = application_timeline(application, as_of=at(2025, 7, 30))
    # Then there is no 3-day completion promise, only payment, allocation and pickup
    assert codes(timeline["deadlines"]) == ["payment", "allocation", "pickup"]


def test_completion_follows_the_service_term_in_the_catalogue(blitar, officer):
    Service.objects.filter(code="baru").update(completion_working_days=5)
    application = new(blitar, officer)
    application_event_record(application=application, name="payment", at=at(2025, 7, 10, 10))
    completion = next(d for d in application_timeline(application, as_of=at(2025, 7, 11))["deadlines"]
                      if d.code == "completion")
    assert completion.due == at(2025, 7, 18, 0, 0)  # Thu + 5 working days = the next Thursday, 24:00
    assert completion.label_id == "Paspor selesai dalam 5 hari kerja setelah pembayaran"


def test_allocation_clock_is_the_calendar_end_of_nth_working_day():
    payment = at(2025, 7, 10, 10)
    with mock.patch.object(WorkCalendar, "end_of_nth_working_day", autospec=True,
                           return_value=at(2030, 1, 1)) as clock:
        rows = application_deadlines(events={"payment": payment}, terms=ServiceTerms(3), calendar=CALENDAR,
                                     as_of=at(2025, 7, 11))
    allocation = next(d for d in rows if d.code == "allocation")
    assert allocation.due == at(2030, 1, 1)
    assert mock.call(CALENDAR, payment, deadlines.ALLOCATION_WORKING_DAYS) in clock.call_args_list


def test_saturday_payment_monday_is_day_1_tuesday_day_2_wednesday_is_late():
    # Issue 9.3: the calendar rule counts from the first working day after a payment on a non-working day.
    # This test passes with the calendar as it stands; if it fails after a calendar change, the change in
    # maklumat/calendar/rules.py (end_of_nth_working_day) is what moved, not this area.
    saturday = at(2025, 7, 12, 10)
    rows = {d.code: d for d in application_deadlines(
        events={"payment": saturday, "allocation": at(2025, 7, 16, 9)}, terms=ServiceTerms(3), calendar=CALENDAR,
        as_of=at(2025, 7, 20))}
    assert rows["allocation"].due == at(2025, 7, 16, 0, 0)  # end of Tuesday
    assert rows["allocation"].status == "late"  # Wednesday 09:00
    on_tuesday = {d.code: d for d in application_deadlines(
        events={"payment": saturday, "allocation": at(2025, 7, 15, 23, 59)}, terms=ServiceTerms(3),
        calendar=CALENDAR, as_of=at(2025, 7, 20))}
    assert on_tuesday["allocation"].status == "met"


def test_accelerated_handover_before_noon_on_its_day_is_refused(blitar, officer):
    application = new(blitar, officer, accelerated=True)
    application_event_record(application=application, name="payment", at=at(2025, 7, 11, 8, 30))
    with pytest.raises(ValidationError) as refused:
        application_event_record(application=application, name="handover", at=at(2025, 7, 11, 11, 59))
    assert list(refused.value.message_dict) == ["at"] and "12.00" in refused.value.message_dict["at"][0]
    application_event_record(application=application, name="handover", at=at(2025, 7, 11, 12, 0))
    assert ApplicationEvent.objects.filter(name="handover").count() == 1


def test_accelerated_pickup_on_a_later_morning_is_allowed_and_normal_service_any_time(blitar, officer):
    fast = new(blitar, officer, accelerated=True)
    application_event_record(application=fast, name="payment", at=at(2025, 7, 11, 8, 30))
    application_event_record(application=fast, name="handover", at=at(2025, 7, 14, 9, 0))
    normal = new(blitar, officer, number="BLT-2")
    application_event_record(application=normal, name="payment", at=at(2025, 7, 11, 8, 30))
    application_event_record(application=normal, name="handover", at=at(2025, 7, 11, 9, 0))
    assert ApplicationEvent.objects.filter(name="handover").count() == 2


@pytest.mark.parametrize("office_code, zone", [("balikpapan", "Asia/Makassar"), ("jayapura", "Asia/Jayapura")])
def test_accelerated_noon_is_the_office_clock(office_code, zone, reference_data):
    from maklumat.accounts.roles import Role
    from maklumat.conftest import make_user
    from maklumat.offices.models import Office

    office = Office.objects.get(code=office_code)
    tz = ZoneInfo(zone)
    actor = make_user(f"loket.{office_code}", Role.PETUGAS_LOKET, office=office)
    application = application_create(actor=actor, office=office, number="X-1", service=Service.objects.get(code="baru"),
                                     booking_channel="m_paspor", applicant_name="Rina", accelerated=True)
    application_event_record(application=application, name="payment", at=datetime(2025, 7, 11, 8, tzinfo=tz))
    # 11:30 office time is refused; 12:30 office time (10:30 or 11:30 in Jakarta) is allowed
    with pytest.raises(ValidationError):
        application_event_record(application=application, name="handover", at=datetime(2025, 7, 11, 11, 30, tzinfo=tz))
    application_event_record(application=application, name="handover", at=datetime(2025, 7, 11, 12, 30, tzinfo=tz))
    assert application.events.filter(name="handover").count() == 1
