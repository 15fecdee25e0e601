"""The monthly recap as a spreadsheet (openpyxl): a summary sheet and the list of complaints."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from maklumat.calendar.selectors import work_calendar_for
from maklumat.lib.exports import append_row


def recap_xlsx(recap, submission=None) -> bytes:
    tz = work_calendar_for(recap.office).tz
    book = Workbook()
    sheet = book.active
    sheet.title = "Ringkasan"
    bold = Font(bold=True)
    append_row(sheet, ["Laporan Rekapitulasi Penanganan Pengaduan"])
    sheet["A1"].font = Font(bold=True, size=13)
    append_row(sheet, [recap.office.name, recap.period_label])
    append_row(sheet, ["Jumlah pengaduan", recap.total])
    append_row(sheet, ["Selesai", recap.resolved])
    append_row(sheet, ["Masih diproses", recap.still_open])
    minutes = round(recap.average_handling.total_seconds() / 60) if recap.average_handling else None
    append_row(sheet, ["Rata-rata waktu penanganan (menit kerja)", minutes])
    append_row(sheet, [recap.average_handling_definition])
    append_row(sheet, ["Rata-rata penilaian (1-4)", recap.average_rating])
    append_row(sheet, ["Melewati tenggat (belum selesai)", recap.overdue])
    oldest = recap.oldest_overdue
    append_row(sheet, ["Terlama melewati tenggat", oldest.tracking_code if oldest else "—",
                       oldest.step_title if oldest else None,
                       timezone.localtime(oldest.due_at, tz).replace(tzinfo=None) if oldest else None,
                       f"{oldest.days} hari" if oldest else None])
    if submission is not None:
        who = submission.submitted_by
        append_row(sheet, ["Dilaporkan oleh", who.get_full_name() or who.username,
                           timezone.localtime(submission.submitted_at, tz).replace(tzinfo=None)])
    for title, pairs in (("Kanal", recap.by_channel), ("Kategori", recap.by_category), ("Hasil", recap.by_outcome)):
        append_row(sheet)
        append_row(sheet, [title, "Jumlah"])
        sheet.cell(sheet.max_row, 1).font = bold
        for key, count in pairs:
            append_row(sheet, [key, count])
    append_row(sheet)
    append_row(sheet, [recap.on_time_definition])
    append_row(sheet, ["Langkah", "Pelaksana", "Norma (menit)", "Jatuh tempo", "Tepat waktu", "Selesai terlambat",
                       "Terbuka lewat tenggat", "% tepat waktu"])
    sheet.cell(sheet.max_row, 1).font = bold
    for rate in recap.step_rates:
        append_row(sheet, [rate.title, rate.label, rate.norm_minutes, rate.due, rate.on_time, rate.late, rate.overdue,
                       rate.rate])
    sheet.column_dimensions["A"].width = 42
    sheet.column_dimensions["B"].width = 28

    listing = book.create_sheet("Pengaduan")
    append_row(listing, ["Kode", "Diterima", "Kanal", "Kategori", "Perihal", "Status", "Hasil",
                         "Waktu penanganan (menit kerja)", "Penilaian"])
    for cell in listing[1]:
        cell.font = bold
    for c in recap.complaints:
        handled = recap.handling.get(c.pk)
        append_row(listing, [
            c.tracking_code, timezone.localtime(c.received_at, tz).replace(tzinfo=None), c.get_channel_display(),
            c.category.name if c.category else "", "(rahasia)" if c.confidential else c.subject,
            c.get_status_display(), c.get_outcome_display() if c.outcome else "",
            round(handled.total_seconds() / 60) if handled is not None else None, c.rating])
    for column, width in zip("ABCDEFGHI", (16, 18, 26, 34, 48, 16, 36, 14, 10), strict=True):
        listing.column_dimensions[column].width = width
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
