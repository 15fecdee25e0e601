"""Anonymous stays anonymous (issue 12, item 4): the letter scan names the sender, so of an anonymous or
confidential complaint only the complaint team may read it; others in reach get 404 (and no link)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile

from maklumat.accounts.roles import Role
from maklumat.complaints.tests.factories import open_complaint, team
from maklumat.conftest import make_user

SCAN = b"%PDF-1.4 surat dari Siti Rahma"


@pytest.fixture
def people(blitar):
    return {**team(blitar), "kanwil": make_user("kanwil.jatim", Role.SUPERVISOR_KANWIL, kanwil=blitar.kanwil),
            "national": make_user("pusat", Role.SUPERVISOR_NASIONAL)}


def letter(blitar, people, **flags):
    complaint = open_complaint(blitar, people["petugas_yankomas"], channel="letter",
                               at=datetime(2025, 5, 8, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")),
                               details={"letter_number": "470/1/2025",
                                        "letter_scan": ContentFile(SCAN, name="surat.pdf")}, **flags)
    return complaint, f"/kantor/blitar/pengaduan/{complaint.tracking_code}/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("flags", [{"anonymous": True}, {"confidential": True}])
def test_the_scan_of_an_anonymous_or_confidential_letter_is_404_outside_the_complaint_team(client_of, blitar,
                                                                                          people, flags):
    _, page = letter(blitar, people, **flags)
    answers = {who: client_of(people[who]).get(page + "surat/") for who in
               ("petugas_yankomas", "kasubsi", "kepala_kantor", "kanwil", "national")}
    assert {who: r.status_code for who, r in answers.items()} == {
        "petugas_yankomas": 200, "kasubsi": 200, "kepala_kantor": 200, "kanwil": 404, "national": 404}
    assert b"".join(answers["kasubsi"].streaming_content) == SCAN
    assert 'surat/"' not in client_of(people["kanwil"]).get(page).content.decode()
    assert 'surat/"' in client_of(people["kasubsi"]).get(page).content.decode()


def test_the_scan_of_an_ordinary_letter_stays_readable_by_supervisors(client_of, blitar, people):
    _, page = letter(blitar, people)
    assert client_of(people["kanwil"]).get(page + "surat/").status_code == 200
    assert 'surat/"' in client_of(people["kanwil"]).get(page).content.decode()
