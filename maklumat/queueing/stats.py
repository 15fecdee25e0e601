"""Queue statistics (pure): waiting and service times by class, step, counter and hour; officers;
priority-room use; no-show rate. Input is one ``VisitRow`` per stay of a ticket at a step."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from statistics import mean, median


@dataclass(frozen=True)
class VisitRow:
    ticket_id: int
    ticket_class: str
    step: str
    joined_at: datetime          # office local time
    called_at: datetime | None
    ended_at: datetime | None
    outcome: str                 # done / transferred / no_show / "" (still open)
    counter: str = ""
    officer: str = ""
    priority_room: bool = False


@dataclass
class Figures:
    """Waiting and service minutes of a group of visits."""

    visits: int = 0
    called: int = 0
    no_shows: int = 0
    waits: list[float] = field(default_factory=list)
    services: list[float] = field(default_factory=list)

    @property
    def mean_wait(self) -> float | None:
        return round(mean(self.waits), 1) if self.waits else None

    @property
    def median_wait(self) -> float | None:
        return round(median(self.waits), 1) if self.waits else None

    @property
    def max_wait(self) -> float | None:
        return round(max(self.waits), 1) if self.waits else None

    @property
    def mean_service(self) -> float | None:
        return round(mean(self.services), 1) if self.services else None

    @property
    def no_show_rate(self) -> float | None:
        return round(100 * self.no_shows / self.called, 1) if self.called else None


def _minutes(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 60


def figures(rows: Iterable[VisitRow]) -> Figures:
    out = Figures()
    for row in rows:
        out.visits += 1
        if row.called_at is None:
            continue
        out.called += 1
        out.waits.append(_minutes(row.joined_at, row.called_at))
        if row.outcome == "no_show":
            out.no_shows += 1
        elif row.ended_at is not None:
            out.services.append(_minutes(row.called_at, row.ended_at))
    return out


def grouped(rows: Iterable[VisitRow], key: Callable[[VisitRow], object]) -> dict[object, Figures]:
    groups: dict[object, list[VisitRow]] = defaultdict(list)
    for row in rows:
        groups[key(row)].append(row)
    return {k: figures(v) for k, v in sorted(groups.items(), key=lambda kv: str(kv[0]))}


def by_hour(rows: Iterable[VisitRow]) -> dict[int, Figures]:
    """Grouped by the hour of day (local) the ticket joined the step."""
    return grouped(rows, lambda r: r.joined_at.hour)  # type: ignore[return-value]


def served_per_officer(rows: Iterable[VisitRow]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        if row.called_at is not None and row.outcome != "no_show" and row.officer:
            counts[row.officer] += 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


@dataclass(frozen=True)
class PriorityRoomUse:
    priority_visits: int           # visits of priority-class tickets that were called
    served_in_room: int            # of those, called in the priority room
    room_calls: int                # all calls made in the priority room
    room_general_calls: int        # general tickets the room took when no priority waited

    @property
    def share_in_room(self) -> float | None:
        return round(100 * self.served_in_room / self.priority_visits, 1) if self.priority_visits else None


def priority_room_use(rows: Iterable[VisitRow]) -> PriorityRoomUse:
    called = [r for r in rows if r.called_at is not None]
    priority = [r for r in called if r.ticket_class == "priority"]
    room = [r for r in called if r.priority_room]
    return PriorityRoomUse(
        priority_visits=len(priority), served_in_room=sum(1 for r in priority if r.priority_room),
        room_calls=len(room), room_general_calls=sum(1 for r in room if r.ticket_class == "general"),
    )


@dataclass(frozen=True)
class Summary:
    """The figures of ``Figures`` from SQL aggregates (sums, maximum and median computed by the database):
    the statistics page reads a few rows per group instead of every visit of the period."""

    visits: int = 0
    called: int = 0
    no_shows: int = 0
    wait_sum: float = 0.0
    wait_max_minutes: float | None = None
    wait_median_minutes: float | None = None
    service_sum: float = 0.0
    services: int = 0

    @property
    def mean_wait(self) -> float | None:
        return round(self.wait_sum / self.called, 1) if self.called else None

    @property
    def median_wait(self) -> float | None:
        return round(self.wait_median_minutes, 1) if self.called and self.wait_median_minutes is not None else None

    @property
    def max_wait(self) -> float | None:
        return round(self.wait_max_minutes, 1) if self.called and self.wait_max_minutes is not None else None

    @property
    def mean_service(self) -> float | None:
        return round(self.service_sum / self.services, 1) if self.services else None

    @property
    def no_show_rate(self) -> float | None:
        return round(100 * self.no_shows / self.called, 1) if self.called else None


def sorted_groups(groups: dict) -> dict:
    """Groups in the order ``grouped`` gives them (by the text of the key)."""
    return dict(sorted(groups.items(), key=lambda kv: str(kv[0])))
