"""The batch evaluation contract (``maklumat compensation evaluate``), free of the ORM.

Input lines are parsed and validated into ``Facts``; every bad line is reported as
``line N: field: reason``. Output is spooled to a temporary file and only copied to stdout
when the whole input was good, so a caller never sees half an answer.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import IO, Any, BinaryIO

import orjson

from maklumat.applications.events import MILESTONES, STEP_EVENTS
from maklumat.compensation.rules.facts import (
    BOOKING_CHANNELS,
    FLAGS,
    OUTAGE_SCOPES,
    Context,
    Facts,
    Outage,
)
from maklumat.compensation.rules.fast import FastPolicy, answer_lines
from maklumat.compensation.rules.policy import Policy

_KNOWN_FLAGS = frozenset(FLAGS)
_KNOWN_BOOKING = frozenset(BOOKING_CHANNELS)


fromisoformat = datetime.fromisoformat


class LineError(ValueError):
    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def parse_moment(value: Any, field: str, tz: tzinfo) -> datetime:
    """An ISO 8601 timestamp; without an offset it is the office's local time."""
    if not isinstance(value, str):
        raise LineError(field, "must be an ISO 8601 timestamp string")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise LineError(field, f"not an ISO 8601 timestamp: {value!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    problem = implausible(moment)
    if problem:
        raise LineError(field, problem)
    return moment


# The plausible window of a timestamp in the contract: a UTC offset within ±14:00 and a year from 2000 to
# 8999 (earlier is a typing mistake; later leaves no room for the working-day arithmetic).
MAX_OFFSET = timedelta(hours=14)
FIRST_YEAR, LAST_YEAR = 2000, 8999


def implausible(moment: datetime) -> str | None:
    """Why an aware timestamp cannot be a real record's time in the batch contract, or ``None``."""
    offset = moment.utcoffset()
    if offset is not None and (offset > MAX_OFFSET or offset < -MAX_OFFSET):
        return f"UTC offset {moment.isoformat()[19:]} is beyond ±14:00"
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        return f"year {moment.year} is outside {FIRST_YEAR}–{LAST_YEAR}"
    return None


# The event vocabulary as one set: the check runs for every event of a million lines.
_KNOWN_EVENTS = frozenset(MILESTONES) | frozenset(STEP_EVENTS)
_NO_FLAGS: frozenset[str] = frozenset()


def facts_from_line(data: Any, tz: tzinfo) -> Facts:
    """Validate one decoded input line; raises ``LineError`` for the first bad field."""
    if type(data) is not dict:
        raise LineError("line", "must be a JSON object")
    app_id = data.get("id")
    if type(app_id) is not str or not app_id:
        raise LineError("id", "required, a non-empty string")
    service = data.get("service")
    if type(service) is not str or not service:
        raise LineError("service", "required, a service code such as baru or penggantian")
    booking = data.get("booking")
    if booking not in _KNOWN_BOOKING:
        raise LineError("booking", f"must be one of {', '.join(BOOKING_CHANNELS)}, got {booking!r}")
    smart_queue = data.get("smart_queue", False)
    if type(smart_queue) is not bool:
        raise LineError("smart_queue", "must be true or false")
    raw_events = data.get("events", {})
    if type(raw_events) is not dict:
        raise LineError("events", "must be an object of event name to timestamp")
    events: dict[str, datetime] = {}
    first = None
    for name, value in raw_events.items():
        if name not in _KNOWN_EVENTS:
            continue  # the contract: unknown event names are ignored
        if value is None:
            continue  # null = not happened yet
        if type(value) is str:
            try:
                moment = fromisoformat(value)
            except ValueError:
                raise LineError(f"events.{name}", f"not an ISO 8601 timestamp: {value!r}") from None
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=tz)
            elif not -MAX_OFFSET <= moment.utcoffset() <= MAX_OFFSET:
                raise LineError(f"events.{name}", implausible(moment))
            if not FIRST_YEAR <= moment.year <= LAST_YEAR:
                raise LineError(f"events.{name}", implausible(moment))
            events[name] = moment
            if first is None or moment < first:
                first = moment
        else:
            raise LineError(f"events.{name}", "must be an ISO 8601 timestamp string")
    raw_flags = data.get("flags", [])
    if type(raw_flags) is not list:
        raise LineError("flags", "must be a list")
    for flag in raw_flags:
        if flag not in _KNOWN_FLAGS:
            raise LineError("flags", f"unknown flag {flag!r} (known: {', '.join(FLAGS)})")
    return Facts(app_id, service, booking, smart_queue, events, frozenset(raw_flags) if raw_flags else _NO_FLAGS,
                 first)


