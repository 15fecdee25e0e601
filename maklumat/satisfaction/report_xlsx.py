"""The IKM report as XLSX (openpyxl): summary, NRR table, profile, raw answers, achievements."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from maklumat.lib.exports import append_row
from maklumat.satisfaction.models import Channel
from maklumat.satisfaction.questionnaire import ELEMENT_BY_CODE, PROFILE_TITLES, answer_label, element_label
from maklumat.satisfaction.rules import ELEMENTS
from maklumat.satisfaction.selectors import responses_in

BOLD = Font(bold=True)
SAMPLE_TEXT = {
    "met": "memenuhi",
    "short": "belum memenuhi (responden kurang dari sampel minimum)",
    "unknown": "tidak dapat dinilai (populasi belum diketahui)",
}
WEAK = PatternFill("solid", fgColor="FFF4E0")


def render_report_xlsx(context: dict) -> bytes:
    office, period, index = context["office"], context["period"], context["index"]
    result = index.result
    book = Workbook()
    sheet = book.active
    sheet.title = "Ringkasan"
    append_row(sheet, ["Laporan Survei Kepuasan Masyarakat"])
    append_row(sheet, [office.name])
    append_row(sheet, [period.label])
    sheet["A1"].font = Font(bold=True, size=14)
    append_row(sheet)
    append_row(sheet, ["Populasi", index.population])
    append_row(sheet, ["Sampel minimum (Krejcie–Morgan)", index.sample_needed])
    append_row(sheet, ["Responden", index.respondents])
    append_row(sheet, ["Kecukupan sampel", SAMPLE_TEXT[index.sample_status]])
    append_row(sheet)
    append_row(sheet, ["Unsur", "Uraian", "NRR", "NRR tertimbang"])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    if result:
        for code in ELEMENTS:
            append_row(sheet, [code.upper(), str(ELEMENT_BY_CODE[code].name), float(result.nrr[code]),
                               float(result.nrr_weighted[code])])
            if code in index.weakest:
                for cell in sheet[sheet.max_row]:
                    cell.fill = WEAK
        append_row(sheet, ["", "IKM (nilai interval)", "", float(result.ikm)])
        append_row(sheet, ["", "IKM (nilai konversi)", "", float(result.ikm_converted)])
        append_row(sheet, ["", "Mutu pelayanan", "", f"{result.grade.letter} ({result.grade.label})"])
        append_row(sheet)
        append_row(sheet, ["Unsur terlemah", "; ".join(element_label(code) for code in index.weakest)])
    plan = context["plan"]
    append_row(sheet, ["Rencana tindak lanjut", plan.text if plan else ""])
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 48
    sheet.column_dimensions["C"].width = 12
    sheet.column_dimensions["D"].width = 16

    profile = book.create_sheet("Profil responden")
    for name, rows in context["profile"].items():
        append_row(profile, [PROFILE_TITLES[name], "Jumlah"])
        profile[profile.max_row][0].font = BOLD
        for label, count in rows:
            append_row(profile, [label, count])
        append_row(profile)
    profile.column_dimensions["A"].width = 40

    answers = book.create_sheet("Jawaban")
    append_row(answers, ["Tanggal", "Layanan", "Kanal", *(element_label(code) for code in ELEMENTS)])
    for cell in answers[1]:
        cell.font = BOLD
    channels = dict(Channel.choices)
    rows = responses_in(office, period).select_related("service").order_by("submitted_on", "id")
    for response in rows.iterator():
        append_row(answers, [response.submitted_on, response.service.name if response.service else "—",
                             str(channels.get(response.channel, response.channel)), *response.answers])

    legend = book.create_sheet("Keterangan jawaban")
    append_row(legend, ["Unsur", "1", "2", "3", "4"])
    for cell in legend[1]:
        cell.font = BOLD
    for code in ELEMENTS:
        append_row(legend, [element_label(code), *(answer_label(code, value) for value in range(1, 5))])
    legend.column_dimensions["A"].width = 48

    achievements = book.create_sheet("Target dan capaian")
    append_row(achievements, ["Tahun", "Target", "Realisasi", "Capaian (%)", "Sumber"])
    for row in context["achievements"]:
        append_row(achievements, [
            row.year, float(row.target), float(row.realised) if row.realised is not None else None,
            float(row.achievement) if row.achievement is not None else None,
            "laporan kinerja" if row.source == "entered" else "survei"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
