"""The statistics report of an office period: tables for the page, charts and the XLSX export."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from maklumat.lib.exports import append_row
from maklumat.queueing import selectors, stats
from maklumat.queueing.models import BreakReason, TicketClassChoices, TicketOrigin

FIGURE_HEADERS = ("kunjungan", "dipanggil", "rata-rata tunggu (mnt)", "median tunggu (mnt)",
                  "tunggu terlama (mnt)", "rata-rata layanan (mnt)", "tidak hadir", "% tidak hadir")


def figure_cells(f: stats.Figures | stats.Summary) -> list:
    return [f.visits, f.called, f.mean_wait, f.median_wait, f.max_wait, f.mean_service, f.no_shows, f.no_show_rate]


@dataclass
class Report:
    office: object
    start: date
    end: date
    total: stats.Figures
    by_class: dict
    by_step: dict
    by_counter: dict
    by_hour: dict
    per_officer: dict
    room: stats.PriorityRoomUse
    room_hours: int
    issued: dict
    breaks: list = field(default_factory=list)  # selectors.BreakFigure per counter and reason

    @property
    def break_minutes(self) -> float:
        return round(sum(b.minutes for b in self.breaks), 1)

    def sections(self) -> list[tuple[str, list[tuple[str, stats.Figures]]]]:
        class_labels = dict(TicketClassChoices.choices)
        return [
            (_("Per kelas"), [(str(class_labels.get(k, k)), v) for k, v in self.by_class.items()]),
            (_("Per langkah"), [(str(k), v) for k, v in self.by_step.items()]),
            (_("Per loket"), [(str(k) or "–", v) for k, v in self.by_counter.items()]),
            (_("Per jam"), [(f"{k:02d}:00", v) for k, v in self.by_hour.items()]),
        ]


def build_report(office, start: date, end: date) -> Report:
    """The report from SQL aggregates: five queries whatever the number of visits."""
    cells = selectors.visit_cells(office, start, end)
    groups = selectors.visit_summaries(office, start, end, cells=cells)
    return Report(
        office=office, start=start, end=end, total=groups["total"].get("", stats.Summary()),
        by_class=groups["class"], by_step=groups["step"], by_counter=groups["counter"], by_hour=groups["hour"],
        per_officer=selectors.served_per_officer_counts(office, start, end),
        room=selectors.priority_room_figures(office, start, end, cells=cells),
        room_hours=selectors.priority_room_staffed_hours(office, start, end),
        issued=selectors.tickets_issued(office, start, end),
        breaks=selectors.break_figures(office, start, end),
    )


def report_xlsx(report: Report) -> bytes:
    """The report as a workbook: one sheet per grouping, plus officers and the priority room."""
    book = Workbook()
    summary = book.active
    summary.title = "Ringkasan"
    append_row(summary, [f"Statistik antrian {report.office.name}"])
    summary["A1"].font = Font(bold=True)
    append_row(summary, ["Periode", report.start.isoformat(), report.end.isoformat()])
    append_row(summary)
    append_row(summary, ["", *FIGURE_HEADERS])
    append_row(summary, ["Semua", *figure_cells(report.total)])
    append_row(summary)
    append_row(summary, ["Nomor diambil per asal"])
    origin_labels = dict(TicketOrigin.choices)
    for origin, n in sorted(report.issued.items()):
        append_row(summary, [str(origin_labels.get(origin, origin)), n])
    for title, items in report.sections():
        sheet = book.create_sheet(title[:31])
        append_row(sheet, ["", *FIGURE_HEADERS])
        for label, figures in items:
            append_row(sheet, [label, *figure_cells(figures)])
    officers = book.create_sheet("Per petugas")
    append_row(officers, ["petugas", "nomor dilayani"])
    for name, n in report.per_officer.items():
        append_row(officers, [name, n])
    room = book.create_sheet("Ruang prioritas")
    append_row(room, ["kunjungan prioritas dipanggil", report.room.priority_visits])
    append_row(room, ["dilayani di ruang prioritas", report.room.served_in_room])
    append_row(room, ["% di ruang prioritas", report.room.share_in_room])
    append_row(room, ["panggilan di ruang prioritas", report.room.room_calls])
    append_row(room, ["panggilan umum di ruang prioritas", report.room.room_general_calls])
    append_row(room, ["jam ruang prioritas aktif", report.room_hours])
    pauses = book.create_sheet("Jeda loket")
    append_row(pauses, ["loket", "alasan", "berapa kali", "menit jeda", "sedang jeda"])
    reason_labels = dict(BreakReason.choices)
    for row in report.breaks:
        append_row(pauses, [row.counter, str(reason_labels.get(row.reason, row.reason)), row.breaks, row.minutes,
                            row.open_now])
    for sheet in book.worksheets:
        sheet.column_dimensions["A"].width = 28
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
