"""Taking the survey: single-use invitations, anonymity, kiosk, QR and the public web page."""

import threading

import pytest
from django.db import connection

from maklumat.satisfaction.models import Channel, SurveyInvitation, SurveyResponse
from maklumat.satisfaction.services import SurveyClosed, survey_invitation_issue, survey_response_submit
from maklumat.satisfaction.tests.factories import answers_post, invite, make_application, make_ticket
from maklumat.standards.models import Service


def test_invitation_has_a_single_use_token_and_the_survey_path(blitar):
    make_ticket(blitar, "A", 17)
    invitation = survey_invitation_issue(actor=None, office=blitar, channel=Channel.QR, reference="A-017")
    assert len(invitation.token) == 10
    assert invitation.url == f"/survei/{invitation.token}/"
    assert not invitation.is_used


def test_issuing_again_for_the_same_transaction_returns_the_same_invitation(blitar):
    make_ticket(blitar, "A", 17)
    first = survey_invitation_issue(actor=None, office=blitar, channel=Channel.QR, reference="A-017")
    again = survey_invitation_issue(actor=None, office=blitar, channel=Channel.KIOSK, reference=" a017 ")
    assert again.pk == first.pk
    assert SurveyInvitation.objects.count() == 1


def test_the_same_reference_at_another_office_is_another_transaction(blitar, pamekasan):
    make_ticket(blitar, "A", 17)
    make_ticket(pamekasan, "A", 17)
    survey_invitation_issue(actor=None, office=blitar, channel=Channel.QR, reference="A-017")
    survey_invitation_issue(actor=None, office=pamekasan, channel=Channel.QR, reference="A-017")
    assert SurveyInvitation.objects.count() == 2


def test_survey_page_shows_the_nine_questions_in_indonesian(client, blitar):
    make_ticket(blitar, "A", 17)  # a walk-in ticket names no service
    invitation = survey_invitation_issue(actor=None, office=blitar, channel=Channel.QR, reference="A-017")
    html = client.get(invitation.url).content.decode()
    assert html.count('type="radio"') == 36
    assert "kesesuaian persyaratan pelayanan" in html
    assert "Dikelola dengan baik" in html
    assert "Layanan yang Anda terima" in html  # no service on the invitation: the respondent says


def test_submitting_records_an_anonymous_response_and_spends_the_token(client, blitar):
    # given an invitation for a new-passport transaction
    service = Service.objects.get(code="baru")
    invitation = invite(blitar, Channel.QR, number="B-101")
    # when the respondent answers
    response = client.post(invitation.url, answers_post(3, u3=2, age_group="20-29", sex="p",
                                                         suggestion="Mohon ruang tunggu diperluas."))
    # then it is thanked and stored once, without anything that points back to the transaction
    assert response.status_code == 200
    assert "Terima kasih" in response.content.decode()
    stored = SurveyResponse.objects.get()
    assert (stored.office, stored.service, stored.channel) == (blitar, service, Channel.QR)
    assert stored.answers == [3, 3, 2, 3, 3, 3, 3, 3, 3]
    assert (stored.age_group, stored.sex, stored.suggestion) == ("20-29", "p", "Mohon ruang tunggu diperluas.")
    field_names = {field.name for field in SurveyResponse._meta.get_fields()}
    assert not field_names & {"invitation", "token", "reference", "submitted_at", "name", "nik", "phone"}
    invitation.refresh_from_db()
    assert invitation.is_used


def test_a_used_token_is_refused_and_changes_nothing(client, blitar):
    invitation = invite(blitar, Channel.QR)
    client.post(invitation.url, answers_post(4))
    second = client.post(invitation.url, answers_post(1))
    assert second.status_code == 410
    assert "sudah diisi" in second.content.decode()
    assert SurveyResponse.objects.count() == 1
    assert SurveyResponse.objects.get().u1 == 4


def test_an_incomplete_sheet_is_refused_and_the_token_stays_unused(client, blitar):
    invitation = invite(blitar, Channel.QR)
    data = answers_post(4)
    del data["u7"]
    response = client.post(invitation.url, data)
    assert response.status_code == 200
    assert "Pilih salah satu jawaban." in response.content.decode()
    assert SurveyResponse.objects.count() == 0
    invitation.refresh_from_db()
    assert not invitation.is_used


def test_an_unknown_token_is_404(client, reference_data):
    assert client.get("/survei/ZZZZZZZZZZ/").status_code == 404


