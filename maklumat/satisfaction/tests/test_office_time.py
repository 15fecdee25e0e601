"""Office time: every date the satisfaction area keeps or shows is the office's, not the server's.

The boundary: 31 Dec 2025 15:30 UTC is 23:30 WITA in Balikpapan (still 2025, Q4) and 00:30 WIT
on 1 Jan 2026 in Jayapura (already 2026, Q1). The server runs in WIB (settings.TIME_ZONE).
"""

from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest

from maklumat.applications.models import ApplicationEvent
from maklumat.satisfaction import selectors
from maklumat.satisfaction.models import Channel, SurveyInvitation
from maklumat.satisfaction.periods import period_parse
from maklumat.satisfaction.services import (
    suggestion_mark_as_complaint,
    survey_invitation_issue,
    survey_response_submit,
)
from maklumat.satisfaction.tests.factories import invite, make_application, make_response, make_ticket

BOUNDARY = datetime(2025, 12, 31, 15, 30, tzinfo=UTC)  # 23:30 WITA = 00:30 WIT (1 Jan) = 22:30 WIB
ANSWERS = {f"u{n}": 4 for n in range(1, 10)}


def test_the_boundary_moment_is_a_different_day_in_wita_and_wit(balikpapan, jayapura):
    assert balikpapan.localtime(BOUNDARY).strftime("%Y-%m-%d %H:%M") == "2025-12-31 23:30"
    assert jayapura.localtime(BOUNDARY).strftime("%Y-%m-%d %H:%M") == "2026-01-01 00:30"


def test_a_response_at_0030_wit_on_new_year_belongs_to_the_new_year_and_quarter(jayapura):
    # given an invitation of Jayapura; when answered at 00:30 WIT on 1 January
    invitation = invite(jayapura, Channel.QR, number="2025-DJJ-0001")
    stored = survey_response_submit(token=invitation.token, answers=ANSWERS, now=BOUNDARY)
    # then it is dated 1 January and counts in 2026 and 2026-Q1, not in 2025 or 2025-Q4
    assert stored.submitted_on == date(2026, 1, 1)
    invitation.refresh_from_db()
    assert invitation.used_on == date(2026, 1, 1)
    assert selectors.ikm_index(jayapura, period_parse("2026-Q1")).respondents == 1
    assert selectors.ikm_index(jayapura, period_parse("2026")).respondents == 1
    assert selectors.ikm_index(jayapura, period_parse("2025-Q4")).respondents == 0


def test_a_response_at_2330_wita_on_new_years_eve_stays_in_the_old_year(balikpapan):
    invitation = invite(balikpapan, Channel.QR, number="2025-BPN-0001")
    stored = survey_response_submit(token=invitation.token, answers=ANSWERS, now=BOUNDARY)
    assert stored.submitted_on == date(2025, 12, 31)
    assert selectors.ikm_index(balikpapan, period_parse("2025-Q4")).respondents == 1
    assert selectors.ikm_index(balikpapan, period_parse("2026-Q1")).respondents == 0


def test_a_suggestion_marked_at_0030_wit_is_marked_on_the_offices_new_day(jayapura):
    from maklumat.accounts.models import User
    from maklumat.accounts.roles import Role

    kasubsi = User.objects.create_user(username="kasubsi.jayapura", password="x-test-1", role=Role.KASUBSI,
                                       office=jayapura)
    row = make_response(jayapura, date(2025, 12, 31), suggestion="Antrian panjang.")
    with mock.patch("django.utils.timezone.now", return_value=BOUNDARY):
        marked = suggestion_mark_as_complaint(actor=kasubsi, response=row)
    assert marked.complaint_marked_on == date(2026, 1, 1)


def test_the_default_period_without_responses_is_the_offices_current_one(balikpapan, jayapura):
    with mock.patch("django.utils.timezone.now", return_value=BOUNDARY):
        assert selectors.default_period(balikpapan, "quarter").key == "2025-Q4"
        assert selectors.default_period(jayapura, "quarter").key == "2026-Q1"
        assert selectors.default_period(jayapura).key == "2026"


