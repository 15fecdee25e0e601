"""The batch evaluation contract (``maklumat compensation evaluate``), free of the ORM.

Input lines are parsed and validated into ``Facts``; every bad line is reported as
``line N: field: reason``. Output is spooled to a temporary file and only copied to stdout
when the whole input was good, so a caller never sees half an answer.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import io
import multiprocessing
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from itertools import chain, islice
from operator import attrgetter, itemgetter
from typing import IO, Annotated, Any, BinaryIO, Literal, NamedTuple

import msgspec
import orjson

from maklumat.applications.events import MILESTONES, STEP_EVENTS
from maklumat.compensation.rules.compiled import OUTPUT_FULL, CompiledBatch, compile_batch, fixed
from maklumat.compensation.rules.facts import (
    BOOKING_CHANNELS,
    FLAGS,
    OUTAGE_SCOPES,
    Context,
    Facts,
    Outage,
)
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


# ----- decoding: msgspec for the common line, the exact reader above for anything else ----------

_EventName = Literal[tuple(sorted(_KNOWN_EVENTS))]  # type: ignore[valid-type]
_Flag = Literal[FLAGS]  # type: ignore[valid-type]


class Application(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """One input line as the fast decoder reads it. Anything it does not accept (an unknown key or
    event name, a wrong type, a null event, an escape sequence) goes to ``facts_from_line``, which
    either accepts the line the same way or names its first bad field: the contract is that reader's."""

    id: Annotated[str, msgspec.Meta(min_length=1)]
    service: Annotated[str, msgspec.Meta(min_length=1)]
    booking: Literal[BOOKING_CHANNELS]  # type: ignore[valid-type]
    smart_queue: bool = False
    events: dict[_EventName, datetime] = {}
    flags: list[_Flag] = []


# A chunk of lines is read in one call as ``[[line],[line],…]``: each line must be exactly one object
# (a line holding two, or an object running over two lines, does not decode and is read line by line).
_decode_many = msgspec.json.Decoder(list[tuple[Application]]).decode
_decode_one = msgspec.json.Decoder(Application).decode
_DecodeErrors = (msgspec.DecodeError, msgspec.ValidationError)

# msgspec reads timestamps in C but differs from ``datetime.fromisoformat`` (the contract's parser) in
# two ways: it accepts a lower-case ``z``, and it rounds more than six decimals where fromisoformat
# cuts them. Text that might hold either, or an escape sequence, is read by the exact reader instead.
# (Every separator msgspec accepts — ``T``, ``t``, a space — fromisoformat accepts the same way;
# ``tests/test_batch_decoding.py`` holds the two readers to each other.)
_LONG_FRACTION = re.compile(rb"\.[0-9]{7}")


def _doubtful(text: bytes) -> bool:
    return b"\\" in text or b"z" in text or (b"." in text and _LONG_FRACTION.search(text) is not None)


_YEAR = attrgetter("year")
_TZINFO = attrgetter("tzinfo")
_EVENTS = attrgetter("events")
_first_item = itemgetter(0)
_NEGATIVE_MAX_OFFSET = -MAX_OFFSET


class _Bad(Exception):
    """A line the fast path will not vouch for: read it again with the exact reader."""


def _settle(app: Application, tz: tzinfo, as_of: datetime) -> datetime:
    """Check the events of a decoded line (naive ones get the office's zone) in place; the earliest
    known at ``as_of`` (else ``as_of``). Raises ``_Bad`` when the exact reader must look at the line."""
    first = as_of
    events = app.events
    for name, moment in events.items():
        if moment.tzinfo is None:
            events[name] = moment = moment.replace(tzinfo=tz)
        elif not _NEGATIVE_MAX_OFFSET <= moment.utcoffset() <= MAX_OFFSET:
            raise _Bad
        if not FIRST_YEAR <= moment.year <= LAST_YEAR:
            raise _Bad
        if moment < first:
            first = moment
    return first


def _exact(raw: bytes, tz: tzinfo, as_of: datetime) -> tuple[Application, datetime]:
    """The contract's own reader for one line: an application, or ``LineError``/``JSONDecodeError``."""
    facts = facts_from_line(orjson.loads(raw), tz)
    first = as_of
    for moment in facts.events.values():
        if moment < first:
            first = moment
    app = Application(facts.id, facts.service, facts.booking, facts.smart_queue, dict(facts.events),
                      sorted(facts.flags))
    return app, first


def _read_exactly(number: int, raw: bytes, tz: tzinfo, as_of: datetime) -> tuple[Application, datetime] | str:
    try:
        return _exact(raw, tz, as_of)
    except orjson.JSONDecodeError as exc:
        return f"line {number}: json: not valid JSON ({exc})"
    except LineError as exc:
        return f"line {number}: {exc.field}: {exc.reason}"


class Chunk(NamedTuple):
    output: list[bytes]  # the answer lines (empty once a bad line was seen)
    errors: list[str]
    lines: int


