"""Survey suggestions marked as complaints are opened as complaints, once, by the complaint team."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404

from maklumat.accounts.roles import Role
from maklumat.complaints.handoff import complaint_open_from_survey, survey_suggestions_waiting
from maklumat.complaints.models import Complaint
from maklumat.conftest import make_user
from maklumat.standards.models import Service

# Complaints does not import the satisfaction area, not even in tests: the model by its label.
SurveyResponse = apps.get_model("satisfaction", "SurveyResponse")


@pytest.fixture
def yankomas(blitar):
    return make_user("yankomas.blitar", Role.PETUGAS_YANKOMAS, office=blitar)


@pytest.fixture
def marked(blitar):
    today = blitar.local_date()
    return SurveyResponse.objects.create(
        office=blitar, service=Service.objects.get(code="baru"), channel="kiosk", submitted_on=today,
        **{f"u{i}": 2 for i in range(1, 10)}, suggestion="Petugas loket 2 meminta uang tambahan.",
        marked_as_complaint=True, complaint_marked_on=today,
    )


def test_marked_suggestion_opens_one_anonymous_complaint(yankomas, marked):
    complaint, created = complaint_open_from_survey(actor=yankomas, response=marked)
    again, created_again = complaint_open_from_survey(actor=yankomas, response=marked)
    assert (created, created_again) == (True, False)
    assert again.pk == complaint.pk and Complaint.objects.count() == 1
    assert complaint.channel == "survey" and complaint.anonymous and complaint.reporter_name == ""
    assert complaint.description == "Petugas loket 2 meminta uang tambahan."
    assert complaint.steps.filter(status="active").count() == 1
    assert list(survey_suggestions_waiting(marked.office)) == []


def test_unmarked_suggestion_is_refused(yankomas, marked):
    marked.marked_as_complaint = False
    marked.save()
    with pytest.raises(Exception, match="tidak ditandai"):
        complaint_open_from_survey(actor=yankomas, response=marked)
    assert Complaint.objects.count() == 0


def test_counter_officer_gets_403_and_other_office_404(officer, outsider, marked):
    with pytest.raises(PermissionDenied):
        complaint_open_from_survey(actor=officer, response=marked)
    with pytest.raises(Http404):
        complaint_open_from_survey(actor=outsider, response=marked)
    assert Complaint.objects.count() == 0


def test_old_suggestions_leave_the_waiting_list(marked):
    long_ago = marked.office.local_date() - timedelta(days=91)
    SurveyResponse.objects.filter(pk=marked.pk).update(complaint_marked_on=long_ago)
    assert list(survey_suggestions_waiting(marked.office)) == []


def test_page_lists_and_opens_and_hides_from_outsiders(client_of, client, yankomas, outsider, marked):
    page = client_of(yankomas).get("/kantor/blitar/pengaduan/saran-ikm/")
    assert "meminta uang tambahan" in page.content.decode()
    response = client.post("/kantor/blitar/pengaduan/saran-ikm/", {"response": marked.pk})
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{complaint.tracking_code}/")
    client.logout()
    assert client_of(outsider).get("/kantor/blitar/pengaduan/saran-ikm/").status_code == 404
