"""The monthly recap as a spreadsheet (openpyxl): a summary sheet and the list of complaints."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from maklumat.calendar.selectors import work_calendar_for


def recap_xlsx(recap, submission=None) -> bytes:
    tz = work_calendar_for(recap.office).tz
    book = Workbook()
    sheet = book.active
    sheet.title = "Ringkasan"
    bold = Font(bold=True)
    sheet.append(["Laporan Rekapitulasi Penanganan Pengaduan"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([recap.office.name, recap.period_label])
    sheet.append(["Jumlah pengaduan", recap.total])
    sheet.append(["Selesai", recap.resolved])
    sheet.append(["Masih diproses", recap.still_open])
    minutes = round(recap.average_handling.total_seconds() / 60) if recap.average_handling else None
    sheet.append(["Rata-rata waktu penanganan (menit kerja)", minutes])
    sheet.append([recap.average_handling_definition])
    sheet.append(["Rata-rata penilaian (1-4)", recap.average_rating])
    sheet.append(["Melewati tenggat (belum selesai)", recap.overdue])
    oldest = recap.oldest_overdue
    sheet.append(["Terlama melewati tenggat", oldest.tracking_code if oldest else "—",
                  oldest.step_title if oldest else None,
                  timezone.localtime(oldest.due_at, tz).replace(tzinfo=None) if oldest else None,
                  f"{oldest.days} hari" if oldest else None])
    if submission is not None:
        sheet.append(["Dilaporkan oleh", submission.submitted_by.get_full_name() or submission.submitted_by.username,
                      timezone.localtime(submission.submitted_at, tz).replace(tzinfo=None)])
    for title, pairs in (("Kanal", recap.by_channel), ("Kategori", recap.by_category), ("Hasil", recap.by_outcome)):
        sheet.append([])
        sheet.append([title, "Jumlah"])
        sheet.cell(sheet.max_row, 1).font = bold
        for key, count in pairs:
            sheet.append([key, count])
    sheet.append([])
    sheet.append([recap.on_time_definition])
    sheet.append(["Langkah", "Pelaksana", "Norma (menit)", "Jatuh tempo", "Tepat waktu", "Selesai terlambat",
                  "Terbuka lewat tenggat", "% tepat waktu"])
    sheet.cell(sheet.max_row, 1).font = bold
    for rate in recap.step_rates:
        sheet.append([rate.title, rate.label, rate.norm_minutes, rate.due, rate.on_time, rate.late, rate.overdue,
                      rate.rate])
    sheet.column_dimensions["A"].width = 42
    sheet.column_dimensions["B"].width = 28

    listing = book.create_sheet("Pengaduan")
    listing.append(["Kode", "Diterima", "Kanal", "Kategori", "Perihal", "Status", "Hasil",
                    "Waktu penanganan (menit kerja)", "Penilaian"])
    for cell in listing[1]:
        cell.font = bold
    for c in recap.complaints:
        handled = recap.handling.get(c.pk)
        listing.append([
            c.tracking_code, timezone.localtime(c.received_at, tz).replace(tzinfo=None), c.get_channel_display(),
            c.category.name if c.category else "", "(rahasia)" if c.confidential else c.subject,
            c.get_status_display(), c.get_outcome_display() if c.outcome else "",
            round(handled.total_seconds() / 60) if handled is not None else None, c.rating])
    for column, width in zip("ABCDEFGHI", (16, 18, 26, 34, 48, 16, 36, 14, 10), strict=True):
        listing.column_dimensions[column].width = width
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
