"""Office time everywhere: tickets, numbering days, board, statistics and the API use the office's
own clock (WITA for Balikpapan, WIT for Jayapura), never the server's (WIB) or UTC's.

Each case sits at a day boundary: 23:30 local on Monday 2 June 2025, and 00:30 local on Tuesday
3 June, which is still Monday on the server (22:30/23:30 WIB) and in UTC.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from maklumat.conftest import make_user
from maklumat.queueing.tests.conftest import office_queue

MONDAY, TUESDAY = date(2025, 6, 2), date(2025, 6, 3)
OFFICES = ["balikpapan", "jayapura"]
ZONE = {"balikpapan": "WITA", "jayapura": "WIT"}
OFFSET = {"balikpapan": "+08:00", "jayapura": "+09:00"}


@pytest.fixture(params=OFFICES)
def place(request, reference_data):
    """(office, its queue, a counter officer, a Kasubsi) for each zone in turn."""
    from maklumat.offices.models import Office

    office = Office.objects.get(code=request.param)
    officer = make_user(f"loket.{office.code}", "petugas_loket", office=office)
    kasubsi = make_user(f"kasubsi.{office.code}", "kasubsi", office=office)
    return office, office_queue(office), officer, kasubsi


def local(office, day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=office.tz)


def issue(queue, actor, at, code="A"):
    from maklumat.queueing.services import officer_ticket_issue

    return officer_ticket_issue(office=queue.office, actor=actor, series=queue.series[code],
                                step=queue.steps["intake"], now=at)


def url(name, office, **kwargs):
    return reverse(f"queueing:{name}", kwargs={"code": office.code, **kwargs})


def test_a_number_after_local_midnight_starts_the_new_days_series(place):
    office, queue, officer, _ = place
    late = issue(queue, officer, local(office, MONDAY, 23, 30))
    later = issue(queue, officer, local(office, MONDAY, 23, 45))
    # 00:30 local on Tuesday is still Monday on the server (WIB) and in UTC
    assert timezone.localtime(local(office, TUESDAY, 0, 30)).date() == MONDAY
    early = issue(queue, officer, local(office, TUESDAY, 0, 30))
    assert [(t.day, t.display_number) for t in (late, later, early)] == [
        (MONDAY, "A-001"), (MONDAY, "A-002"), (TUESDAY, "A-001")]


@pytest.mark.parametrize(("day", "hour", "minute", "printed"), [
    (MONDAY, 23, 30, "2 Jun 2025 23:30"), (TUESDAY, 0, 30, "3 Jun 2025 00:30")])
def test_the_printed_ticket_shows_the_time_it_was_taken_on_the_office_clock(place, client_of, clock, day, hour,
                                                                           minute, printed):
    office, queue, officer, _ = place
    at = clock(local(office, day, hour, minute))
    ticket = issue(queue, officer, at)
    page = client_of(officer).get(url("ticket", office, ticket_id=ticket.pk)).content.decode()
    assert f"{printed} {ZONE[office.code]}" in page


def test_the_board_after_local_midnight_shows_only_the_new_days_calls_and_the_office_clock(place, client, clock):
    from maklumat.queueing.services import call_next

    office, queue, officer, _ = place
    counter = queue.counters["Loket 1"]
    issue(queue, officer, local(office, MONDAY, 23, 30), code="P")
    call_next(counter=counter, actor=officer, now=local(office, MONDAY, 23, 35))
    issue(queue, officer, local(office, TUESDAY, 0, 20))
    call_next(counter=counter, actor=officer, now=local(office, TUESDAY, 0, 25))
    clock(local(office, TUESDAY, 0, 30))
    page = client.get(url("board_calls", office)).content.decode()
    assert "A-001" in page and "P-001" not in page
    assert f"00:30 {ZONE[office.code]}" in page


def test_statistics_default_to_the_office_day_and_count_hours_on_its_clock(place, client_of, clock):
    from maklumat.queueing.services import call_next

    office, queue, officer, kasubsi = place
    issue(queue, officer, local(office, MONDAY, 23, 30))
    call_next(counter=queue.counters["Loket 1"], actor=officer, now=local(office, MONDAY, 23, 40))
    issue(queue, officer, local(office, TUESDAY, 0, 10))
    call_next(counter=queue.counters["Loket 1"], actor=officer, now=local(office, TUESDAY, 0, 15))
    clock(local(office, TUESDAY, 0, 30))
    client = client_of(kasubsi)
    today = client.get(url("statistics", office)).content.decode()
    assert 'name="dari" value="2025-06-03"' in today
    assert "00:00" in today and "23:00" not in today
    monday = client.get(url("statistics", office), {"dari": "2025-06-02"}).content.decode()
    assert "23:00" in monday and ">00:00<" not in monday


def test_the_api_gives_ticket_times_with_the_offices_offset(place, clock):
    from maklumat.accounts.services import token_create

    office, queue, _, _ = place
    duta = make_user(f"duta.{office.code}", "duta_layanan", office=office)
    clock(local(office, TUESDAY, 0, 30))
    from django.test import Client

    response = Client().post(reverse("api:issue_ticket", kwargs={"code": office.code}),
                             {"step": "intake", "ticket_class": "general"}, content_type="application/json",
                             headers={"Authorization": f"Bearer {token_create(user=duta)}"})
    assert response.status_code == 201
    assert response.json()["issued_at"] == f"2025-06-03T00:30:00{OFFSET[office.code]}"
    assert response.json()["number"] == "A-001"


def test_a_check_in_too_early_names_the_opening_time_on_the_office_clock(place):
    from maklumat.queueing.models import Booking
    from maklumat.queueing.services import QueueError, booking_check_in

    office, queue, officer, _ = place
    Booking.objects.create(office=office, code="MPEARLY", applicant_name="X",
                           slot_start=local(office, TUESDAY, 9, 0), slot_end=local(office, TUESDAY, 9, 30))
    with pytest.raises(QueueError) as refused:
        booking_check_in(office=office, actor=officer, code="MPEARLY", now=local(office, TUESDAY, 8, 0))
    assert refused.value.message == "Terlalu awal: check-in dibuka pukul 08:30."