def test_a_complaint_mark_without_a_suggestion_is_ignored(blitar):
    invitation = invite(blitar, Channel.WEB)
    stored = survey_response_submit(token=invitation.token, answers=dict.fromkeys(
        [f"u{n}" for n in range(1, 10)], 2), marked_as_complaint=True)
    assert (stored.marked_as_complaint, stored.complaint_marked_on) == (False, None)


def test_public_web_page_takes_the_code_from_the_receipt(client, blitar):
    invitation = invite(blitar, Channel.WEB)
    typed = invitation.token[:5].lower() + " " + invitation.token[5:].lower()
    response = client.get("/survei/", {"kode": typed})
    assert (response.status_code, response["Location"]) == (302, invitation.url)
    unknown = client.get("/survei/", {"kode": "NOPE"})
    assert "Kode tidak dikenal, sudah dipakai, atau sudah kedaluwarsa." in unknown.content.decode()


def test_qr_code_of_the_link_is_an_svg(client, blitar):
    invitation = invite(blitar, Channel.QR)
    response = client.get(f"{invitation.url}qr.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<svg")


def test_kiosk_issues_for_the_ticket_and_opens_the_survey_without_site_chrome(client_of, officer, blitar):
    make_ticket(blitar, "A", 42)
    client = client_of(officer)
    response = client.post("/kantor/blitar/ikm/kios/", {"reference": "A-042"})
    invitation = SurveyInvitation.objects.get()
    assert (response.status_code, response["Location"]) == (302, invitation.url)
    assert invitation.channel == Channel.KIOSK and invitation.issued_by == officer
    page = client.get(invitation.url).content.decode()
    assert "site-header" not in page and "kiosk" in page


def test_kiosk_refuses_a_ticket_that_already_answered(client_of, officer, blitar):
    make_ticket(blitar, "A", 42)
    client = client_of(officer)
    client.post("/kantor/blitar/ikm/kios/", {"reference": "A-042"})
    client.post(SurveyInvitation.objects.get().url, answers_post(4))
    again = client.post("/kantor/blitar/ikm/kios/", {"reference": "A-042"})
    assert again.status_code == 200
    assert "Transaksi ini sudah mengisi survei." in again.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_kiosk_of_another_office_is_404(client_of, outsider, blitar):
    assert client_of(outsider).get("/kantor/blitar/ikm/kios/").status_code == 404
    assert client_of(outsider).post("/kantor/blitar/ikm/kios/", {"reference": "X"}).status_code == 404
    assert SurveyInvitation.objects.count() == 0


def test_qr_slip_page_shows_code_and_qr(client_of, officer, blitar):
    make_application(blitar, "R-9")
    html = client_of(officer).post("/kantor/blitar/ikm/undangan/", {"reference": "R-9"}).content.decode()
    invitation = SurveyInvitation.objects.get()
    assert invitation.token in html and "<svg" in html and invitation.channel == Channel.QR


@pytest.mark.django_db(transaction=True)
def test_two_racing_submissions_with_one_token_give_one_response(reference_data):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the row lock is exercised on PostgreSQL")
    from maklumat.offices.models import Office

    invitation = invite(Office.objects.get(code="blitar"), Channel.QR)
    outcomes, barrier = [], threading.Barrier(4)

    def submit():
        barrier.wait()
        try:
            survey_response_submit(token=invitation.token, answers={f"u{n}": 4 for n in range(1, 10)})
            outcomes.append("ok")
        except SurveyClosed:
            outcomes.append("closed")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["closed", "closed", "closed", "ok"]
    assert SurveyResponse.objects.count() == 1


def test_after_a_kiosk_answer_the_tablet_returns_to_the_kiosk_start(client_of, officer, blitar):
    make_ticket(blitar, "A", 43)
    client = client_of(officer)
    client.post("/kantor/blitar/ikm/kios/", {"reference": "A-043"})
    html = client.post(SurveyInvitation.objects.get().url, answers_post(4)).content.decode()
    assert 'http-equiv="refresh" content="8;url=/kantor/blitar/ikm/kios/"' in html


@pytest.mark.django_db(transaction=True)
def test_racing_issues_for_one_ticket_give_one_invitation(reference_data):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the unique constraint race is exercised on PostgreSQL")
    from maklumat.offices.models import Office

    office = Office.objects.get(code="blitar")
    ticket = make_ticket(office, "A", 100)
    tokens, barrier = [], threading.Barrier(4)

    def issue():
        barrier.wait()
        try:
            tokens.append(survey_invitation_issue(actor=None, office=office, channel=Channel.KIOSK,
                                                  reference="A-100").token)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(tokens) == 4 and len(set(tokens)) == 1
    assert SurveyInvitation.objects.filter(reference=f"antrian:{ticket.day:%Y%m%d}:A-100").count() == 1
