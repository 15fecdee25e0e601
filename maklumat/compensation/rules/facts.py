"""The plain data the compensation rules read and return (no ORM, no request)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from maklumat.calendar.rules import WorkCalendar

DECISION_ELIGIBLE = "eligible"
DECISION_NOT_ELIGIBLE = "not_eligible"
DECISION_PENDING = "pending"
DECISION_NOT_APPLICABLE = "not_applicable"

REMEDIES = ("apology", "priority_service", "souvenir", "home_delivery")
FLAGS = ("under_review", "field_check", "broker")
BOOKING_CHANNELS = ("m_paspor", "walk_in")
OUTAGE_SCOPES = ("office", "national")

# Event names in both languages, for the one-line reasons. Unknown names are shown as they are.
EVENT_LABELS: Mapping[str, tuple[str, str]] = {
    "queue_ticket": ("nomor antrian", "queue ticket"),
    "biometric_ticket": ("nomor antrian biometrik", "biometric queue ticket"),
    "biometric_start": ("mulai dilayani (biometrik)", "start of biometric service"),
    "billing_issued": ("kode billing", "billing slip"),
    "payment": ("pembayaran PNBP", "PNBP payment"),
    "allocation": ("alokasi paspor", "passport allocation"),
    "ready": ("paspor siap", "passport ready"),
    "handover": ("penyerahan paspor", "passport handover"),
}


def event_label(name: str) -> tuple[str, str]:
    return EVENT_LABELS.get(name, (name, name))


# Flags, booking channels and outage scopes in both languages, for the reasons (codes stay in ``code``).
FLAG_LABELS: Mapping[str, tuple[str, str]] = {
    "under_review": ("dalam peninjauan (ada kecurigaan)", "under review (suspicion)"),
    "field_check": ("perlu pengecekan lapangan", "field check needed"),
    "broker": ("melibatkan calo", "broker involved"),
}
BOOKING_LABELS: Mapping[str, tuple[str, str]] = {
    "m_paspor": ("M-Paspor (antrian online)", "M-Paspor (online queue)"),
    "walk_in": ("datang langsung", "walk-in"),
}
SCOPE_LABELS: Mapping[str, tuple[str, str]] = {"office": ("kantor", "office"), "national": ("nasional", "national")}


def label_of(table: Mapping[str, tuple[str, str]], code: str) -> tuple[str, str]:
    return table.get(code, (code, code))


@dataclass(slots=True)
class Facts:
    """What is known about one application: the shape both the database and the CLI produce.

    ``events`` maps an event name to the first moment it happened (aware datetimes);
    ``first`` may carry the earliest of them, when the reader already knows it.
    """

    id: str
    service: str
    booking: str
    smart_queue: bool
    events: Mapping[str, datetime]
    flags: frozenset[str] = frozenset()
    first: datetime | None = None


@dataclass(frozen=True, slots=True)
class Outage:
    """A system disruption. ``end`` None = still going on."""

    start: datetime
    end: datetime | None
    scope: str = "office"
    note: str = ""


@dataclass(slots=True)
class Context:
    """Everything outside the application a decision depends on."""

    calendar: WorkCalendar
    as_of: datetime
    outages: tuple[Outage, ...] = ()
    # Memo of (local date, n) → end of the n-th working day; filled by the conditions.
    deadline_cache: dict[tuple[date, int], datetime] = field(default_factory=dict)
    tz: tzinfo | None = None

    def __post_init__(self) -> None:
        self.tz = self.calendar.tz


@dataclass(frozen=True, slots=True)
class ConditionResult:
    """One condition of a policy for one application. ``held`` None = not decided yet."""

    code: str
    held: bool | None
    measured: Any
    reason_id: str
    reason_en: str


@dataclass(frozen=True, slots=True)
class Decision:
    """A policy's decision on one application, with every condition's result."""

    id: str
    policy: str | None
    decision: str
    remedies: tuple[str, ...]
    conditions: tuple[ConditionResult, ...]

    @property
    def eligible(self) -> bool:
        return self.decision == DECISION_ELIGIBLE

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "policy": self.policy, "decision": self.decision, "remedies": list(self.remedies),
            "conditions": [
                {"code": c.code, "held": c.held, "measured": c.measured, "reason_id": c.reason_id,
                 "reason_en": c.reason_en}
                for c in self.conditions
            ],
        }


def not_applicable(app_id: str) -> Decision:
    return Decision(id=app_id, policy=None, decision=DECISION_NOT_APPLICABLE, remedies=(), conditions=())
