"""The office page "Kinerja Maklumat": exact figures for a known month, roles, bad parameters."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from maklumat.accounts.roles import Role
from maklumat.conftest import make_user
from maklumat.performance.tests.page_data import PERIOD, october_at_blitar

pytestmark = pytest.mark.django_db


@pytest.fixture
def kasi(blitar):
    return make_user("kasi.blitar", Role.KASI, office=blitar)


@pytest.fixture
def october(blitar):
    october_at_blitar(blitar)


def _promise_row(html: str, code: str) -> list[str]:
    row = re.search(rf'<tr data-promise="{code}">(.*?)</tr>', html, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)][:7]


def test_office_page_shows_each_promise_with_its_exact_counts(client_of, kasi, october):
    response = client_of(kasi).get(reverse("performance:office", args=["blitar"]) + PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    assert _promise_row(html, "payment") == ["Pembayaran PNBP setelah kode billing", "66,7 %", "3", "2", "0", "0", "1"]
    assert _promise_row(html, "allocation")[1:] == ["50,0 %", "2", "1", "1", "0", "0"]
    assert _promise_row(html, "completion")[1:] == ["50,0 %", "2", "1", "1", "0", "0"]
    assert _promise_row(html, "pickup")[1:] == ["50,0 %", "2", "1", "0", "0", "1"]
    assert _promise_row(html, "biometric_wait")[1:] == ["50,0 %", "2", "1", "1", "0", "0"]


def test_every_promise_count_links_to_the_applications_behind_it(client_of, kasi, october):
    html = client_of(kasi).get(reverse("performance:office", args=["blitar"]) + PERIOD).content.decode()
    link = "/kantor/blitar/kinerja/janji/payment/?dari=2025-10-01&amp;sampai=2025-10-31&amp;status=overdue"
    assert f'<a href="{link}">1</a>' in html
    rows = client_of(kasi).get(link.replace("&amp;", "&")).content.decode()
    assert re.findall(r'/kantor/blitar/permohonan/([\w-]+)/', rows) == ["BLT-003"]


def test_promise_rows_list_the_late_allocations_only(client_of, kasi, october):
    url = reverse("performance:promise_rows", args=["blitar", "allocation"]) + PERIOD + "&status=late"
    html = client_of(kasi).get(url).content.decode()
    assert re.findall(r'/kantor/blitar/permohonan/([\w-]+)/', html) == ["BLT-002"]
    assert "09-10-2025 10.00" in html  # kept, in office time (WIB)


def test_office_page_shows_overall_rate_and_documents_issued(client_of, kasi, october):
    html = client_of(kasi).get(reverse("performance:office", args=["blitar"]) + PERIOD).content.decode()
    assert "6 dari 11 jatuh tempo" in html
    assert re.search(r'/kantor/blitar/permohonan/">1</a>', html)


def test_bad_dari_is_a_400_naming_the_field(client_of, kasi):
    response = client_of(kasi).get(reverse("performance:office", args=["blitar"]) + "?dari=2025-13-40")
    assert response.status_code == 400
    assert "“dari”" in response.content.decode()


def test_sampai_before_dari_is_a_400_naming_sampai(client_of, kasi):
    url = reverse("performance:office", args=["blitar"]) + "?dari=2025-10-02&sampai=2025-10-01"
    response = client_of(kasi).get(url)
    assert response.status_code == 400
    assert "“sampai”" in response.content.decode()


@pytest.mark.parametrize(("who", "status"), [
    ("kasi", 200), ("kepala", 200), ("supervisor", 200), ("national", 200),
    ("officer", 403), ("kasubsi", 403), ("outsider", 404),
])
def test_office_page_role_matrix(client_of, blitar, balikpapan, supervisor, national, officer, kasubsi, outsider,
                                 kasi, who, status):
    people = {"kasi": kasi, "kepala": make_user("kakan.blitar", Role.KEPALA_KANTOR, office=blitar),
              "supervisor": supervisor, "national": national, "officer": officer, "kasubsi": kasubsi,
              "outsider": outsider}
    response = client_of(people[who]).get(reverse("performance:office", args=["blitar"]))
    assert response.status_code == status


def test_office_of_another_kanwil_is_404_for_a_kanwil_supervisor(client_of, supervisor, balikpapan):
    assert client_of(supervisor).get(reverse("performance:office", args=["balikpapan"])).status_code == 404


def test_monthly_figures_add_up_to_the_period_figures(blitar, october):
    from django.utils import timezone

    from maklumat.performance.page_selectors import months_of
    from maklumat.performance.selectors import office_kinerja

    start, end, now = date(2025, 9, 15), date(2025, 11, 15), timezone.now()
    months = months_of(blitar, start=start, end=end, as_of=now)
    period = office_kinerja(blitar, start=start, end=end, as_of=now)
    assert [m.month.key for m in months] == ["2025-09", "2025-10", "2025-11"]
    for row in period["promises"]:
        statuses = ("met", "late", "open", "overdue")
        summed = [sum(getattr(m.counts[row["code"]], key) for m in months) for key in statuses]
        assert summed == [row["met"], row["late"], row["open"], row["overdue"]]
    assert [m.documents for m in months] == [0, 1, 0] and period["documents_issued"] == 1


def test_office_page_speaks_english_when_asked(client_of, kasi, october):
    client = client_of(kasi)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("performance:office", args=["blitar"]) + PERIOD).content.decode()
    assert "Maklumat performance" in html and "Service promises: on time" in html
    assert "Kinerja Maklumat" not in html


def test_rows_behind_a_figure_come_a_hundred_a_page(client_of, kasi, blitar):
    from maklumat.performance.tests.page_data import _application, at

    for number in range(101):
        _application(blitar, f"BLT-1{number:03d}", "Pemohon", {"billing_issued": at(2025, 10, 6, 9, 0)})
    url = reverse("performance:promise_rows", args=["blitar", "payment"]) + PERIOD + "&status=overdue"
    first = client_of(kasi).get(url).content.decode()
    second = client_of(kasi).get(url + "&halaman=2").content.decode()
    assert len(re.findall(r'href="/kantor/blitar/permohonan/BLT-1\d{3}/"', first)) == 100
    assert re.findall(r'href="/kantor/blitar/permohonan/(BLT-1\d{3})/"', second) == ["BLT-1100"]
    assert "101 permohonan" in first and "Halaman 1 dari 2" in first


def test_each_step_count_links_to_the_measured_steps_behind_it(client_of, kasi, october):
    html = client_of(kasi).get(reverse("performance:office", args=["blitar"]) + PERIOD).content.decode()
    link = "/kantor/blitar/kinerja/langkah/?dari=2025-10-01&amp;sampai=2025-10-31&amp;langkah=biometric"
    assert f'<a href="{link}">2</a>' in html
    rows = client_of(kasi).get(link.replace("&amp;", "&")).content.decode()
    # Longest first: BLT-002 took 60 minutes, BLT-001 10 minutes.
    assert re.findall(r'/kantor/blitar/permohonan/([\w-]+)/', rows) == ["BLT-002", "BLT-001"]
    assert "60 mnt" in rows and "10 mnt" in rows


@pytest.mark.parametrize(("query", "field"), [("&langkah=nowhere", "langkah"), ("&petugas=x1", "petugas")])
def test_step_rows_refuse_a_bad_filter_naming_it(client_of, kasi, october, query, field):
    response = client_of(kasi).get(reverse("performance:step_rows", args=["blitar"]) + PERIOD + query)
    assert response.status_code == 400
    assert field in response.content.decode()