def _bounds(apps: list[Application]) -> tuple[datetime, datetime] | None:
    """The earliest and the latest event of ``apps`` when every one is aware with an offset within
    ±14:00 and a year in range (checked for a whole chunk at once; when not, ``None``: each line is then
    checked on its own). ``(None, None)`` for a chunk without events."""
    # Iterated in C (map, chain): a chunk's moments are few distinct zones and two extreme years.
    moments = list(chain.from_iterable(map(dict.values, map(_EVENTS, apps))))
    if not moments:
        return None, None  # type: ignore[return-value]
    zones = set(map(_TZINFO, moments))
    if None in zones:
        return None
    offsets = [zone.utcoffset(None) for zone in zones]
    if min(offsets) < _NEGATIVE_MAX_OFFSET or max(offsets) > MAX_OFFSET:
        return None
    earliest, latest = min(moments), max(moments)
    if len(zones) == 1:  # one zone object (a fixed offset): the extreme moments have the extreme years
        years_ok = earliest.year >= FIRST_YEAR and latest.year <= LAST_YEAR
    else:
        years = set(map(_YEAR, moments))
        years_ok = min(years) >= FIRST_YEAR and max(years) <= LAST_YEAR
    return (earliest, latest) if years_ok else None


def answer_chunk(lines: Sequence[bytes], number: int, compiled: CompiledBatch, tz: tzinfo,
                 as_of: datetime, *, answering: bool = True) -> Chunk:
    """Decode, check and answer consecutive input lines, the first being line ``number``."""
    joined = b"],[".join(lines)
    if not _doubtful(joined):
        try:
            apps = list(map(_first_item, _decode_many(b"[[" + joined + b"]]")))
        except _DecodeErrors:
            apps = None  # a blank or odd line somewhere: go line by line
        bounds = None if apps is None else _bounds(apps)
        if bounds is not None:
            # The common case: every line good.
            if not answering:
                return Chunk([], [], len(apps))  # type: ignore[arg-type]
            earliest, latest = bounds
            past = latest is None or latest <= as_of
            # The earliest event known at the as-of moment (else the as-of moment) decides which
            # policies are in force: when no event is later than the as-of moment, every application's
            # lies between the chunk's earliest event and the as-of moment.
            in_force = compiled.in_force(earliest or as_of, as_of) if past else None
            if in_force is not None:
                return Chunk([compiled.answer_every(apps, in_force)], [], len(apps))  # type: ignore[arg-type]
            try:
                firsts = list(map(min, map(dict.values, map(_EVENTS, apps))))  # type: ignore[arg-type]
            except ValueError:  # an application without events: the as-of moment
                firsts = [min(app.events.values()) if app.events else as_of for app in apps]  # type: ignore[union-attr]
            if not past:
                firsts = [first if first <= as_of else _settle(app, tz, as_of)
                          for app, first in zip(apps, firsts, strict=True)]  # type: ignore[arg-type]
            return Chunk([compiled.answer_all(apps, firsts, past)], [], len(apps))  # type: ignore[arg-type]
    return _answer_line_by_line(lines, number, compiled.answer, tz, as_of, answering=answering)


def _answer_line_by_line(lines: Sequence[bytes], number: int, answer: Callable[[Any, datetime], bytes],
                         tz: tzinfo, as_of: datetime, *, answering: bool) -> Chunk:
    errors: list[str] = []
    out: list[bytes] = []
    count = 0
    for offset, raw in enumerate(lines):
        if not raw.strip():
            continue
        count += 1
        found = None
        if not _doubtful(raw):
            try:
                app = _decode_one(raw)
                found = app, _settle(app, tz, as_of)
            except (*_DecodeErrors, _Bad):
                found = None
        if found is None:
            found = _read_exactly(number + offset, raw, tz, as_of)
            if type(found) is str:
                errors.append(found)
                answering = False
                continue
        if answering:
            out.append(answer(*found))
    return Chunk(out, errors, count)


def evaluate_stream(
    lines: Iterable[bytes], *, policies: Sequence[Policy], ctx: Context, tz: tzinfo, out: BinaryIO,
    output: str = OUTPUT_FULL, jobs: int = 1,
) -> BatchResult:
    """Evaluate JSON Lines from ``lines``; write answers to ``out`` only if every line is good."""
    # No reference cycles are made here; the collector would only slow a million small objects down.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _evaluate_lines(lines, policies=policies, ctx=ctx, tz=tz, out=out, output=output, jobs=jobs)
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
                    out: BinaryIO, output: str, jobs: int) -> BatchResult:
    # Answers go straight into a regular output file (cut back to where it stood if a bad line turns
    # up: nothing is printed then); for a pipe they are spooled and copied only when all is good.
    offset = _regular_file_offset(out)
    with contextlib.ExitStack() as stack:
        sink = out if offset is not None else stack.enter_context(tempfile.TemporaryFile())
        compiled = compile_batch(policies, ctx, output=output)
        result = _answer_into(lines, compiled=compiled, tz=tz, sink=sink, jobs=jobs)
        if offset is not None:
            out.flush()
            if result.errors:
                os.ftruncate(out.fileno(), offset)
                os.lseek(out.fileno(), offset, os.SEEK_SET)
        elif not result.errors:
            sink.seek(0)
            shutil.copyfileobj(sink, out, 1 << 20)
    return result


