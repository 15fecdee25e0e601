"""Kanwil and national league tables: exact figures, trend against the month before, roles, XLSX."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from maklumat.accounts.roles import Role
from maklumat.conftest import make_user
from maklumat.performance.tests.page_data import _application, at, october_at_blitar

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(blitar, pamekasan):
    october_at_blitar(blitar)
    # Pamekasan: September 1 of 3 promises kept (allocation late, never ready); October 4 of 4.
    _application(pamekasan, "PMK-001", "Siti Aminah", {
        "billing_issued": at(2025, 9, 8, 9, 0), "payment": at(2025, 9, 8, 10, 0), "allocation": at(2025, 9, 12, 10, 0)})
    _application(pamekasan, "PMK-002", "Rina Marlina", {
        "billing_issued": at(2025, 10, 8, 9, 0), "payment": at(2025, 10, 8, 10, 0),
        "allocation": at(2025, 10, 9, 10, 0), "ready": at(2025, 10, 10, 10, 0), "handover": at(2025, 10, 13, 10, 0)})


def _row(html: str, code: str) -> str:
    return re.search(rf'<tr data-office="{code}">(.*?)</tr>', html, re.S).group(1)


def _text(fragment: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", fragment).split())


def test_kanwil_table_ranks_offices_with_trend_and_drill_down(client_of, supervisor, seeded):
    url = reverse("performance:kanwil", args=[supervisor.kanwil.code]) + "?bulan=2025-10"
    response = client_of(supervisor).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    offices = re.findall(r'<tr data-office="([\w-]+)">', html)
    assert offices[:2] == ["pamekasan", "blitar"]  # 100 % (4 of 4) before 54,5 % (6 of 11)
    pamekasan = _row(html, "pamekasan")
    assert _text(pamekasan).startswith("1 Kanim Kelas II Non TPI Pamekasan 100,0 % ▲")
    assert '/kantor/pamekasan/kinerja/?dari=2025-10-01&amp;sampai=2025-10-31' in pamekasan
    assert _text(_row(html, "blitar")).startswith("2 Kanim Kelas II Non TPI Blitar 54,5 % 66,7 % #2")


def test_kanwil_totals_add_up_the_offices(client_of, supervisor, seeded):
    html = client_of(supervisor).get(reverse("performance:kanwil", args=[supervisor.kanwil.code])
                                     + "?bulan=2025-10").content.decode()
    totals = _text(re.search(r'<div class="kin-summary" id="totals">(.*?)</div>', html, re.S).group(1))
    assert "10 dari 15 jatuh tempo" in totals  # Blitar 6/11 + Pamekasan 4/4
    assert "66,7 %" in totals


def test_national_table_lists_every_office_with_its_kanwil(client_of, national, seeded):
    html = client_of(national).get(reverse("performance:national") + "?bulan=2025-10").content.decode()
    assert re.findall(r'<tr data-office="([\w-]+)">', html)[:2] == ["pamekasan", "blitar"]
    assert "/kanwil/" in _row(html, "blitar")


def test_league_xlsx_holds_the_rates_as_numbers(client_of, supervisor, seeded):
    url = reverse("performance:kanwil", args=[supervisor.kanwil.code]) + "?bulan=2025-10&format=xlsx"
    response = client_of(supervisor).get(url)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["Peringkat"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=4, values_only=True) if row[1]}
    blitar = next(row for name, row in rows.items() if "Blitar" in name)
    assert blitar[0] == 2 and blitar[3] == pytest.approx(0.5455)
    assert rows["Jumlah"][3] == pytest.approx(round(10 / 15, 4))


def test_bad_bulan_is_a_400_naming_the_field(client_of, supervisor):
    response = client_of(supervisor).get(reverse("performance:kanwil", args=[supervisor.kanwil.code])
                                         + "?bulan=2025-13")
    assert response.status_code == 400
    assert "“bulan”" in response.content.decode()


@pytest.mark.parametrize(("who", "kanwil_status", "national_status"), [
    ("supervisor", 200, 403), ("national", 200, 200), ("kasi", 404, 403), ("officer", 404, 403),
])
def test_league_role_matrix(client_of, blitar, supervisor, national, officer, who, kanwil_status, national_status):
    people = {"supervisor": supervisor, "national": national, "officer": officer,
              "kasi": make_user("kasi.blitar", Role.KASI, office=blitar)}
    client = client_of(people[who])
    assert client.get(reverse("performance:kanwil", args=[blitar.kanwil.code])).status_code == kanwil_status
    assert client.get(reverse("performance:national")).status_code == national_status


def test_kanwil_outside_reach_is_404(client_of, supervisor, balikpapan):
    assert client_of(supervisor).get(reverse("performance:kanwil", args=[balikpapan.kanwil.code])).status_code == 404


def test_office_page_leads_supervisors_back_to_their_tables(client_of, supervisor, national, blitar):
    url = reverse("performance:office", args=["blitar"])
    kanwil_link = f'href="/kanwil/{blitar.kanwil.code}/kinerja/"'
    assert kanwil_link in client_of(supervisor).get(url).content.decode()
    html = client_of(national).get(url).content.decode()
    assert kanwil_link in html and 'href="/kinerja/nasional/"' in html
