"""One line of the applications import (``maklumat applications import``), free of the ORM.

The shape is the ``compensation evaluate`` input (``id``, ``service``, ``booking``,
``smart_queue``, ``events``, ``flags``) plus ``accelerated``, ``program`` and ``applicant``.
The checks are the services' (``lib.validation``: plausible moments, NUL bytes, lengths), so an
imported row is one the counter form or the API would have accepted. Unlike ``evaluate``, an
unknown event name is refused: an import stores data, and a misspelt name would silently drop
a moment from every clock (docs/decisions.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Any

from maklumat.applications.events import MILESTONES, STEP_EVENTS
from maklumat.lib.validation import bad_text, implausible_moment

KNOWN_EVENTS = frozenset(MILESTONES) | frozenset(STEP_EVENTS)
BOOKINGS = ("m_paspor", "walk_in")
PROGRAMS = ("in_office", "mpp", "eazy_paspor", "sambang_haji", "sambang_sakit")
FLAGS = ("under_review", "field_check", "broker")
# Lengths of the stored fields (models.Application); the address, a text field, has the services' cap.
NUMBER_MAX, NAME_MAX, PHONE_MAX, ADDRESS_MAX = 40, 200, 20, 2000
APPLICANT_FIELDS = {"name": NAME_MAX, "nik": 16, "phone": PHONE_MAX, "address": ADDRESS_MAX}


class LineError(ValueError):
    """The first bad field of a line."""

    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass
class ImportLine:
    """One application as the import stores it."""

    number: str
    service: str
    booking: str
    smart_queue: bool = False
    accelerated: bool = False
    program: str = "in_office"
    flags: frozenset[str] = frozenset()
    applicant: dict[str, str] = field(default_factory=dict)
    # (name, aware moment), in input order; null moments (not happened yet) are left out.
    events: list[tuple[str, datetime]] = field(default_factory=list)


def _text(value: Any, field_name: str, max_length: int) -> str:
    if not isinstance(value, str):
        raise LineError(field_name, "must be a string")
    problem = bad_text(value, max_length=max_length)
    if problem:
        raise LineError(field_name, str(problem))
    return value


def _flag(data: dict, name: str) -> bool:
    value = data.get(name, False)
    if value is None:
        return False
    if type(value) is not bool:
        raise LineError(name, "must be true or false")
    return value


def parse_line(data: Any, *, tz: tzinfo, now: datetime, services: frozenset[str] | set[str]) -> ImportLine:
    """Validate one decoded line; raises ``LineError`` naming the first bad field.

    Timestamps are ISO 8601; without an offset they are the office's local time (``tz``); they
    must be plausible as of ``now`` (year 2000 or later, not in the future, offset within ±14:00).
    """
    if type(data) is not dict:
        raise LineError("line", "must be a JSON object")
    number = data.get("id")
    if type(number) is not str or not number.strip():
        raise LineError("id", "required, a non-empty string")
    _text(number, "id", NUMBER_MAX)
    if number != number.strip():
        raise LineError("id", "must not begin or end with spaces")
    service = data.get("service")
    if type(service) is not str or not service:
        raise LineError("service", "required, a service code such as baru or penggantian")
    if service not in services:
        raise LineError("service", f"unknown service code {service[:40]!r} (known: {', '.join(sorted(services))})")
    booking = data.get("booking")
    if booking not in BOOKINGS:
        raise LineError("booking", f"must be one of {', '.join(BOOKINGS)}, got {_short(booking)}")
    smart_queue = _flag(data, "smart_queue")
    accelerated = _flag(data, "accelerated")
    program = data.get("program", "in_office")
    if program is None:
        program = "in_office"
    if program not in PROGRAMS:
        raise LineError("program", f"must be one of {', '.join(PROGRAMS)}, got {_short(program)}")
    raw_flags = data.get("flags", [])
    if raw_flags is None:
        raw_flags = []
    if type(raw_flags) is not list:
        raise LineError("flags", "must be a list")
    for flag in raw_flags:
        if flag not in FLAGS:
            raise LineError("flags", f"unknown flag {_short(flag)} (known: {', '.join(FLAGS)})")
    applicant = _applicant(data.get("applicant"))
    events = _events(data.get("events", {}), tz=tz, now=now)
    return ImportLine(number, service, booking, smart_queue, accelerated, program, frozenset(raw_flags),
                      applicant, events)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _applicant(raw: Any) -> dict[str, str]:
    if raw is None:
        return {}
    if type(raw) is not dict:
        raise LineError("applicant", "must be an object with name, nik, phone, address")
    applicant = {}
    for key, limit in APPLICANT_FIELDS.items():
        value = raw.get(key)
        if value is None:
            continue
        applicant[key] = _text(value, f"applicant.{key}", limit)
    nik = applicant.get("nik", "")
    if nik and (len(nik) != 16 or not nik.isdigit()):
        raise LineError("applicant.nik", "must be 16 digits")
    return applicant


def _events(raw: Any, *, tz: tzinfo, now: datetime) -> list[tuple[str, datetime]]:
    if type(raw) is not dict:
        raise LineError("events", "must be an object of event name to timestamp")
    events = []
    for name, value in raw.items():
        if name not in KNOWN_EVENTS:
            raise LineError("events", f"unknown event name {_short(name)}")
        if value is None:
            continue  # null = not happened yet
        if type(value) is not str:
            raise LineError(f"events.{name}", "must be an ISO 8601 timestamp string")
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise LineError(f"events.{name}", f"not an ISO 8601 timestamp: {_short(value)}") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=tz)
        problem = implausible_moment(moment, now=now)
        if problem:
            raise LineError(f"events.{name}", str(problem))
        events.append((name, moment))
    return events