def outage_from_line(data: Any, tz: tzinfo) -> Outage:
    if type(data) is not dict:
        raise LineError("line", "must be a JSON object")
    start = parse_moment(data.get("start"), "start", tz)
    end = None if data.get("end") is None else parse_moment(data.get("end"), "end", tz)
    if end is not None and end <= start:
        raise LineError("end", "must be after start")
    scope = data.get("scope", "office")
    if scope not in OUTAGE_SCOPES:
        raise LineError("scope", f"must be one of {', '.join(OUTAGE_SCOPES)}, got {scope!r}")
    note = data.get("note", "")
    if not isinstance(note, str):
        raise LineError("note", "must be a string")
    return Outage(start=start, end=end, scope=scope, note=note)


def read_outages(lines: Iterable[bytes], tz: tzinfo) -> tuple[list[Outage], list[str]]:
    outages, errors = [], []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            outages.append(outage_from_line(orjson.loads(raw), tz))
        except orjson.JSONDecodeError as exc:
            errors.append(f"outages line {number}: json: not valid JSON ({exc})")
        except LineError as exc:
            errors.append(f"outages line {number}: {exc.field}: {exc.reason}")
    return outages, errors


@dataclass
class BatchResult:
    lines: int
    errors: list[str]


def evaluate_stream(
    lines: Iterable[bytes], *, policies: Sequence[Policy], ctx: Context, tz: tzinfo, out: BinaryIO,
) -> BatchResult:
    """Evaluate JSON Lines from ``lines``; write answers to ``out`` only if every line is good."""
    # No reference cycles are made here; the collector would only slow a million small objects down.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _evaluate_lines(lines, policies=policies, ctx=ctx, tz=tz, out=out)
    finally:
        if collecting:
            gc.enable()


def _regular_file_offset(out: BinaryIO) -> int | None:
    """Where ``out`` stands if it is a regular file we can take back; None for pipes, terminals and
    files opened for appending."""
    try:
        fd = out.fileno()
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        out.flush()
        if fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_APPEND:
            # ``>> results.jsonl``: a fresh append descriptor stands at 0 while every write lands at
            # the end, and cutting back would empty the file. Spool instead: the target is not touched
            # until every line is good.
            return None
        return os.lseek(fd, 0, os.SEEK_CUR)
    except (AttributeError, OSError, ValueError):
        return None


def _evaluate_lines(lines: Iterable[bytes], *, policies: Sequence[Policy], ctx: Context, tz: tzinfo,
                    out: BinaryIO) -> BatchResult:
    # Answers go straight into a regular output file (cut back to where it stood if a bad line turns
    # up: nothing is printed then); for a pipe they are spooled and copied only when all is good.
    offset = _regular_file_offset(out)
    with contextlib.ExitStack() as stack:
        sink = out if offset is not None else stack.enter_context(tempfile.TemporaryFile())
        result = _answer_into(lines, policies=policies, ctx=ctx, tz=tz, sink=sink)
        if offset is not None:
            out.flush()
            if result.errors:
                os.ftruncate(out.fileno(), offset)
                os.lseek(out.fileno(), offset, os.SEEK_SET)
        elif not result.errors:
            sink.seek(0)
            shutil.copyfileobj(sink, out, 1 << 20)
    return result


def _answer_into(lines: Iterable[bytes], *, policies: Sequence[Policy], ctx: Context, tz: tzinfo,
                 sink: BinaryIO) -> BatchResult:
    errors: list[str] = []
    count = 0
    loads = orjson.loads
    fast = [FastPolicy(policy, ctx) for policy in policies]
    as_of = ctx.as_of
    pending: list[bytes] = []
    add = pending.append
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        count += 1
        try:
            facts = facts_from_line(loads(raw), tz)
        except orjson.JSONDecodeError as exc:
            errors.append(f"line {number}: json: not valid JSON ({exc})")
            continue
        except LineError as exc:
            errors.append(f"line {number}: {exc.field}: {exc.reason}")
            continue
        if errors:
            continue  # keep validating, stop answering
        add(answer_lines(facts, fast, as_of))
        if len(pending) >= 4096:
            sink.write(b"".join(pending))
            pending.clear()
    if not errors:
        sink.write(b"".join(pending))
    return BatchResult(lines=count, errors=errors)


def write_errors(errors: Sequence[str], stream: IO[str]) -> None:
    for line in errors:
        stream.write(line + "\n")
