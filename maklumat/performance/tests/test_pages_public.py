"""The public monthly report card on an office's standards page: aggregates only, no personal data."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from maklumat.performance.tests.page_data import october_at_blitar

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def november_2025(monkeypatch):
    """The page shows the last full month: pretend it is 10 November 2025 in Blitar."""
    moment = datetime(2025, 11, 10, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)


def test_public_card_shows_last_full_month_rates(client, blitar, november_2025):
    october_at_blitar(blitar)
    html = client.get(reverse("portal:office_standards", args=["blitar"])).content.decode()
    card = html[html.index('id="rapor-kinerja"'):]
    card = card[:card.index("</section>")]
    assert "Rapor kinerja Oktober 2025" in card
    assert "66,7 %" in card and "2 dari 3 tepat waktu" in card  # payment
    assert "1 dari 2 tepat waktu" in card  # allocation, completion, pickup, biometric wait


def test_public_card_shows_no_personal_data(client, blitar, november_2025):
    october_at_blitar(blitar)
    html = client.get(reverse("portal:office_standards", args=["blitar"])).content.decode()
    for personal in ("Sri Wahyuni", "Agus Santoso", "Dewi Lestari", "BLT-001", "BLT-002", "BLT-003",
                     "3505014102900001", "081234567890", "/permohonan/"):
        assert personal not in html


def test_public_card_of_an_office_without_data_shows_dashes(client, blitar, november_2025):
    response = client.get(reverse("portal:office_standards", args=["blitar"]))
    assert response.status_code == 200
    assert "Rapor kinerja Oktober 2025" in response.content.decode()


def test_public_card_is_computed_once_per_office_and_month(client, blitar, november_2025):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("portal:office_standards", args=["blitar"])
    with CaptureQueriesContext(connection) as first:
        client.get(url)  # the card is computed and cached
    with CaptureQueriesContext(connection) as second:
        assert "Rapor kinerja Oktober 2025" in client.get(url).content.decode()
    # The second load is the standards page, the rate-limit counter and one cache read: the card's
    # own queries (about 18) are not made again.
    assert len(first) - len(second) >= 15, (len(first), len(second))
