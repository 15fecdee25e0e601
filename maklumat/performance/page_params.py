"""Reading the pages' query parameters (``dari``, ``sampai``, ``bulan``): a bad value is a 400 naming
the field, never a 500 and never a silently different period."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import get_language

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_RANGE_DAYS = 731  # two years: wider ranges are the national roll-up's job, not an office page's


class BadQuery(Exception):
    """A query parameter that cannot be read: answered 400 with the field named."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return self.next().first - timedelta(days=1)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def next(self) -> Month:
        return Month(self.year + (self.month == 12), self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)


MONTHS_ID = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
             "Oktober", "November", "Desember"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
MONTHS_SHORT_ID = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


def month_label(month: Month) -> str:
    """Month name and year in the active language ("Oktober 2024" / "October 2024")."""
    if (get_language() or "id").startswith("en"):
        return f"{MONTHS_EN[month.month - 1]} {month.year}"
    return f"{MONTHS_ID[month.month - 1]} {month.year}"


def month_short(month: Month) -> str:
    return f"{MONTHS_SHORT_ID[month.month - 1]} {month.year % 100:02d}"


def parse_day(raw: str | None, field: str, default: date) -> date:
    if raw is None or raw == "":
        return default
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        raise BadQuery(field, "tanggal harus ditulis YYYY-MM-DD")
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise BadQuery(field, "tanggal tidak ada di kalender") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise BadQuery(field, f"tahun harus antara {MIN_YEAR} dan {MAX_YEAR}")
    return day


def parse_range(params, today: date) -> tuple[date, date]:
    """``dari``/``sampai`` (inclusive, office dates); by default the year so far, so the yearly
    document target reads against its own year."""
    start = parse_day(params.get("dari"), "dari", date(today.year, 1, 1))
    end = parse_day(params.get("sampai"), "sampai", today)
    if end < start:
        raise BadQuery("sampai", "tanggal akhir sebelum tanggal awal")
    if (end - start).days >= MAX_RANGE_DAYS:
        raise BadQuery("sampai", f"rentang paling panjang {MAX_RANGE_DAYS} hari")
    return start, end


def parse_month(raw: str | None, field: str, today: date) -> Month:
    """``bulan`` as YYYY-MM; by default the last full month (the month a report card is filed for)."""
    if raw is None or raw == "":
        return Month.of(today).previous()
    match = re.fullmatch(r"(\d{4})-(\d{2})", raw)
    if not match:
        raise BadQuery(field, "bulan harus ditulis YYYY-MM")
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        raise BadQuery(field, "bulan harus 01 sampai 12")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise BadQuery(field, f"tahun harus antara {MIN_YEAR} dan {MAX_YEAR}")
    return Month(year, month)


def months_between(start: date, end: date) -> list[Month]:
    months, month = [], Month.of(start)
    while month.first <= end:
        months.append(month)
        month = month.next()
    return months
