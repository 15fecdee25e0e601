"""The vocabulary of compensation conditions: small, pure, composable checks.

A condition is built once from a policy's data (``build_condition``) and then checked for
many applications: ``check(facts, ctx, out)`` appends its result(s) to ``out`` and returns
``True`` (held), ``False`` (did not hold) or ``None`` (not decided yet: the breach can still
happen, or the event it measures from has not happened). Composites combine their parts
with three-valued (Kleene) logic.

An event later than the *as-of* moment counts as not happened yet, so the same rules answer
"what did we know at 10:00?".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, ClassVar

from maklumat.compensation.rules.facts import (
    BOOKING_CHANNELS,
    BOOKING_LABELS,
    FLAG_LABELS,
    FLAGS,
    SCOPE_LABELS,
    ConditionResult,
    Context,
    Facts,
    event_label,
    label_of,
)

ONE_MICROSECOND = timedelta(microseconds=1)


class PolicyError(ValueError):
    """A policy's data does not describe a valid condition or policy."""


def format_duration(span: timedelta) -> tuple[str, str]:
    """``2 jam 1 menit`` / ``2 h 1 min`` (seconds dropped, never rounded up)."""
    minutes = int(span.total_seconds() // 60)
    hours, minutes = divmod(max(minutes, 0), 60)
    if hours and minutes:
        return f"{hours} jam {minutes} menit", f"{hours} h {minutes} min"
    if hours:
        return f"{hours} jam", f"{hours} h"
    return f"{minutes} menit", f"{minutes} min"


def _event_at(facts: Facts, name: str, ctx: Context) -> datetime | None:
    at = facts.events.get(name)
    if at is None or at > ctx.as_of:
        return None
    return at


def deadline_after(ctx: Context, start: datetime, working_days: int) -> datetime:
    """End (24:00 local) of the ``working_days``-th working day after ``start``'s date; memoised."""
    day = ctx.calendar.local(start).date()
    key = (day, working_days)
    found = ctx.deadline_cache.get(key)
    if found is None:
        found = ctx.calendar.end_of_nth_working_day(start, working_days)
        ctx.deadline_cache[key] = found
    return found


@dataclass(frozen=True)
class Condition:
    code: str
    # True when the result depends only on service, booking, smart_queue and flags (no events, no time):
    # the compiled batch code (rules/compiled.py) looks such conditions up together.
    static: ClassVar[bool] = False

    def check(self, facts: Facts, ctx: Context, out: list[ConditionResult]) -> bool | None:
        raise NotImplementedError

    def children(self) -> tuple[Condition, ...]:
        return ()

    def turns(self, facts: Facts, ctx: Context) -> Iterable[datetime]:
        """The moments, beside the application's events, at which this condition's result may change
        while no event happens (a wait passing its limit, a deadline, a disruption beginning): as of
        every moment between two consecutive turns or events the result is the same. ``facts``
        carries every event; ``ctx`` the calendar and disruptions. Lets Kinerja find the first
        moment a decision holds without trying every microsecond."""
        return ()


@dataclass(frozen=True)
class ServiceIn(Condition):
    """The application's service type is (or, ``negate``, is not) one of ``services``."""

    static: ClassVar[bool] = True

    services: frozenset[str]
    negate: bool = False

    def check(self, facts, ctx, out):
        inside = facts.service in self.services
        held = inside != self.negate
        listed = ", ".join(sorted(self.services))
        if self.negate:
            if held:
                reason = (f"Layanan {facts.service} bukan {listed}", f"Service {facts.service} is not {listed}")
            else:
                reason = (f"Layanan {facts.service} dikecualikan ({listed})",
                          f"Service {facts.service} is excluded ({listed})")
        elif held:
            reason = (f"Layanan {facts.service} termasuk {listed}", f"Service {facts.service} is one of {listed}")
        else:
            reason = (f"Layanan {facts.service} bukan {listed}", f"Service {facts.service} is not one of {listed}")
        out.append(ConditionResult(self.code, held, facts.service, *reason))
        return held


@dataclass(frozen=True)
class BookingIn(Condition):
    """The applicant booked through one of ``channels`` (e.g. the M-Paspor online queue)."""

    static: ClassVar[bool] = True

    channels: frozenset[str]

    def check(self, facts, ctx, out):
        held = facts.booking in self.channels
        used_id, used_en = label_of(BOOKING_LABELS, facts.booking)
        listed = [label_of(BOOKING_LABELS, channel) for channel in sorted(self.channels)]
        listed_id, listed_en = ", ".join(x[0] for x in listed), ", ".join(x[1] for x in listed)
        if held:
            reason = (f"Pemesanan melalui {used_id}", f"Booked through {used_en}")
        else:
            reason = (f"Pemesanan melalui {used_id}, bukan {listed_id}", f"Booked through {used_en}, not {listed_en}")
        out.append(ConditionResult(self.code, held, facts.booking, *reason))
        return held


@dataclass(frozen=True)
class SmartQueue(Condition):
    """The applicant is registered in the office's SMART queue."""

    static: ClassVar[bool] = True

    def check(self, facts, ctx, out):
        held = bool(facts.smart_queue)
        if held:
            reason = ("Terdaftar di antrian SMART", "Registered in the SMART queue")
        else:
            reason = ("Tidak terdaftar di antrian SMART", "Not registered in the SMART queue")
        out.append(ConditionResult(self.code, held, held, *reason))
        return held


@dataclass(frozen=True)
class Flag(Condition):
    """A flag (under_review, field_check, broker) is present (``present``) or absent."""

    static: ClassVar[bool] = True

    flag: str
    present: bool

    def check(self, facts, ctx, out):
        has = self.flag in facts.flags
        held = has == self.present
        name_id, name_en = label_of(FLAG_LABELS, self.flag)
        if has:
            reason = (f"Ditandai: {name_id}", f"Flagged: {name_en}")
        else:
            reason = (f"Tanpa tanda: {name_id}", f"Not flagged: {name_en}")
        out.append(ConditionResult(self.code, held, has, *reason))
        return held


@lru_cache(maxsize=256)
def _wait_labels(start: str, end: str, minutes: int, strict: bool) -> tuple:
    """The texts a wait condition repeats for every application (computed once per condition)."""
    word = ("lebih dari", "more than") if strict else ("sedikitnya", "at least")
    return (*event_label(start), *event_label(end), *format_duration(timedelta(minutes=minutes)), *word,
            timedelta(minutes=minutes))


@dataclass(frozen=True)
class WaitOver(Condition):
    """More than ``minutes`` (strictly, unless ``strict`` is false) passed from one event to another.

    Wall-clock time: a wait inside one service day. Measured in minutes (fractions kept).
    While the second event has not happened, the wait so far counts: over the threshold
    it is already a breach, under it the breach can still happen (``None``).
    """

    start: str
    end: str
    minutes: int
    strict: bool = True

    def check(self, facts, ctx, out):
        begin = _event_at(facts, self.start, ctx)
        start_id, start_en, end_id, end_en, limit_id, limit_en, word_id, word_en, limit = _wait_labels(
            self.start, self.end, self.minutes, self.strict)
        if begin is None:
            out.append(ConditionResult(self.code, None, None, f"Belum ada {start_id}", f"No {start_en} yet"))
            return None
        finish = _event_at(facts, self.end, ctx)
        waited = (finish if finish is not None else ctx.as_of) - begin
        over = waited > limit if self.strict else waited >= limit
        measured = round(waited.total_seconds() / 60, 2)
        span_id, span_en = format_duration(waited)
        if finish is None and not over:
            out.append(ConditionResult(
                self.code, None, measured,
                f"Sudah menunggu {span_id} sejak {start_id}, belum {end_id}",
                f"Waiting {span_en} since {start_en}, no {end_en} yet",
            ))
            return None
        verb_id = "menunggu" if finish is not None else "sudah menunggu"
        verb_en = "waited" if finish is not None else "waiting"
        if over:
            reason = (f"{verb_id.capitalize()} {span_id} sejak {start_id}, {word_id} {limit_id}",
                      f"{verb_en.capitalize()} {span_en} since {start_en}, {word_en} {limit_en}")
        else:
            reason = (f"Menunggu {span_id} sejak {start_id}, tidak {word_id} {limit_id}",
                      f"Waited {span_en} since {start_en}, not {word_en} {limit_en}")
        out.append(ConditionResult(self.code, over, measured, *reason))
        return over

    def turns(self, facts, ctx):
        begin = facts.events.get(self.start)
        if begin is None:
            return ()
        limit = begin + timedelta(minutes=self.minutes)
        return limit, limit + ONE_MICROSECOND  # "over" from the limit (not strict) or just after it


@dataclass(frozen=True)
class DeadlineMissed(Condition):
    """``end`` came after the end of the ``working_days``-th working day after ``start``.

    Measured: working days from ``start``'s date to ``end``'s date (or to the as-of date while
    ``end`` has not happened).
    """

    start: str
    end: str
    working_days: int

    def check(self, facts, ctx, out):
        begin = _event_at(facts, self.start, ctx)
        start_id, start_en = event_label(self.start)
        end_id, end_en = event_label(self.end)
        if begin is None:
            out.append(ConditionResult(self.code, None, None, f"Belum ada {start_id}", f"No {start_en} yet"))
            return None
        deadline = deadline_after(ctx, begin, self.working_days)
        finish = _event_at(facts, self.end, ctx)
        calendar = ctx.calendar
        moment = finish if finish is not None else ctx.as_of
        days = calendar.working_days_between(calendar.local(begin).date(), calendar.local(moment).date())
        last_day = (deadline - timedelta(days=1)).date().isoformat()
        n = self.working_days
        if finish is None:
            if ctx.as_of >= deadline:
                out.append(ConditionResult(
                    self.code, True, days,
                    f"Belum ada {end_id}; batas {n} hari kerja setelah {start_id} ({last_day}) terlewati",
                    f"No {end_en} yet; the limit of {n} working days after {start_en} ({last_day}) has passed",
                ))
                return True
            out.append(ConditionResult(
                self.code, None, days,
                f"Belum ada {end_id}; batas {n} hari kerja setelah {start_id}: {last_day}",
                f"No {end_en} yet; limit of {n} working days after {start_en}: {last_day}",
            ))
            return None
        missed = finish >= deadline
        if missed:
            reason = (f"{end_id.capitalize()} pada hari kerja ke-{days} setelah {start_id}, lewat dari {n} hari kerja",
                      f"{end_en.capitalize()} on working day {days} after {start_en}, later than {n} working days")
        else:
            reason = (f"{end_id.capitalize()} pada hari kerja ke-{days} setelah {start_id}, dalam {n} hari kerja",
                      f"{end_en.capitalize()} on working day {days} after {start_en}, within {n} working days")
        out.append(ConditionResult(self.code, missed, days, *reason))
        return missed

    def turns(self, facts, ctx):
        begin = facts.events.get(self.start)
        return () if begin is None else (deadline_after(ctx, begin, self.working_days),)


@dataclass(frozen=True)
class NoOutage(Condition):
    """No system disruption overlapped the interval from ``start`` to ``end`` (or as-of).

    With ``within_working_days`` the interval stops at that deadline after ``start``: a
    disruption after the deadline did not cause the lateness. Touching ends do not overlap.
    """

    start: str
    end: str
    within_working_days: int | None = None

    def check(self, facts, ctx, out):
        begin = _event_at(facts, self.start, ctx)
        start_id, start_en = event_label(self.start)
        if begin is None:
            out.append(ConditionResult(self.code, None, None, f"Belum ada {start_id}", f"No {start_en} yet"))
            return None
        finish = _event_at(facts, self.end, ctx) or ctx.as_of
        if self.within_working_days is not None:
            finish = min(finish, deadline_after(ctx, begin, self.within_working_days))
        if not ctx.outages:
            out.append(ConditionResult(self.code, True, 0, "Tidak ada gangguan sistem", "No system disruption"))
            return True
        hits = [o for o in ctx.outages if o.start < finish and (o.end is None or o.end > begin)]
        if not hits:
            out.append(ConditionResult(self.code, True, 0, "Tidak ada gangguan sistem", "No system disruption"))
            return True
        first = hits[0]
        when = ctx.calendar.local(first.start).strftime("%Y-%m-%d %H:%M")
        note = f": {first.note}" if first.note else ""
        scope_id, scope_en = label_of(SCOPE_LABELS, first.scope)
        out.append(ConditionResult(
            self.code, False, len(hits),
            f"Gangguan sistem ({scope_id}) sejak {when}{note}",
            f"System disruption ({scope_en}) from {when}{note}",
        ))
        return False

    def turns(self, facts, ctx):
        begin = facts.events.get(self.start)
        if begin is None:
            return ()
        # A disruption counts once it has begun before the moment asked (``start < finish``); one that
        # began before ``start`` counts from ``start`` on, an event.
        moments = [moment for outage in ctx.outages if outage.start >= begin
                   for moment in (outage.start, outage.start + ONE_MICROSECOND)]
        if self.within_working_days is not None:
            deadline = deadline_after(ctx, begin, self.within_working_days)
            moments += [deadline, deadline + ONE_MICROSECOND]
        return moments


def all_turns(parts: Sequence[Condition], facts: Facts, ctx: Context) -> set[datetime]:
    return {moment for part in parts for moment in part.turns(facts, ctx)}


def kleene_and(values: Sequence[bool | None]) -> bool | None:
    # Values are only True, False or None, so ``in`` (which uses ==) is exact here.
    if False in values:
        return False
    if None in values:
        return None
    return True


def kleene_or(values: Sequence[bool | None]) -> bool | None:
    if True in values:
        return True
    if None in values:
        return None
    return False


def composite_reason(held: bool | None, parts: Sequence[Condition], every: bool) -> tuple[str, str]:
    codes = ", ".join(part.code for part in parts)
    if held:
        return ((f"Semua terpenuhi: {codes}", f"All hold: {codes}") if every
                else (f"Salah satu terpenuhi: {codes}", f"At least one holds: {codes}"))
    if held is False:
        return ((f"Tidak semua terpenuhi: {codes}", f"Not all hold: {codes}") if every
                else (f"Tidak satu pun terpenuhi: {codes}", f"None holds: {codes}"))
    return f"Belum dapat diputuskan: {codes}", f"Not decided yet: {codes}"


@dataclass(frozen=True)
class AllOf(Condition):
    """Every part holds. Reported as its own line before its parts, unless ``report`` is off
    (the policy's top level, whose outcome is the decision itself)."""

    parts: tuple[Condition, ...]
    report: bool = True

    def children(self) -> tuple[Condition, ...]:
        return self.parts

    def turns(self, facts, ctx):
        return all_turns(self.parts, facts, ctx)

    def check(self, facts, ctx, out):
        index = len(out)
        if self.report:
            out.append(None)  # type: ignore[arg-type]  # placeholder, filled below
        # Every part is checked (no short-circuit): the officer sees every reason.
        held = kleene_and([part.check(facts, ctx, out) for part in self.parts])
        if self.report:
            out[index] = ConditionResult(self.code, held, None, *composite_reason(held, self.parts, True))
        return held


@dataclass(frozen=True)
class AnyOf(Condition):
    """At least one part holds. Reported as its own line before its parts."""

    parts: tuple[Condition, ...]
    report: bool = True

    def children(self) -> tuple[Condition, ...]:
        return self.parts

    def turns(self, facts, ctx):
        return all_turns(self.parts, facts, ctx)

    def check(self, facts, ctx, out):
        index = len(out)
        out.append(None)  # type: ignore[arg-type]  # placeholder, filled below
        held = kleene_or([part.check(facts, ctx, out) for part in self.parts])
        out[index] = ConditionResult(self.code, held, None, *composite_reason(held, self.parts, False))
        return held


def _names(spec: Mapping[str, Any], key: str, allowed: Sequence[str] | None = None) -> frozenset[str]:
    values = spec.get(key)
    if not isinstance(values, list) or not values or not all(isinstance(v, str) and v for v in values):
        raise PolicyError(f"{spec.get('code', '?')}: {key} must be a non-empty list of names")
    if allowed is not None:
        unknown = sorted(set(values) - set(allowed))
        if unknown:
            raise PolicyError(f"{spec.get('code', '?')}: unknown {key}: {', '.join(unknown)}")
    return frozenset(values)


def _event(spec: Mapping[str, Any], key: str) -> str:
    value = spec.get(key)
    if not isinstance(value, str) or not value:
        raise PolicyError(f"{spec.get('code', '?')}: {key} must name an event")
    return value


def _positive_int(spec: Mapping[str, Any], key: str, *, allow_zero: bool = False) -> int:
    value = spec.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < (0 if allow_zero else 1):
        raise PolicyError(f"{spec.get('code', '?')}: {key} must be a whole number ≥ {0 if allow_zero else 1}")
    return value


def _flag(code: str, spec: Mapping[str, Any], *, present: bool) -> Condition:
    names = _names(spec, "flags", FLAGS)
    if len(names) != 1:
        raise PolicyError(f"{code}: flags must name exactly one flag")
    return Flag(code, next(iter(names)), present)


def _wait_over(code: str, spec: Mapping[str, Any]) -> Condition:
    minutes = _positive_int(spec, "minutes")
    if "warn_before_minutes" in spec and _positive_int(spec, "warn_before_minutes", allow_zero=True) > minutes:
        raise PolicyError(f"{code}: warn_before_minutes must not exceed minutes")
    return WaitOver(code, _event(spec, "from"), _event(spec, "to"), minutes, bool(spec.get("strict", True)))


_BUILDERS: dict[str, Callable[[str, Mapping[str, Any]], Condition]] = {
    "service_in": lambda code, s: ServiceIn(code, _names(s, "services")),
    "service_not_in": lambda code, s: ServiceIn(code, _names(s, "services"), negate=True),
    "booking_in": lambda code, s: BookingIn(code, _names(s, "channels", BOOKING_CHANNELS)),
    "smart_queue": lambda code, s: SmartQueue(code),
    "flag_absent": lambda code, s: _flag(code, s, present=False),
    "flag_present": lambda code, s: _flag(code, s, present=True),
    "wait_over": lambda code, s: _wait_over(code, s),
    "deadline_missed": lambda code, s: DeadlineMissed(code, _event(s, "from"), _event(s, "to"),
                                                      _positive_int(s, "working_days", allow_zero=True)),
    "no_outage": lambda code, s: NoOutage(
        code, _event(s, "from"), _event(s, "to"),
        _positive_int(s, "within_working_days", allow_zero=True) if "within_working_days" in s else None,
    ),
}


CONDITION_TYPES = tuple(sorted([*_BUILDERS, "all_of", "any_of"]))


def build_condition(spec: Mapping[str, Any]) -> Condition:
    """A condition from its data, e.g. ``{"code": "c", "type": "smart_queue"}``."""
    if not isinstance(spec, Mapping):
        raise PolicyError("a condition must be an object")
    code = spec.get("code")
    if not isinstance(code, str) or not code:
        raise PolicyError("every condition needs a code")
    kind = spec.get("type")
    if kind in ("all_of", "any_of"):
        parts = spec.get("conditions")
        if not isinstance(parts, list) or not parts:
            raise PolicyError(f"{code}: conditions must be a non-empty list")
        built = tuple(build_condition(part) for part in parts)
        return AllOf(code, built) if kind == "all_of" else AnyOf(code, built)
    builder = _BUILDERS.get(kind)  # type: ignore[arg-type]
    if builder is None:
        raise PolicyError(f"{code}: unknown condition type {kind!r} (known: {', '.join(CONDITION_TYPES)})")
    return builder(code, spec)
