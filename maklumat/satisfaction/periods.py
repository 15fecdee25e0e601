"""Reporting periods of the index (pure): month, quarter, semester, year.

A period has a key that is also its URL form: ``2024`` (year), ``2024-S1`` (semester),
``2024-Q3`` (quarter), ``2024-07`` (month). ``start`` is inclusive, ``end`` exclusive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

KINDS = ("year", "semester", "quarter", "month")
MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
             "Oktober", "November", "Desember")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")
# The years an index can be asked for: before 2000 no survey of this regulation existed, and a
# year past 2100 is a typing mistake (and 9999 would overflow the period's end date).
MIN_YEAR = 2000
MAX_YEAR = 2100
_KEY = re.compile(r"^(?P<year>\d{4})(?:-(?:S(?P<semester>[12])|Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?$")


class YearOutOfRange(ValueError):
    """A well-formed period key whose year lies outside ``MIN_YEAR``–``MAX_YEAR``."""


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str = "year"
    index: int = 1  # semester 1–2, quarter 1–4, month 1–12; 1 for a year

    @property
    def months(self) -> int:
        return {"year": 12, "semester": 6, "quarter": 3, "month": 1}[self.kind]

    @property
    def start(self) -> date:
        return date(self.year, (self.index - 1) * self.months + 1, 1)

    @property
    def end(self) -> date:
        month = self.index * self.months + 1
        return date(self.year + 1, 1, 1) if month > 12 else date(self.year, month, 1)

    @property
    def key(self) -> str:
        return {
            "year": f"{self.year}",
            "semester": f"{self.year}-S{self.index}",
            "quarter": f"{self.year}-Q{self.index}",
            "month": f"{self.year}-{self.index:02d}",
        }[self.kind]

    @property
    def label(self) -> str:
        """Indonesian label, the way SKM reports name their period."""
        roman = ("I", "II", "III", "IV")
        if self.kind == "year":
            return f"Tahun {self.year}"
        if self.kind == "semester":
            return f"Semester {roman[self.index - 1]} {self.year}"
        if self.kind == "quarter":
            return f"Triwulan {roman[self.index - 1]} {self.year}"
        return f"{MONTHS_ID[self.index - 1]} {self.year}"

    @property
    def label_en(self) -> str:
        if self.kind == "year":
            return f"{self.year}"
        if self.kind == "semester":
            return f"H{self.index} {self.year}"
        if self.kind == "quarter":
            return f"Q{self.index} {self.year}"
        return f"{MONTHS_EN[self.index - 1]} {self.year}"

    def parts(self, kind: str) -> list[Period]:
        """The periods of ``kind`` inside this one (e.g. the four quarters of a year)."""
        size = Period(self.year, kind).months
        if size > self.months:
            raise ValueError(f"a {kind} does not fit in a {self.kind}")
        first = (self.start.month - 1) // size + 1
        return [Period(self.year, kind, first + offset) for offset in range(self.months // size)]


def period_parse(key: str) -> Period:
    """The period named by ``key``; ``ValueError`` (with a message fit to show) for anything else."""
    match = _KEY.match(key.strip()) if "\x00" not in key and len(key) <= 20 else None
    if not match:
        raise ValueError(f"unknown period {key[:20]!r}: use 2024, 2024-S1, 2024-Q3 or 2024-07")
    year = int(match["year"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise YearOutOfRange(f"unknown period {key!r}: the year must lie between {MIN_YEAR} and {MAX_YEAR}")
    for kind in ("semester", "quarter", "month"):
        if match[kind]:
            return Period(year, kind, int(match[kind]))
    return Period(year)


def period_containing(day: date, kind: str) -> Period:
    size = Period(day.year, kind).months
    return Period(day.year, kind, (day.month - 1) // size + 1)
