"""`maklumat complaints import-lapor`: SP4N-LAPOR! forwards keep their tracking ID; atomic, idempotent,
``line N: field: reason`` and exit 2 on bad input (README "SP4N-LAPOR! import")."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook

from maklumat.audit.models import AuditEntry
from maklumat.complaints.models import Channel, Complaint
from maklumat.conftest import run_command

HEADER = ("ID Tracking,Tanggal Laporan,Judul,Isi Laporan,Kategori,Tanggal Kejadian,Lokasi Kejadian,Anonim,"
          "Rahasia,Nama Pelapor,Telepon,Surel,Nomor Permohonan")
GOOD = [
    "5123401,2025-05-06 10:15,Antrean lama,Menunggu empat jam di ruang biometrik.,service_delay,2025-05-05,"
    "Ruang biometrik,Tidak,Tidak,Rina Wati,081234567890,rina@example.test,",
    "5123402,2025-05-07 08:00,Pungli,Ada yang meminta uang agar cepat.,Calo atau pungutan liar,,Parkiran,Ya,Ya,,,,",
]


def write(tmp_path, lines, name="lapor.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return str(path)


def test_forwarded_reports_open_lapor_complaints_that_keep_their_tracking_id(blitar, tmp_path):
    code, out, err = run_command("complaints", ["import-lapor", "--office", "blitar", "--input",
                                                write(tmp_path, GOOD)])
    assert (code, err) == (0, "")
    assert "2 pengaduan baru, 0 sudah ada" in out
    first, second = Complaint.objects.order_by("lapor_tracking_id")
    assert (first.channel, first.lapor_tracking_id, first.office, first.category.code) == (
        Channel.LAPOR, "5123401", blitar, "service_delay")
    assert first.received_at == datetime(2025, 5, 6, 10, 15, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert (first.reporter_name, str(first.incident_on), first.incident_place) == (
        "Rina Wati", "2025-05-05", "Ruang biometrik")
    assert (second.anonymous, second.confidential, second.category.code) == (True, True, "broker_levy")
    assert AuditEntry.objects.filter(action="complaint.import_lapor").count() == 1


def test_importing_the_same_export_again_adds_nothing_and_a_later_one_only_its_new_rows(blitar, tmp_path):
    path = write(tmp_path, GOOD)
    run_command("complaints", ["import-lapor", "--office", "blitar", "--input", path])
    code, out, _ = run_command("complaints", ["import-lapor", "--office", "blitar", "--input", path])
    assert (code, Complaint.objects.count()) == (0, 2) and "0 pengaduan baru, 2 sudah ada" in out
    later = write(tmp_path, [*GOOD, "5123403,2025-05-08 09:00,Data salah,Nama di paspor salah eja.,data_error,,,"
                                    "Tidak,Tidak,Budi,,budi@example.test,"], name="later.csv")
    code, out, _ = run_command("complaints", ["import-lapor", "--office", "blitar", "--input", later])
    assert (code, Complaint.objects.count()) == (0, 3) and "1 pengaduan baru, 2 sudah ada" in out


def test_one_bad_row_stores_nothing_and_every_problem_is_named_by_line_and_field(blitar, tmp_path):
    bad = [
        GOOD[0],
        "5123402,06/05/2025,Judul,Isi,,,,Tidak,Tidak,,,,",  # date in the wrong format
        ",2025-05-07 08:00,,Isi,tidak-ada,2025-13-01,,Mungkin,Tidak,,,,",  # no ID, no title, bad category/date/flag
        "5123401,2025-05-07 08:00,Ulang,ID yang sama dua kali.,,,,Tidak,Tidak,,,,",
        "5123405,2025-05-07 08:00,Permohonan,Nomor permohonan orang lain.,,,,Tidak,Tidak,,,,BPN-0000-XYZ",
    ]
    code, out, err = run_command("complaints", ["import-lapor", "--office", "blitar", "--input", write(tmp_path, bad)])
    assert (code, out, Complaint.objects.count()) == (2, "", 0)
    assert err.splitlines() == [
        "line 3: tanggal laporan: expected YYYY-MM-DD HH:MM",
        "line 4: id tracking: required",
        "line 4: judul: required",
        "line 4: tanggal kejadian: expected YYYY-MM-DD",
        "line 4: anonim: expected Ya or Tidak",
        "line 4: kategori: unknown category 'tidak-ada'",
        "line 5: id tracking: repeats line 2",
        "line 6: nomor permohonan: no such application at this office",
    ]


def test_a_row_the_service_refuses_rolls_back_the_rows_before_it(blitar, tmp_path):
    future = "5123409,2031-01-01 08:00,Masa depan,Laporan dari masa depan.,,,,Tidak,Tidak,,,,"
    code, _, err = run_command("complaints", ["import-lapor", "--office", "blitar", "--input",
                                              write(tmp_path, [GOOD[0], future])])
    assert code == 2 and err.startswith("line 3: tanggal laporan: ")
    assert Complaint.objects.count() == 0


@pytest.mark.parametrize(("args", "message"), [
    (["--office", "atlantis", "--input", "x.csv"], "line 0: office: unknown office code 'atlantis'"),
    (["--office", "blitar", "--input", "/nonexistent/lapor.csv"],
     "line 0: input: /nonexistent/lapor.csv is not a file"),
])
def test_unknown_office_or_missing_file_is_exit_2(blitar, args, message):
    code, _, err = run_command("complaints", ["import-lapor", *args])
    assert (code, err.strip()) == (2, message)


def test_a_file_without_the_required_columns_or_not_utf8_is_refused(blitar, tmp_path):
    headless = tmp_path / "a.csv"
    headless.write_text("Nomor,Isi\n1,2\n", encoding="utf-8")
    latin = tmp_path / "b.csv"
    latin.write_bytes((HEADER + "\n5123401,2025-05-06 10:15,Judul,Isi \xe9,,,,Tidak,Tidak,,,,\n").encode("latin-1"))
    first = run_command("complaints", ["import-lapor", "--office", "blitar", "--input", str(headless)])
    second = run_command("complaints", ["import-lapor", "--office", "blitar", "--input", str(latin)])
    assert first[0] == second[0] == 2
    assert first[2].startswith("line 1: header: missing column 'id tracking', 'tanggal laporan', 'judul'")
    assert second[2].startswith("line 1: file: not UTF-8 text")


def test_the_xlsx_export_with_semicolon_free_cells_and_date_cells_imports_too(blitar, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(["5123501", datetime(2025, 5, 6, 10, 15), "Antrean lama", "Menunggu empat jam; tanpa kepastian.",
                  "service_delay", datetime(2025, 5, 5), "Ruang biometrik", "Tidak", "Tidak", "Rina", "", "", ""])
    path = tmp_path / "lapor.xlsx"
    book.save(path)
    code, out, err = run_command("complaints", ["import-lapor", "--office", "blitar", "--input", str(path)])
    assert (code, err) == (0, "")
    complaint = Complaint.objects.get()
    assert (complaint.lapor_tracking_id, complaint.description, str(complaint.incident_on)) == (
        "5123501", "Menunggu empat jam; tanpa kepastian.", "2025-05-05")
