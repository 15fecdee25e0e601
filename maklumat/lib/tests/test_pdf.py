"""The shared building blocks of official PDFs: the office's own date, lines to fill in by hand."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils.translation import override
from reportlab.platypus import Paragraph

from maklumat.lib.pdf import BLANK_DATE, BLANK_NAME, BLANK_NIP, letterhead, signature_block, written_date


def texts(flowables) -> list[str]:
    found = []
    for item in flowables:
        if isinstance(item, Paragraph):
            found.append(item.getPlainText())
        for attribute in ("_content", "_cellvalues"):
            inner = getattr(item, attribute, None)
            if inner:
                for row in inner:
                    found += texts(row if isinstance(row, list | tuple) else [row])
        if isinstance(item, list | tuple):
            found += texts(item)
    return found


def test_the_signing_date_is_the_offices_date_in_the_readers_language(jayapura):
    # 16:30 UTC on 7 May is already 8 May 01:30 in Jayapura (WIT)
    moment = datetime(2025, 5, 7, 16, 30, tzinfo=ZoneInfo("UTC"))
    with override("id"):
        assert written_date(jayapura, moment) == "8 Mei 2025"
    with override("en"):
        assert written_date(jayapura, moment) == "8 May 2025"
    assert written_date(jayapura, None) == BLANK_DATE


def test_a_signature_without_a_name_on_file_leaves_lines_to_sign_and_fill_in(jayapura):
    with override("id"):
        block = signature_block(jayapura, role="Kepala Kantor,", when=None, width=500, left_role="Pelapor,")
    found = texts([block])
    assert f"Jayapura, {BLANK_DATE}" in found and "Kepala Kantor," in found and "Pelapor," in found
    assert found.count(BLANK_NAME) == 2 and f"NIP. {BLANK_NIP}" in found


def test_the_letterhead_names_ministry_directorate_kanwil_office_and_address(blitar):
    found = texts(letterhead(blitar))
    assert found[:4] == ["KEMENTERIAN IMIGRASI DAN PEMASYARAKATAN REPUBLIK INDONESIA", "DIREKTORAT JENDERAL IMIGRASI",
                         "KANTOR WILAYAH JAWA TIMUR", "KANTOR IMIGRASI KELAS II NON TPI BLITAR"]
    assert found[4].startswith("Kota Blitar, Jawa Timur")
