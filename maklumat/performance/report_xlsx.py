"""The monthly report card and the league tables as XLSX (openpyxl).

Numbers are written as numbers (rates as fractions with a percent format) so the office can compute
with them; every text goes through ``lib.exports.append_row`` (never a formula, always valid XML)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from maklumat.lib.exports import append_row

BOLD = Font(bold=True)
PERCENT = "0.0%"
TREND = {"up": "naik", "down": "turun", "flat": "tetap", "": ""}


def _append(sheet, values, *, bold: bool = False, percent_columns=()):
    append_row(sheet, values)
    row = sheet[sheet.max_row]
    for index, cell in enumerate(row):
        if bold:
            cell.font = BOLD
        if index in percent_columns and isinstance(cell.value, float):
            cell.number_format = PERCENT


def _widths(sheet, widths):
    for letter, width in zip("ABCDEFGHIJKLMNOP", widths, strict=False):
        sheet.column_dimensions[letter].width = width


def render_report_card_xlsx(card: dict) -> bytes:
    office = card["office"]
    book = Workbook()
    sheet = book.active
    sheet.title = "Janji layanan"
    _append(sheet, [f"Rapor Kinerja Maklumat — {card['month_label']}"], bold=True)
    _append(sheet, [office.name])
    _append(sheet, [office.kanwil.name])
    _append(sheet, [f"Dihitung per {card['as_of_local'].strftime('%d-%m-%Y %H.%M')} {office.zone_abbreviation}"])
    sheet.append([])
    _append(sheet, ["Janji", "Tepat waktu", "Bulan lalu", "Tren", "Jumlah", "Tepat waktu (n)", "Terlambat",
                    "Berjalan", "Lewat tenggat"], bold=True)
    for row in card["promises"]:
        _append(sheet, [row["label"], row["on_time_rate"], row["previous"],
                        TREND[row["trend"]], row["total"], row["met"], row["late"], row["open"], row["overdue"]],
                percent_columns=(1, 2))
    sheet.append([])
    _append(sheet, ["Dokumen terbit bulan ini", card["documents_issued"]])
    _append(sheet, [f"Target dokumen tahun {card['month'].year}", card["yearly_target"]])
    _widths(sheet, [44, 14, 14, 10, 10, 14, 12, 12, 14])

    figures = book.create_sheet("Kompensasi dan pengaduan")
    _append(figures, ["Kompensasi", "Jumlah"], bold=True)
    compensation = card["kinerja"]["compensation"]
    for (label, _text, _href), key in zip(card["compensation"], ("eligible", "claimed", "fulfilled", "outstanding",
                                                                  "cost"), strict=True):
        _append(figures, [label, compensation.get(key)])
    figures.append([])
    _append(figures, ["Pengaduan", "Jumlah"], bold=True)
    complaints = card["kinerja"]["complaints"]
    for (label, _text, _href), key in zip(card["complaints"], ("received", "open", "overdue", "on_time_rate"),
                                          strict=True):
        _append(figures, [label, complaints.get(key)], percent_columns=(1,) if key == "on_time_rate" else ())
    figures.append([])
    ikm = card["kinerja"]["ikm"]
    _append(figures, ["IKM", "Nilai"], bold=True)
    for label, key in (("Indeks", "index"), ("Mutu", "grade"), ("Responden", "respondents"), ("Target", "target")):
        value = ikm.get(key)
        _append(figures, [label, float(value) if key in ("index", "target") and value is not None else value])
    _widths(figures, [40, 16])

    steps = book.create_sheet("Langkah SOP")
    _append(steps, ["Langkah", "Norma (menit)", "Diukur", "Dalam norma", "Di luar norma (bagian)", "Median (menit)",
                    "P90 (menit)"], bold=True)
    for step in card["steps"]:
        _append(steps, [step["label"], step["norm_minutes"], step["measured"], step["within_norm"], step["share"],
                        step["median_minutes"], step["p90_minutes"]], percent_columns=(4,))
    _widths(steps, [60, 14, 10, 12, 20, 14, 12])

    if card["effectiveness"]:
        effect = book.create_sheet("Efektivitas")
        _append(effect, ["Indikator", "Nilai", "Definisi"], bold=True)
        for row in card["effectiveness"]:
            _append(effect, [row["label"], row["value_text"], row["definition"]])
        _widths(effect, [32, 16, 100])
    return _save(book)


def render_league_xlsx(context: dict) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Peringkat"
    _append(sheet, [f"Kinerja {context['scope_name']} — {context['month_label']}"], bold=True)
    sheet.append([])
    columns = context["promise_columns"]
    _append(sheet, ["Peringkat", "Kantor", "Kanwil", "Semua janji", "Bulan lalu", "Tren",
                    *(column["label"] for column in columns), "Dokumen terbit"], bold=True)
    for row in context["rows"]:
        office = row["office"]
        _append(sheet, [row["rank"], office.name, office.kanwil.name, row["rate"], row["previous"],
                        TREND[row["trend"]], *(cell["on_time_rate"] for cell in row["cells"]), row["documents"]],
                percent_columns=(3, 4, *range(6, 6 + len(columns))))
    totals = context["totals"]
    _append(sheet, ["", "Jumlah", "", totals["rate"], None, "", *(p["on_time_rate"] for p in totals["promises"]),
                    totals["documents"]], bold=True, percent_columns=(3, *range(6, 6 + len(columns))))
    _widths(sheet, [10, 40, 36, 12, 12, 8, *([16] * len(columns)), 14])

    counts = book.create_sheet("Rincian")
    _append(counts, ["Kantor", "Janji", "Jumlah", "Tepat waktu", "Terlambat", "Berjalan", "Lewat tenggat",
                     "Tepat waktu (%)", "Peringkat janji"], bold=True)
    for row in context["rows"]:
        for cell in row["cells"]:
            _append(counts, [row["office"].name, cell["label"], cell["total"], cell["met"], cell["late"], cell["open"],
                             cell["overdue"], cell["on_time_rate"], cell.get("rank")], percent_columns=(7,))
    _widths(counts, [40, 40, 10, 12, 12, 10, 14, 14, 14])
    return _save(book)


def _save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
