"""Exports are inert: every XLSX cell and every PDF paragraph built from stored text goes through here.

A stored value is data, never markup or a formula (issue 12, item 2; OWASP "CSV injection"):

- XLSX: ``append_row(sheet, values)`` writes each text as a *string* cell (openpyxl would otherwise
  turn text that starts with ``=`` into a live formula), marks text that starts with a
  formula-leading character (``= + - @``, tab, CR) with Excel's quote prefix so it stays text even
  when a user edits the cell, strips characters XML 1.0 cannot carry (U+FFFE made a workbook
  unreadable) and cuts text to Excel's 32,767 characters. Numbers, dates and ``None`` stay as they are.
- PDF: ``pdf_text(value)`` escapes ``& < >`` for ReportLab's paragraph markup (an office address
  with ``<b>`` made every apology letter fail) and drops the same invalid characters.

Pure helpers: no Django, no ORM.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.cell.cell import Cell

FORMULA_LEADERS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_MAX_TEXT = 32_767
CELL_VALUES = (bool, int, float, Decimal, date, time, timedelta)  # written as they are (datetime is a date)

# Characters outside XML 1.0's Char production (control characters other than tab, newline and
# carriage return; lone surrogates; U+FFFE and U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters an XML 1.0 document cannot contain; CR LF and lone CR become LF."""
    return _NOT_XML.sub("", text).replace("\r\n", "\n").replace("\r", "\n")


def looks_like_formula(text: str) -> bool:
    """Would a spreadsheet (or a CSV reader) take this text for the start of a formula?"""
    return text.startswith(FORMULA_LEADERS)


def safe_cell(value: Any) -> Any:
    """The value to store in a spreadsheet cell: text cleaned and cut to Excel's limit, anything else unchanged.

    The cell itself must still be written as a string cell: use ``text_cell`` or ``append_row``.
    """
    if isinstance(value, str):
        return xml_safe(value)[:EXCEL_MAX_TEXT]
    return value


def text_cell(sheet, value: Any) -> Any:
    """A cell for ``sheet.append``: text becomes a string cell that is never a formula.

    Numbers, dates, times, durations and ``None`` pass through; anything else (a lazy label) is text.
    """
    if value is None or isinstance(value, CELL_VALUES):
        return value
    value = str(value)
    text = safe_cell(value)
    cell = Cell(sheet)
    cell.value = text
    cell.data_type = "s"  # openpyxl made "=…" a formula: it is the text it says
    if looks_like_formula(value):
        cell.quotePrefix = True  # Excel keeps it text even after the cell is edited
    return cell


def append_row(sheet, values: Iterable[Any] = ()) -> None:
    """``sheet.append(values)`` with every text made inert (see ``text_cell``)."""
    sheet.append([text_cell(sheet, value) for value in values])


def pdf_text(value: Any, *, newlines: bool = False) -> str:
    """Stored text as ReportLab paragraph markup that shows exactly that text (``None`` → ``""``).

    With ``newlines`` each line break becomes ``<br/>``.
    """
    text = escape(xml_safe("" if value is None else str(value)))
    return text.replace("\n", "<br/>") if newlines else text
