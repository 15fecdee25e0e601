"""Marking a suggestion follows `next=` only to a page of this site (issue 12 item 3)."""

from datetime import date

import pytest

from maklumat.satisfaction.tests.factories import make_response


@pytest.fixture
def suggestion(blitar):
    return make_response(blitar, date(2025, 3, 5), suggestion="Calo di depan kantor.")


def _mark(client, suggestion, **data):
    return client.post(f"/kantor/blitar/ikm/saran/{suggestion.pk}/pengaduan/", data)


@pytest.mark.parametrize("target", [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "http://testserver.evil.example/",
    "javascript:alert(1)",
])
def test_the_open_redirect_goes_home(client_of, kasubsi, suggestion, target):
    # given a Kepala Subseksi marking a suggestion, with a `next` that leaves the site
    client = client_of(kasubsi)
    # when the form is sent
    response = _mark(client, suggestion, next=target)
    # then the browser goes to the home page, not elsewhere
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_open_redirect_in_the_query_string_goes_home_too(client_of, kasubsi, suggestion):
    response = client_of(kasubsi).post(
        f"/kantor/blitar/ikm/saran/{suggestion.pk}/pengaduan/?next=https://evil.example/")
    assert response["Location"] == "/"


def test_a_page_of_this_site_is_kept(client_of, kasubsi, suggestion):
    response = _mark(client_of(kasubsi), suggestion, next="/kantor/blitar/ikm/")
    assert response.status_code == 302
    assert response["Location"] == "/kantor/blitar/ikm/"


def test_without_next_the_suggestions_list_follows(client_of, kasubsi, suggestion):
    response = _mark(client_of(kasubsi), suggestion)
    assert response["Location"] == "/kantor/blitar/ikm/saran/"
