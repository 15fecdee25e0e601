"""Public pages, the dashboard, language switch and rate limiting."""

from django.core.cache import cache
from django.test import override_settings


def test_home_lists_the_four_offices_with_links_to_their_standards(client, reference_data):
    html = client.get("/").content.decode()
    for code in ["blitar", "muara-enim", "pamekasan", "balikpapan"]:
        assert f"/kantor/{code}/standar/" in html
    assert "Kantor Wilayah Kalimantan Timur" in html


def test_standards_page_shows_sop_steps_norms_and_hours(client, reference_data):
    html = client.get("/kantor/pamekasan/standar/").content.decode()
    assert "Duta layanan menerima pelapor" in html
    assert "Penerbitan paspor" in html
    assert "07.30–16.30 WIB" in html  # Friday hours


def test_standards_page_of_a_wita_office_says_wita(client, reference_data):
    assert "07.30–16.00 WITA" in client.get("/kantor/balikpapan/standar/").content.decode()


def test_unknown_office_is_404(client, reference_data):
    assert client.get("/kantor/atlantis/standar/").status_code == 404


def test_page_is_indonesian_even_for_an_english_browser(client, reference_data):
    response = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response["Content-Language"] == "id"
    assert "Kantor imigrasi" in response.content.decode()


def test_language_switch_turns_the_page_english(client, reference_data):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/kantor/blitar/standar/")
    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert "Receive the application and check" in html and "Service hours" in html


def test_dashboard_requires_login(client, reference_data):
    response = client.get("/dasbor/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_dashboard_lists_only_offices_in_reach(client_of, supervisor):
    html = client_of(supervisor).get("/dasbor/").content.decode()
    assert "Pamekasan" in html and "Blitar" in html and "Balikpapan" not in html


@override_settings(PUBLIC_RATE_LIMIT=3)
def test_public_pages_are_rate_limited_for_anonymous_clients(client, reference_data):
    cache.clear()
    statuses = [client.get("/kantor/blitar/standar/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    cache.clear()


def test_admin_needs_staff(client_of, officer):
    assert client_of(officer).get("/admin/").status_code == 302


def test_public_standards_pages_name_no_internal_document_and_no_other_offices_number(client, reference_data):
    for code in ["blitar", "pamekasan", "balikpapan", "muara-enim", "jayapura"]:
        html = client.get(f"/kantor/{code}/standar/").content.decode()
        assert "seed" not in html.lower()
        assert "nomor belum diisi" not in html  # the public sees nothing where the number is missing
        assert ("W.6.IMI.IMI.2.GR.04.02-1275" in html) is (code == "muara-enim")


def test_staff_of_the_office_see_that_the_sop_number_is_still_to_be_filled_in(client_of, officer, outsider):
    assert "nomor belum diisi" in client_of(officer).get("/kantor/blitar/standar/").content.decode()
    # Staff of another office see the public page.
    assert "nomor belum diisi" not in client_of(outsider).get("/kantor/blitar/standar/").content.decode()
