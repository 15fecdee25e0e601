"""What the OpenAPI schema says, written once: error answers and enumerations (README "API: error answers").

Every 4xx is ``{"detail": ...}``.
``detail`` is a sentence (``"service: layanan tidak dikenal"``, ``"Unauthorized"``) or, when the request
does not match the schema (ninja's own check, 422), a list of problems each naming its ``loc``.
An operation declares the answers it really gives: ``response={200: XOut, **errors(401, 404, 422)}``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, WithJsonSchema

from maklumat.lib.validation import MAX_UTC_OFFSET

# What each documented answer means, the same words on every operation (api/root.py puts them in the schema).
MEANINGS = {
    400: "Bad request: the request cannot be read (e.g. a body that is not JSON)",
    401: "Unauthorized: no valid bearer token or session",
    403: "Forbidden: the caller's role may not do this in this office",
    404: "Not found: absent, or outside the caller's reach (never told apart)",
    409: "Conflict: refused by the current state (queue, Idempotency-Key already used or in progress)",
    410: "Gone: the single-use survey link was already used or has expired",
    422: "Unprocessable: a field is missing, malformed or refused; detail names the field",
    429: "Too many requests: public rate limit per client address; retry after a minute",
}


class ProblemOut(Schema):
    """One schema problem of a request (ninja's validation), e.g. ``loc: ["body", "payload", "subject"]``."""

    model_config = ConfigDict(extra="allow")

    type: str
    loc: list[str | int]
    msg: str


class ErrorOut(Schema):
    detail: str | list[ProblemOut] = Field(description="what went wrong: a sentence naming the field, or the "
                                                       "list of schema problems (422)")


def errors(*codes: int) -> dict[int, type[ErrorOut]]:
    """``{code: ErrorOut}`` for the 4xx answers an operation gives."""
    unknown = set(codes) - set(MEANINGS)
    if unknown:
        raise ValueError(f"undocumented error status: {sorted(unknown)}")
    return dict.fromkeys(codes, ErrorOut)


def one_of(values):
    """A ``Literal`` of the allowed codes (``one_of(BookingChannel.values)``): the schema lists them as ``enum``
    and anything else is a 422 naming the field and the allowed values."""
    return Literal[tuple(values)]


# A moment a client may send: ISO 8601, with an offset within ±14:00 (without one it is the office's own
# time), in years 2000–8999. Anything else is a 422 naming the field, before any arithmetic can overflow.
EARLIEST_YEAR, LATEST_YEAR = 2000, 8999


def _plausible_moment(value: datetime) -> datetime:
    offset = value.utcoffset()
    if offset is not None and abs(offset) > MAX_UTC_OFFSET:
        raise ValueError("zona waktu di luar ±14:00 / offset beyond ±14:00")
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"tahun di luar {EARLIEST_YEAR}–{LATEST_YEAR} / year outside {EARLIEST_YEAR}–{LATEST_YEAR}")
    return value


def _plausible_day(value: date) -> date:
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValueError(f"tahun di luar {EARLIEST_YEAR}–{LATEST_YEAR} / year outside {EARLIEST_YEAR}–{LATEST_YEAR}")
    return value


Moment = Annotated[datetime, AfterValidator(_plausible_moment),
                   WithJsonSchema({"type": "string", "format": "date-time",
                                   "description": "ISO 8601; with an offset within ±14:00 (without one: the "
                                                  "office's own time); years 2000–8999"})]
Day = Annotated[date, AfterValidator(_plausible_day),
                WithJsonSchema({"type": "string", "format": "date", "description": "YYYY-MM-DD, years 2000–8999"})]


def checked_code(values):
    """An input code the service checks: listed as ``enum`` in the schema, refused by the service with a 422
    naming the field. Checked there, not by the schema, so that authorization comes first (a caller outside
    the office's reach gets 404 whatever the body says)."""
    return Annotated[str, WithJsonSchema({"type": "string", "enum": list(values)})]
