"""Reading survey answers from a CSV (paper surveys typed in a spreadsheet). Pure: no ORM.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first response row 2.
Every problem is collected (not just the first), as ``row N: column: reason``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from maklumat.satisfaction.rules import ANSWER_MAX, ANSWER_MIN, ELEMENTS


@dataclass
class CsvAnswers:
    rows: list[list[int]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _delimiter(first_line: str) -> str:
    # Spreadsheets in an Indonesian locale export with ";" (the decimal mark is ",").
    return ";" if first_line.count(";") > first_line.count(",") else ","


def answers_from_csv(text: str) -> CsvAnswers:
    """Answers u1…u9 of every row of ``text``; other columns are ignored."""
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
        if row_ok:
            result.rows.append(answers)
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
