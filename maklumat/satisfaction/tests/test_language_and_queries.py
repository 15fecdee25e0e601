"""English translation of the survey and period labels; query counts of the staff pages."""

from datetime import date

from maklumat.satisfaction.models import Channel
from maklumat.satisfaction.tests.factories import invite, make_response
from maklumat.standards.models import Service


def test_survey_speaks_english_after_the_switch(client, blitar):
    invitation = invite(blitar, Channel.QR)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(invitation.url).content.decode()
    assert "How polite and friendly were the officers?" in html
    assert "Very polite and friendly" in html


def test_dashboard_names_periods_in_the_active_language(client_of, kasubsi, blitar):
    make_response(blitar, date(2025, 8, 1))
    client = client_of(kasubsi)
    assert "Triwulan III 2025" in client.get("/kantor/blitar/ikm/?periode=2025").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/kantor/blitar/ikm/?periode=2025").content.decode()
    assert "Q3 2025" in html and "Very good" in html


def test_suggestions_page_query_count_does_not_grow_with_rows(client_of, kasubsi, blitar,
                                                               django_assert_max_num_queries):
    service = Service.objects.get(code="baru")
    for day in range(1, 21):
        make_response(blitar, date(2025, 3, day), service=service, suggestion=f"saran {day}",
                      marked_as_complaint=day % 2 == 0, complaint_marked_on=date(2025, 3, day))
    client = client_of(kasubsi)
    with django_assert_max_num_queries(12):
        response = client.get("/kantor/blitar/ikm/saran/?periode=2025-03")
    assert response.content.decode().count("saran ") >= 20


def test_dashboard_query_count_is_bounded(client_of, kasubsi, blitar, django_assert_max_num_queries):
    for month in range(1, 13):
        make_response(blitar, date(2025, month, 2), service=Service.objects.get(code="baru"))
    with django_assert_max_num_queries(40):
        assert client_of(kasubsi).get("/kantor/blitar/ikm/?periode=2025").status_code == 200


def test_tabs_show_only_what_the_role_may_open(client_of, officer, supervisor, blitar):
    counter = client_of(officer).get("/kantor/blitar/ikm/undangan/").content.decode()
    assert "/kantor/blitar/ikm/kios/" in counter and "/kantor/blitar/ikm/laporan/" not in counter
    overseer = client_of(supervisor).get("/kantor/blitar/ikm/?periode=2025").content.decode()
    assert "/kantor/blitar/ikm/laporan/" in overseer and "/kantor/blitar/ikm/kios/" not in overseer
