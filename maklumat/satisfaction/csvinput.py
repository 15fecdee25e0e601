"""Reading survey answers from a CSV (paper surveys typed in a spreadsheet). Pure: no ORM.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first response row 2.
Every problem is collected (not just the first), as ``row N: column: reason``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from maklumat.satisfaction.rules import ANSWER_MAX, ANSWER_MIN, ELEMENTS

DATE_COLUMN = "tanggal"
EARLIEST_DAY = date(2000, 1, 1)
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")


@dataclass
class CsvAnswers:
    rows: list[list[int]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # The ``tanggal`` of each row in ``rows`` when the file has that column (else empty).
    days: list[date] = field(default_factory=list)
    has_dates: bool = False


def _delimiter(first_line: str) -> str:
    # Spreadsheets in an Indonesian locale export with ";" (the decimal mark is ",").
    return ";" if first_line.count(";") > first_line.count(",") else ","


def answers_from_csv(text: str, *, today: date | None = None) -> CsvAnswers:
    """Answers u1…u9 of every row of ``text``; other columns are ignored, except an optional
    ``tanggal`` (the day answered: YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY), which must be a real
    day from 2000-01-01 up to ``today``."""
    result = CsvAnswers()
    text = text.removeprefix("\ufeff")  # Excel's UTF-8 byte-order mark
    if not text.strip():
        result.errors.append("row 1: header: empty file, expected a header with columns u1…u9")
        return result
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text.splitlines()[0]))
    header = [name.strip().lower() for name in next(reader)]
    missing = [code for code in ELEMENTS if code not in header]
    for code in missing:
        result.errors.append(f"row 1: {code}: missing column")
    if missing:
        return result
    positions = {code: header.index(code) for code in ELEMENTS}
    date_position = header.index(DATE_COLUMN) if DATE_COLUMN in header else None
    result.has_dates = date_position is not None
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, e.g. at the end of the file
        row_number = reader.line_num
        answers, row_ok = [], True
        for code in ELEMENTS:
            position = positions[code]
            raw = cells[position].strip() if position < len(cells) else ""
            problem = _problem(raw)
            if problem:
                result.errors.append(f"row {row_number}: {code}: {problem}")
                row_ok = False
            else:
                answers.append(int(raw))
        day = None
        if date_position is not None:
            raw = cells[date_position].strip() if date_position < len(cells) else ""
            day, problem = _day(raw, today)
            if problem:
                result.errors.append(f"row {row_number}: {DATE_COLUMN}: {problem}")
                row_ok = False
        if row_ok:
            result.rows.append(answers)
            if day is not None:
                result.days.append(day)
    if not result.rows and not result.errors:
        result.errors.append("row 2: u1…u9: no responses below the header")
    return result


def _problem(raw: str) -> str:
    if raw == "":
        return f"empty, expected a whole number {ANSWER_MIN}–{ANSWER_MAX}"
    if not raw.isdigit():
        return f"{raw!r} is not a whole number {ANSWER_MIN}–{ANSWER_MAX}"
    if not ANSWER_MIN <= int(raw) <= ANSWER_MAX:
        return f"{raw} is outside {ANSWER_MIN}–{ANSWER_MAX}"
    return ""


def _day(raw: str, today: date | None) -> tuple[date | None, str]:
    shown = raw[:20]
    if raw == "":
        return None, "empty, expected a date YYYY-MM-DD"
    for pattern in DATE_FORMATS:
        try:
            day = datetime.strptime(raw, pattern).date()
            break
        except ValueError:
            continue
    else:
        return None, f"{shown!r} is not a date (YYYY-MM-DD)"
    if day < EARLIEST_DAY or (today is not None and day > today):
        latest = f" … {today.isoformat()}" if today else ""
        return None, f"{day.isoformat()} is outside {EARLIEST_DAY.isoformat()}{latest}"
    return day, ""
