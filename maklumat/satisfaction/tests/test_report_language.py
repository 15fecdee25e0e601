"""The IKM report PDF is in the reader's language throughout (issue 16 item 6): section titles, labels,
the decimal separator and the signature date follow the request's language, like the complaint recap."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.conf import settings
from django.utils import translation
from pypdf import PdfReader

from maklumat.satisfaction.periods import period_parse
from maklumat.satisfaction.report_pdf import render_report_pdf
from maklumat.satisfaction.tests.factories import make_response
from maklumat.satisfaction.views import report_context

pytestmark = pytest.mark.django_db

ENGLISH = ["PUBLIC SATISFACTION SURVEY REPORT", "I. Method", "II. Respondents' profile",
           "III. Average value per element and Public Satisfaction Index", "IV. Weakest elements",
           "V. Follow-up plan", "Minimum sample", "Population source", "IKM (converted value)", "Service quality",
           "Head of Office,", "Weighted NRR", "86.11"]
INDONESIAN = ["LAPORAN HASIL SURVEI", "Metode", "Profil Responden", "Nilai Rata-rata", "Unsur Terlemah",
              "Rencana Tindak Lanjut", "Sampel minimum", "Sumber populasi", "nilai konversi", "Mutu pelayanan",
              "Kepala Kantor", "tertimbang", "Jenis kelamin", "Pendidikan", "Belum ada", "Tahun 2025", "86,11"]


@pytest.fixture
def answered(blitar):
    make_response(blitar, date(2025, 2, 3), (4, 4, 3, 4, 4, 4, 4, 3, 4))
    make_response(blitar, date(2025, 8, 5), (3, 3, 2, 4, 3, 4, 4, 2, 3), age_group="30-39", sex="l")
    return blitar


def text_of(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages).split())


def _report(office, language: str) -> str:
    with translation.override(language):
        return text_of(render_report_pdf(report_context(office, period_parse("2025"))))


def test_the_ikm_report_in_english_has_english_titles_and_no_indonesian_labels(answered):
    text = _report(answered, "en")
    for label in ENGLISH:
        assert label in text, label
    for label in INDONESIAN:
        assert label not in text, label


def test_the_ikm_report_in_indonesian_keeps_the_indonesian_labels(answered):
    text = _report(answered, "id")
    for label in ["LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT", "I. Metode", "II. Profil Responden",
                  "IV. Unsur Terlemah (Prioritas Perbaikan)", "Sampel minimum", "IKM (nilai konversi)",
                  "Kepala Kantor,", "TAHUN 2025", "86,11"]:
        assert label in text, label
    for label in ENGLISH[:-1]:
        assert label not in text, label


def test_the_ikm_report_view_answers_in_the_request_language(client_of, kasubsi, answered):
    client = client_of(kasubsi)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = text_of(client.get("/kantor/blitar/ikm/laporan.pdf?periode=2025").content)
    assert "I. Method" in text and "Head of Office," in text
