"""The monthly compensation report's arithmetic (pure): the month asked for and cases per condition."""

from __future__ import annotations

import calendar as _calendar
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any

_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
FIRST_YEAR = 2000  # no office kept compensation before; a year before is a typing mistake


class MonthError(ValueError):
    """The month typed cannot be read; the message says why (Indonesian; the page translates it)."""


def parse_month(text: str, *, today: date) -> tuple[int, int]:
    """``YYYY-MM`` → (year, month); refused with a reason when unreadable, before 2000 or after this month."""
    match = _MONTH.fullmatch((text or "").strip())
    if match is None:
        raise MonthError("bulan harus ditulis TTTT-BB, mis. 2025-05")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise MonthError("bulan harus 01 sampai 12")
    if year < FIRST_YEAR:
        raise MonthError(f"bulan sebelum {FIRST_YEAR} tidak dilaporkan")
    if (year, month) > (today.year, today.month):
        raise MonthError("bulan ini belum terjadi")
    return year, month


def month_days(year: int, month: int) -> tuple[date, date]:
    """The first and last date of a month."""
    return date(year, month, 1), date(year, month, _calendar.monthrange(year, month)[1])


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def walk_with_depth(conditions: Any, depth: int = 0) -> Iterator[tuple[Mapping[str, Any], int]]:
    """Every condition of a policy's data with its nesting depth (0 = top level), in order."""
    for condition in conditions or ():
        if isinstance(condition, Mapping):
            yield condition, depth
            yield from walk_with_depth(condition.get("conditions"), depth + 1)


def cases_by_condition(conditions: Any, decisions: Iterable[Sequence[Mapping[str, Any]]]) -> list[tuple[str, int, int]]:
    """(code, depth, cases) for every condition of a policy: in how many of the claims' stored
    decisions that condition held. Codes absent from the policy data are left out (the policy's
    data is the one list of conditions)."""
    held: dict[str, int] = {}
    for results in decisions:
        for result in results:
            if result.get("held") is True:
                held[result.get("code")] = held.get(result.get("code"), 0) + 1
    return [(condition.get("code"), depth, held.get(condition.get("code"), 0))
            for condition, depth in walk_with_depth(conditions)]

