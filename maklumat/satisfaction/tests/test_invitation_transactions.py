"""The index cannot be stuffed: an invitation only for a real transaction of the office, once."""

import json

import pytest
from django.core.exceptions import ValidationError

from maklumat.accounts.roles import Role
from maklumat.conftest import make_user
from maklumat.satisfaction.models import Channel, SurveyInvitation
from maklumat.satisfaction.services import survey_invitation_issue
from maklumat.satisfaction.tests.factories import make_application, make_ticket

MADE_UP = ("Nomor antrian atau permohonan “ZZZ-999” tidak ada di Kantor Imigrasi Kelas II Non TPI Blitar: "
           "undangan survei hanya untuk transaksi layanan kantor ini.")


def test_a_made_up_reference_is_refused_by_the_service_naming_the_field(officer, blitar):
    with pytest.raises(ValidationError) as refused:
        survey_invitation_issue(actor=officer, office=blitar, channel=Channel.KIOSK, reference="ZZZ-999")
    assert refused.value.message_dict == {"reference": [MADE_UP]}
    assert SurveyInvitation.objects.count() == 0


def test_an_empty_reference_is_refused(officer, blitar):
    with pytest.raises(ValidationError) as refused:
        survey_invitation_issue(actor=officer, office=blitar, channel=Channel.QR, reference="  ")
    assert list(refused.value.message_dict) == ["reference"]


def test_the_kiosk_form_refuses_a_made_up_reference_on_the_field(client_of, officer, blitar):
    response = client_of(officer).post("/kantor/blitar/ikm/kios/", {"reference": "ZZZ-999"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"reference": [MADE_UP]}
    assert SurveyInvitation.objects.count() == 0


def test_the_qr_slip_form_refuses_a_made_up_reference(client_of, officer, blitar):
    response = client_of(officer).post("/kantor/blitar/ikm/undangan/", {"reference": "ZZZ-999"})
    assert response.context["form"].errors == {"reference": [MADE_UP]}
    assert response.context["invitation"] is None


def test_the_api_refuses_a_made_up_reference_with_422_naming_the_field(client_of, officer, blitar):
    response = client_of(officer).post("/api/v1/offices/blitar/ikm/invitations",
                                       json.dumps({"reference": "ZZZ-999"}), content_type="application/json")
    assert response.status_code == 422
    assert response.json() == {"detail": f"reference: {MADE_UP}"}
    assert SurveyInvitation.objects.count() == 0


def test_the_api_issues_once_per_transaction(client_of, officer, blitar):
    application = make_application(blitar, "2025-BLT-0042")
    client = client_of(officer)

    def issue():
        return client.post("/api/v1/offices/blitar/ikm/invitations", json.dumps({"reference": application.number}),
                           content_type="application/json")

    first, again = issue(), issue()
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["token"] == again.json()["token"]
    assert first.json()["reference"] == "permohonan:2025-BLT-0042"
    assert SurveyInvitation.objects.get().service.code == "baru"


def test_a_ticket_or_application_of_another_office_is_refused(officer, blitar, balikpapan):
    make_ticket(balikpapan, "A", 17)
    make_application(balikpapan, "2025-BPN-0001")
    for reference in ("A-017", "2025-BPN-0001"):
        with pytest.raises(ValidationError) as refused:
            survey_invitation_issue(actor=officer, office=blitar, channel=Channel.QR, reference=reference)
        assert list(refused.value.message_dict) == ["reference"]
    assert SurveyInvitation.objects.count() == 0


def test_a_ticket_and_its_application_are_one_transaction(officer, blitar):
    # given a ticket linked to an application, surveyed through the printed ticket's QR
    application = make_application(blitar, "2025-BLT-0007")
    ticket = make_ticket(blitar, "A", 7, application=application)
    printed = survey_invitation_issue(actor=None, office=blitar, channel=Channel.QR,
                                      reference=f"antrian:{ticket.day:%Y%m%d}:A-007")
    # when the officer types the application number (or the ticket number) at the kiosk
    typed_application = survey_invitation_issue(actor=officer, office=blitar, channel=Channel.KIOSK,
                                                reference="2025-BLT-0007")
    typed_ticket = survey_invitation_issue(actor=officer, office=blitar, channel=Channel.KIOSK, reference="a 7")
    # then it is the same, single invitation
    assert printed.pk == typed_application.pk == typed_ticket.pk
    assert SurveyInvitation.objects.count() == 1


def test_an_application_surveyed_first_is_found_from_its_ticket(officer, blitar):
    application = make_application(blitar, "2025-BLT-0008")
    first = survey_invitation_issue(actor=officer, office=blitar, channel=Channel.QR, reference="2025-BLT-0008")
    ticket = make_ticket(blitar, "A", 8, application=application)
    again = survey_invitation_issue(actor=None, office=blitar, channel=Channel.QR,
                                    reference=f"antrian:{ticket.day:%Y%m%d}:A-008")
    assert again.pk == first.pk and first.reference == "permohonan:2025-BLT-0008"


def test_a_canonical_ticket_reference_with_an_impossible_day_is_refused(officer, blitar):
    with pytest.raises(ValidationError) as refused:
        survey_invitation_issue(actor=officer, office=blitar, channel=Channel.QR, reference="antrian:20251345:A-001")
    assert list(refused.value.message_dict) == ["reference"]


def test_a_role_that_may_not_issue_is_refused_by_the_service(supervisor, blitar):
    from django.core.exceptions import PermissionDenied

    make_ticket(blitar, "A", 17)
    with pytest.raises(PermissionDenied):
        survey_invitation_issue(actor=supervisor, office=blitar, channel=Channel.QR, reference="A-017")


def test_an_officer_of_another_office_is_refused_by_the_service_as_not_found(outsider, blitar):
    from django.http import Http404

    make_ticket(blitar, "A", 17)
    with pytest.raises(Http404):
        survey_invitation_issue(actor=outsider, office=blitar, channel=Channel.QR, reference="A-017")


def test_the_api_answers_403_for_a_wrong_role_and_404_out_of_reach(client_of, blitar, balikpapan):
    make_ticket(blitar, "A", 17)
    body = json.dumps({"reference": "A-017"})
    kanwil = make_user("kanwil.x", Role.SUPERVISOR_KANWIL, kanwil=blitar.kanwil)
    assert client_of(kanwil).post("/api/v1/offices/blitar/ikm/invitations", body,
                                  content_type="application/json").status_code == 403
    other = make_user("loket.x", Role.PETUGAS_LOKET, office=balikpapan)
    assert client_of(other).post("/api/v1/offices/blitar/ikm/invitations", body,
                                 content_type="application/json").status_code == 404
    assert SurveyInvitation.objects.count() == 0


def test_the_queue_gets_a_tickets_survey_qr_through_ask(rf, blitar):
    from maklumat.lib.areas import ask

    ticket = make_ticket(blitar, "A", 21)
    request = rf.get("/")
    first = ask("surveys", "ticket_survey_qr", request, blitar, ticket)
    again = ask("surveys", "ticket_survey_qr", request, blitar, ticket)
    assert first.startswith("<svg") and first == again
    assert SurveyInvitation.objects.get().reference == f"antrian:{ticket.day:%Y%m%d}:A-021"
