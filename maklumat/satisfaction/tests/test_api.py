"""API: public submission with a token; the staff's index read; scoping."""

import json
from datetime import date

from maklumat.satisfaction.models import Channel, SurveyResponse
from maklumat.satisfaction.tests.factories import invite, make_response

ANSWERS = {f"u{n}": 4 for n in range(1, 10)}


def post(client, token, body):
    return client.post(f"/api/v1/survei/{token}", json.dumps(body), content_type="application/json")


def test_public_submission_with_a_token_is_accepted_once(client, blitar):
    invitation = invite(blitar, Channel.QR)
    first = post(client, invitation.token, {**ANSWERS, "service": "baru", "sex": "l"})
    assert first.status_code == 201
    assert first.json()["office"] == "blitar"
    stored = SurveyResponse.objects.get()
    assert (stored.service.code, stored.sex, stored.channel) == ("baru", "l", Channel.QR)
    again = post(client, invitation.token, ANSWERS)
    assert again.status_code == 410
    assert SurveyResponse.objects.count() == 1


def test_an_answer_outside_one_to_four_is_422_and_keeps_the_token(client, blitar):
    invitation = invite(blitar, Channel.QR)
    response = post(client, invitation.token, {**ANSWERS, "u5": 5})
    assert response.status_code == 422
    invitation.refresh_from_db()
    assert not invitation.is_used and SurveyResponse.objects.count() == 0


def test_an_unknown_token_is_404(client, reference_data):
    assert post(client, "NOTATOKEN1", ANSWERS).status_code == 404


def test_submissions_are_rate_limited_per_client(client, blitar):
    statuses = [post(client, f"NOPE{n:06d}", ANSWERS).status_code for n in range(21)]
    assert statuses[:20] == [404] * 20 and statuses[20] == 429


def test_staff_read_the_index_of_a_period(client_of, kasubsi, blitar):
    make_response(blitar, date(2025, 2, 3), (4, 4, 3, 4, 4, 4, 4, 3, 4))
    body = client_of(kasubsi).get("/api/v1/offices/blitar/ikm?period=2025-Q1").json()
    assert (body["respondents"], body["ikm_converted"], body["grade"], body["label"]) == (1, 94.44, "A",
                                                                                          "Sangat Baik")
    assert body["nrr"]["u3"] == 3.0
    assert body["weakest"] == ["u3", "u8"]
    assert (body["population"], body["population_source"], body["sample_needed"]) == (0, "applications", 0)


def test_outsider_reading_the_index_gets_404(client_of, outsider, blitar):
    assert client_of(outsider).get("/api/v1/offices/blitar/ikm?period=2025").status_code == 404


def test_anonymous_reading_the_index_is_401(client, blitar):
    assert client.get("/api/v1/offices/blitar/ikm").status_code == 401


def test_openapi_lists_the_survey_and_index_endpoints(client, reference_data):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/survei/{token}" in paths and "/api/v1/offices/{code}/ikm" in paths


def test_without_a_period_the_year_of_the_latest_response_is_read(client_of, kasubsi, blitar):
    make_response(blitar, date(2024, 11, 3))
    body = client_of(kasubsi).get("/api/v1/offices/blitar/ikm").json()
    assert (body["period"], body["period_label"], body["respondents"]) == ("2024", "Tahun 2024", 1)


def test_an_unknown_period_is_422(client_of, kasubsi, blitar):
    assert client_of(kasubsi).get("/api/v1/offices/blitar/ikm?period=2024-Q7").status_code == 422
