"""The figures of a Kinerja beside the promises: target, compensation, complaints, IKM, effectiveness.

Each takes the offices of the view (one, a Kanwil's, the nation's) and the period; shapes are those
of the API (see ``selectors``). Work in progress: shapes are final.
"""

from __future__ import annotations

from datetime import date, datetime


def document_target(offices, *, issued: int, start: date, end: date, calendars) -> dict:
    return {"documents": None, "issued": issued, "achievement_percent": None}


def compensation(datas, *, start: date, end: date, as_of: datetime) -> dict:
    return {"eligible": 0, "claimed": 0, "fulfilled": 0, "outstanding": 0, "cost": None}


def complaints(offices, *, start: date, end: date, as_of: datetime) -> dict:
    return {"received": 0, "open": 0, "overdue": 0, "on_time_rate": None}


def ikm(offices, *, start: date, end: date) -> dict:
    return {"index": None, "grade": None, "respondents": 0, "target": None, "achievement": None}


def effectiveness(datas, *, counts, ikm, target, complaints, compensation, start: date, end: date,
                  as_of: datetime) -> list[dict]:
    return []