def test_a_handover_at_0030_wit_counts_in_the_population_of_the_new_quarter(jayapura, balikpapan):
    for office, number in ((jayapura, "DJJ-1"), (balikpapan, "BPN-1")):
        application = make_application(office, number)
        ApplicationEvent.objects.create(application=application, name="handover", at=BOUNDARY)
    assert selectors.population_served(jayapura, period_parse("2026-Q1")) == (1, "applications")
    assert selectors.population_served(jayapura, period_parse("2025-Q4")) == (0, "applications")
    assert selectors.population_served(balikpapan, period_parse("2025-Q4")) == (1, "applications")
    assert selectors.population_served(balikpapan, period_parse("2026-Q1")) == (0, "applications")


def test_a_typed_ticket_number_is_todays_on_the_offices_calendar(jayapura):
    # given A-005 of 31 Dec and A-005 of 1 Jan (office days) at Jayapura
    make_ticket(jayapura, "A", 5, day=date(2025, 12, 31), issued_at=BOUNDARY - timedelta(hours=2))
    new_year = make_ticket(jayapura, "A", 5, day=date(2026, 1, 1), issued_at=BOUNDARY)
    # when an officer types "A-005" at 00:30 WIT on 1 Jan
    with mock.patch("django.utils.timezone.now", return_value=BOUNDARY):
        invitation = survey_invitation_issue(actor=None, office=jayapura, channel=Channel.KIOSK, reference="A-005")
    # then the invitation is for the new day's ticket
    assert invitation.reference == f"antrian:20260101:{new_year.display_number}"


def test_an_invitation_expires_thirty_office_days_after_its_issue_day(balikpapan, jayapura):
    # given invitations issued at the boundary: 31 Dec in Balikpapan, 1 Jan in Jayapura
    with mock.patch("django.utils.timezone.now", return_value=BOUNDARY):
        wita = invite(balikpapan, Channel.QR, number="BPN-2")
        wit = invite(jayapura, Channel.QR, number="DJJ-2")
    assert SurveyInvitation.objects.get(pk=wita.pk).issued_at == BOUNDARY
    # when answered 30 days later at 23:30 WITA (= 00:30 WIT the next day)
    later = BOUNDARY + timedelta(days=30)
    # then both are on their 30th office day (30 Jan WITA, 31 Jan WIT) and still open
    assert survey_response_submit(token=wita.token, answers=ANSWERS, now=later).submitted_on == date(2026, 1, 30)
    assert survey_response_submit(token=wit.token, answers=ANSWERS, now=later).submitted_on == date(2026, 1, 31)


def test_an_invitation_answered_on_the_thirty_first_office_day_is_refused(jayapura):
    from maklumat.satisfaction.services import SurveyClosed

    with mock.patch("django.utils.timezone.now", return_value=BOUNDARY - timedelta(hours=1)):  # 23:30 WIT, 31 Dec
        invitation = invite(jayapura, Channel.QR, number="DJJ-3")
    # when answered at 00:30 WIT on 31 Jan, the 31st office day after 31 Dec: refused
    with pytest.raises(SurveyClosed):
        survey_response_submit(token=invitation.token, answers=ANSWERS, now=BOUNDARY + timedelta(days=30))
    invitation.refresh_from_db()
    assert not invitation.is_used


def test_the_report_is_dated_on_the_offices_day(jayapura):
    from maklumat.satisfaction.views import report_context

    with mock.patch("django.utils.timezone.now", return_value=BOUNDARY):
        assert report_context(jayapura, period_parse("2026-Q1"))["generated_on"] == date(2026, 1, 1)


def test_an_expired_invitation_shows_its_own_page(client, jayapura):
    with mock.patch("django.utils.timezone.now", return_value=BOUNDARY - timedelta(days=40)):
        invitation = invite(jayapura, Channel.QR, number="DJJ-4")
    response = client.get(invitation.url)
    assert response.status_code == 410
    assert "Undangan survei ini sudah kedaluwarsa" in response.content.decode()
