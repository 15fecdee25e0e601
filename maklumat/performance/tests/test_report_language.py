"""The monthly Kinerja report card PDF is in the reader's language throughout (issue 16 item 6): labels,
trend words, numbers and the signature date follow the request's language, like the complaint recap."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from maklumat.accounts.roles import Role
from maklumat.conftest import make_user
from maklumat.performance import page_selectors
from maklumat.performance.page_params import Month
from maklumat.performance.report_pdf import render_report_card_pdf
from maklumat.performance.tests.page_data import october_at_blitar
from maklumat.performance.tests.test_reports import pdf_text

pytestmark = pytest.mark.django_db

ENGLISH = ["SERVICE PROMISE PERFORMANCE REPORT CARD", "I. Service promises", "II. Documents issued and yearly target",
           "III. Compensation and complaints", "IV. Public Satisfaction Index", "V. SOP steps (bottlenecks first)",
           "Documents issued this month", "Target for 2025", "Head of Office,", "On time", "Last month"]
INDONESIAN = ["RAPOR KINERJA", "Janji layanan", "Dokumen terbit", "Kompensasi dan pengaduan", "Indeks Kepuasan",
              "Langkah SOP", "Kepala Kantor", "Tepat waktu", "Bulan lalu", "Dihitung per", "Target tahun",
              "Oktober"]


def text_of(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages).split())


def _card(office, language: str) -> bytes:
    with translation.override(language):
        card = page_selectors.report_card(office, month=Month(2025, 10), as_of=timezone.now())
        return render_report_card_pdf(card)


def test_the_report_card_in_english_has_english_labels_and_no_indonesian_ones(blitar):
    october_at_blitar(blitar)
    text = text_of(_card(blitar, "en"))
    for label in ENGLISH:
        assert label in text, label
    for label in INDONESIAN:
        assert label not in text, label
    assert "66.7 %" in text and "OCTOBER 2025" in text


def test_the_report_card_in_indonesian_keeps_the_indonesian_labels(blitar):
    october_at_blitar(blitar)
    text = text_of(_card(blitar, "id"))
    for label in ["RAPOR KINERJA MAKLUMAT PELAYANAN — OKTOBER 2025", "I. Janji layanan", "Dokumen terbit bulan ini",
                  "Target tahun 2025", "Kepala Kantor,", "66,7 %"]:
        assert label in text, label
    for label in ENGLISH:
        assert label not in text, label


def test_the_report_card_view_answers_in_the_request_language(client, blitar):
    october_at_blitar(blitar)
    client.force_login(make_user("kasi.blitar", Role.KASI, office=blitar))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    url = reverse("performance:report", args=["blitar"]) + "?bulan=2025-10&format=pdf"
    response = client.get(url)
    assert response.status_code == 200
    assert "I. Service promises" in pdf_text(response.content)
