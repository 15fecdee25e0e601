"""The office page's "at risk now" list and its yearly document target form."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from maklumat.accounts.roles import Role
from maklumat.audit.models import AuditEntry
from maklumat.conftest import make_user
from maklumat.performance.models import DocumentTarget
from maklumat.performance.tests.page_data import _application, at, october_at_blitar

pytestmark = pytest.mark.django_db


@pytest.fixture
def kasi(blitar):
    return make_user("kasi.blitar", Role.KASI, office=blitar)


@pytest.fixture
def wednesday_10am(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: at(2025, 10, 8, 10, 0))


def test_at_risk_lists_the_long_wait_and_the_allocation_due_today(client_of, kasi, blitar, wednesday_10am):
    _application(blitar, "BLT-010", "Wati", {"biometric_ticket": at(2025, 10, 8, 8, 10)})
    _application(blitar, "BLT-011", "Yanto", {"billing_issued": at(2025, 10, 6, 10, 0),
                                              "payment": at(2025, 10, 6, 11, 0)})
    html = client_of(kasi).get(reverse("performance:office", args=["blitar"])).content.decode()
    section = html[html.index('id="berisiko"'):]
    section = section[:section.index("</section>")]
    rows = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in re.findall(r"<tr>(.*?)</tr>", section, re.S)]
    assert rows[1:] == [
        "BLT-010 Menunggu biometrik 110 menit (peringatan 105, batas 120) tiket 08.10",
        "BLT-011 Alokasi paspor jatuh tempo hari ini tenggat 08-10-2025 24.00",
    ]
    assert '<a href="/kantor/blitar/permohonan/BLT-010/">BLT-010</a>' in section


def test_kasi_sets_the_yearly_target_and_it_is_audited(client_of, kasi, blitar):
    response = client_of(kasi).post(reverse("performance:target_set", args=["blitar"]),
                                    {"year": "2025", "target": "27053"})
    assert response.status_code == 302
    assert DocumentTarget.objects.get(office=blitar, year=2025).documents == 27053
    assert AuditEntry.objects.filter(action="performance.target_set").count() == 1


def test_documents_issued_read_against_the_target(client_of, kasi, blitar):
    october_at_blitar(blitar)
    client_of(kasi).post(reverse("performance:target_set", args=["blitar"]), {"year": "2025", "target": "1200"})
    html = client_of(kasi).get(reverse("performance:office", args=["blitar"])
                               + "?dari=2025-10-01&sampai=2025-10-31").content.decode()
    assert "Target 2025: 1.200 dokumen perjalanan; terbit dalam periode ini: 1." in html
    assert "0,08 % dari target tahun 2025" in html


def test_a_bad_target_is_refused_with_a_message_and_nothing_stored(client_of, kasi, blitar):
    response = client_of(kasi).post(reverse("performance:target_set", args=["blitar"]),
                                    {"year": "2025", "target": "-5"}, follow=True)
    assert "Target harus bilangan bulat" in response.content.decode()
    response = client_of(kasi).post(reverse("performance:target_set", args=["blitar"]),
                                    {"year": "dua ribu", "target": "5"}, follow=True)
    assert "harus berupa bilangan bulat" in response.content.decode()
    assert not DocumentTarget.objects.filter(office=blitar, year=2025).exists()


def test_only_kasi_and_kepala_kantor_may_set_the_target(client_of, kasubsi, supervisor, outsider, blitar):
    url = reverse("performance:target_set", args=["blitar"])
    assert client_of(kasubsi).post(url, {"year": "2025", "target": "1"}).status_code == 403
    assert client_of(supervisor).post(url, {"year": "2025", "target": "1"}).status_code == 403
    assert client_of(outsider).post(url, {"year": "2025", "target": "1"}).status_code == 404
    assert not DocumentTarget.objects.filter(year=2025).exists()


def test_the_target_form_shows_only_to_those_who_may_set_it(client_of, kasi, supervisor):
    url = reverse("performance:office", args=["blitar"])
    assert 'name="target"' in client_of(kasi).get(url).content.decode()
    assert 'name="target"' not in client_of(supervisor).get(url).content.decode()


def test_setting_next_years_target_returns_to_the_page(client_of, kasi, blitar):
    next_year = blitar.local_date().year + 1
    response = client_of(kasi).post(reverse("performance:target_set", args=["blitar"]),
                                    {"year": str(next_year), "target": "30000"}, follow=True)
    assert response.status_code == 200
    assert DocumentTarget.objects.get(office=blitar, year=next_year).documents == 30000
