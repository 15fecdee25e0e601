"""Complaint lists and recaps make the same number of queries with N and 3N complaints and offices;
the API list is paginated (``limit``/``offset``, ``X-Total-Count``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maklumat.accounts.roles import Role
from maklumat.complaints.recap import recap_for, recaps_for
from maklumat.complaints.rollup import kanwil_rollup
from maklumat.complaints.tests.factories import open_complaint, team
from maklumat.conftest import make_user
from maklumat.offices.models import Office

WIB = ZoneInfo("Asia/Jakarta")
JAN = datetime(2025, 1, 6, 9, tzinfo=WIB)


@pytest.fixture
def people(pamekasan):
    return team(pamekasan)


def _open(office, actor, n: int, first: int = 0) -> None:
    for i in range(first, first + n):
        open_complaint(office, actor, at=JAN + timedelta(hours=i), subject=f"Keluhan nomor {i:03d}")


def _queries(client, url, params=None) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content[:300]
    return len(queries.captured_queries), response


def test_the_api_list_is_paginated_with_the_total_in_a_header(client_of, pamekasan, people):
    _open(pamekasan, people["petugas_yankomas"], 5)
    client = client_of(people["petugas_yankomas"])
    url = "/api/v1/offices/pamekasan/complaints"
    first = client.get(url, {"limit": 2})
    second = client.get(url, {"limit": 2, "offset": 2})
    rest = client.get(url, {"limit": 2, "offset": 4})
    assert first["X-Total-Count"] == "5"
    codes = [r["tracking_code"] for page in (first, second, rest) for r in page.json()]
    assert len(codes) == len(set(codes)) == 5
    assert len(client.get(url).json()) == 5  # default limit 50
    assert client.get(url, {"limit": 0}).status_code == 422
    assert client.get(url, {"limit": 201}).status_code == 422
    assert client.get(url, {"offset": -1}).status_code == 422


def test_the_api_list_makes_the_same_number_of_queries_with_three_times_the_complaints(client_of, pamekasan,
                                                                                       people):
    client = client_of(people["petugas_yankomas"])
    url = "/api/v1/offices/pamekasan/complaints"
    _open(pamekasan, people["petugas_yankomas"], 2)
    client.get(url)
    small, _ = _queries(client, url)
    _open(pamekasan, people["petugas_yankomas"], 4, first=2)
    large, response = _queries(client, url)
    assert len(response.json()) == 6
    assert large == small


def test_the_office_recap_page_makes_the_same_number_of_queries_with_three_times_the_complaints(
        client_of, pamekasan, people):
    client = client_of(people["kasubsi"])
    url = "/kantor/pamekasan/pengaduan/rekap/"
    _open(pamekasan, people["petugas_yankomas"], 2)
    client.get(url, {"bulan": "2025-01"})
    small, _ = _queries(client, url, {"bulan": "2025-01"})
    _open(pamekasan, people["petugas_yankomas"], 4, first=2)
    assert _queries(client, url, {"bulan": "2025-01"})[0] == small


def _extra_offices(pamekasan, n: int, start: int = 0) -> list[Office]:
    offices = []
    for i in range(start, start + n):
        office = Office.objects.create(code=f"uji-{i}", name=f"Kantor Uji {i}", office_class=pamekasan.office_class,
                                       kanwil=pamekasan.kanwil, time_zone=pamekasan.time_zone, city="Uji")
        _open(office, make_user(f"yankomas.uji{i}", Role.PETUGAS_YANKOMAS, office=office), 2)
        offices.append(office)
    return offices


def test_the_kanwil_recap_makes_the_same_number_of_queries_with_three_times_the_offices(client, pamekasan, people):
    client.force_login(make_user("kanwil.jatim", Role.SUPERVISOR_KANWIL, kanwil=pamekasan.kanwil))
    url = "/kanwil/jawa-timur/pengaduan/rekap/"
    _open(pamekasan, people["petugas_yankomas"], 2)
    _extra_offices(pamekasan, 1)
    client.get(url, {"bulan": "2025-01"})
    small, _ = _queries(client, url, {"bulan": "2025-01"})
    _extra_offices(pamekasan, 4, start=1)
    large, response = _queries(client, url, {"bulan": "2025-01"})
    assert "Kantor Uji 4" in response.content.decode()
    assert large == small


def test_recaps_of_many_offices_at_once_equal_each_office_alone(pamekasan, blitar, balikpapan, people):
    _open(pamekasan, people["petugas_yankomas"], 3)
    _open(balikpapan, make_user("yankomas.bpn", Role.PETUGAS_YANKOMAS, office=balikpapan), 2)
    now = datetime(2025, 1, 20, 12, tzinfo=WIB)
    together = recaps_for(offices=[pamekasan, blitar, balikpapan], year=2025, month=1, now=now)
    for office in (pamekasan, blitar, balikpapan):
        alone = recap_for(office=office, year=2025, month=1, now=now)
        assert together[office.pk].totals() == alone.totals()
        assert [c.pk for c in together[office.pk].complaints] == [c.pk for c in alone.complaints]
    rows, totals = kanwil_rollup(offices=[pamekasan, balikpapan], year=2025, month=1, now=now)
    assert totals["total"] == 5