CHUNK_LINES = 1024


def _chunks(lines: Iterable[bytes]) -> Iterator[tuple[list[bytes], int]]:
    """Consecutive lines in groups, each with the number of its first line."""
    number = 1
    source = iter(lines)
    while group := list(islice(source, CHUNK_LINES)):
        yield group, number
        number += len(group)


# What a worker process answers with (set before the pool forks, inherited by the workers): the
# compiled batch, zone, as-of moment and the directory of the workers' spool files.
_WORKER: tuple[CompiledBatch, tzinfo, datetime, str] | None = None
# This worker's spool: (descriptor, path, bytes written so far).
_SPOOL: list | None = None


def _work(task: tuple[list[bytes], int]) -> tuple[Chunk, str, int, int]:
    """Answer a chunk in a worker. The answers go to the worker's own spool file, not back through
    the pool's pipe (a million full answers are 1.3 GB: pickled, piped and copied again they cost
    more than answering); the parent copies each chunk's byte range into the output in input order."""
    global _SPOOL
    compiled, tz, as_of, directory = _WORKER  # type: ignore[misc]
    chunk = answer_chunk(task[0], task[1], compiled, tz, as_of)
    if _SPOOL is None:
        path = os.path.join(directory, str(os.getpid()))
        _SPOOL = [os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), path, 0]
    fd, path, offset = _SPOOL
    data = b"".join(chunk.output)
    _write_all(fd, data)
    _SPOOL[2] = offset + len(data)
    return chunk._replace(output=[]), path, offset, len(data)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _copy_range(source: int, offset: int, length: int, target: int) -> None:
    """Append ``length`` bytes of ``source`` from ``offset`` at ``target``'s position, in the kernel
    when it can (``copy_file_range``), else through a buffer."""
    while length:
        try:
            copied = os.copy_file_range(source, target, length, offset)
        except OSError:
            copied = 0
        if not copied:
            data = os.pread(source, min(length, 1 << 20), offset)
            if not data:
                raise OSError(f"a worker's answers end {length} bytes short")
            _write_all(target, data)
            copied = len(data)
        offset += copied
        length -= copied


def _answer_into(lines: Iterable[bytes], *, compiled: CompiledBatch, tz: tzinfo, sink: BinaryIO,
                 jobs: int) -> BatchResult:
    as_of = fixed(compiled.ctx.as_of)
    if jobs > 1:
        return _answer_in_workers(lines, compiled=compiled, tz=tz, as_of=as_of, sink=sink, jobs=jobs)
    errors: list[str] = []
    count = 0
    # Answers go through one large buffer straight to the file descriptor: no chunk-sized copies.
    writer = io.BufferedWriter(io.FileIO(sink.fileno(), "wb", closefd=False), 1 << 20)
    try:
        for group, number in _chunks(lines):
            chunk = answer_chunk(group, number, compiled, tz, as_of, answering=not errors)
            count += chunk.lines
            errors.extend(chunk.errors)
            if not errors:
                writer.writelines(chunk.output)
        writer.flush()
    finally:
        writer.detach()
    return BatchResult(lines=count, errors=errors)


def _answer_in_workers(lines: Iterable[bytes], *, compiled: CompiledBatch, tz: tzinfo, as_of: datetime,
                       sink: BinaryIO, jobs: int) -> BatchResult:
    """``--jobs``: chunks answered by forked workers into their spool files, copied into ``sink``
    in input order."""
    global _WORKER
    errors: list[str] = []
    count = 0
    directory = tempfile.mkdtemp(prefix="maklumat-evaluate-")
    sources: dict[str, int] = {}
    _WORKER = (compiled, tz, as_of, directory)
    pool = multiprocessing.get_context("fork").Pool(jobs)
    try:
        for chunk, path, offset, length in pool.imap(_work, _chunks(lines), chunksize=1):
            count += chunk.lines
            errors.extend(chunk.errors)
            if not errors and length:
                source = sources.get(path)
                if source is None:
                    source = sources[path] = os.open(path, os.O_RDONLY)
                _copy_range(source, offset, length, sink.fileno())
    finally:
        pool.terminate()
        pool.join()
        for source in sources.values():
            os.close(source)
        shutil.rmtree(directory, ignore_errors=True)
    return BatchResult(lines=count, errors=errors)


def write_errors(errors: Sequence[str], stream: IO[str]) -> None:
    for line in errors:
        stream.write(line + "\n")
