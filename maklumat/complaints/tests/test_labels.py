"""Labels, not codes: step codes, channels, statuses and categories read as words, in Indonesian and
in English, in the history, pages, PDFs and spreadsheets; the labels come from one table."""

import html
import re
from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from openpyxl import load_workbook

from maklumat.complaints import labels, services, workflow
from maklumat.complaints.tests.factories import category, open_complaint, team

WIB = ZoneInfo("Asia/Jakarta")
STEP_CODES = ["direct", "intake", "kasubsi_handle", "kasi_direct", "kasubsi_forward", "resolve"]


def visible_text(page: str) -> str:
    body = page[page.index("<main"):] if "<main" in page else page
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


@pytest.fixture
def people(pamekasan):
    return team(pamekasan)


@pytest.fixture
def directed(pamekasan, people):
    """A walk-in complaint that went officer → Kasubsi → Kasi and back."""
    complaint = open_complaint(pamekasan, people["petugas_yankomas"], at=datetime(2025, 1, 13, 9, tzinfo=WIB))
    for who, call in [("petugas_yankomas", "escalate"), ("kasubsi", "escalate"), ("kasi", "direct")]:
        step = complaint.steps.get(status="active").pk
        kwargs = {"actor": people[who], "complaint_id": complaint.pk, "step_id": step,
                  "now": datetime(2025, 1, 13, 10, tzinfo=WIB)}
        if call == "escalate":
            services.complaint_escalate(**kwargs, category=category("staff_conduct"))
        else:
            services.complaint_direct(**kwargs, direction="Tegur petugas")
    return complaint


def test_every_step_code_of_the_sops_has_a_title():
    assert set(workflow.BEHAVIOUR_OF_CODE) == set(labels.STEP_TITLES)
    assert set(labels.ACTION_LABELS) == set(workflow.ALL_ACTIONS)


def test_the_history_and_steps_show_titles_not_codes(client_of, people, directed):
    page = client_of(people["kasubsi"]).get(f"/kantor/pamekasan/pengaduan/{directed.tracking_code}/").content
    text = visible_text(page.decode())
    for code in STEP_CODES + ["walk_in", "staff_conduct", "True", "False"]:
        assert not re.search(rf"\b{code}\b", text), code
    assert "Arahan Kasi" in text and "Penanganan Kasubsi" in text and "Datang langsung (Pos Yankomas)" in text


def test_in_english_the_same_labels_are_translated(client_of, people, directed):
    client = client_of(people["kasubsi"])
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        assert str(labels.STEP_TITLES["kasi_direct"]) == "Kasi's direction"
    page = client.get(f"/kantor/pamekasan/pengaduan/{directed.tracking_code}/",
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    text = visible_text(page)
    assert "Kasi's direction" in text and "kasi_direct" not in text


def test_the_recap_spreadsheet_names_steps_channels_and_categories(client_of, people, directed):
    book = load_workbook(BytesIO(client_of(people["kasubsi"]).get(
        "/kantor/pamekasan/pengaduan/rekap/?bulan=2025-01&format=xlsx").content))
    cells = {str(cell) for row in book["Ringkasan"].iter_rows(values_only=True) for cell in row if cell is not None}
    cells |= {str(cell) for row in book["Pengaduan"].iter_rows(values_only=True) for cell in row if cell is not None}
    assert not cells & set(STEP_CODES + ["walk_in", "staff_conduct", "open", "True", "False"])
    assert {"Arahan Kasi", "Datang langsung (Pos Yankomas)", "Diproses"} <= cells


def test_an_unknown_step_code_falls_back_to_the_sops_own_activity():
    class Step:
        code = "verify_local"
        activity = "Petugas memverifikasi berkas pengaduan"

    assert labels.step_title(Step()) == "Petugas memverifikasi berkas pengaduan"
    assert labels.yes_no(True) == "Ya" and labels.yes_no(False) == "Tidak"
