"""The hash chain of the audit trail: pure functions, no ORM (the migration uses a copy of ``entry_hash``).

One chain per office (``office:<id>``) plus one for entries without an office (``global``): writers in
different offices never wait for each other's chain head. A counter's calls (ending its current number
and calling the next) have a chain of their own (``office:<id>/counter:<id>``), written while the
counter's row is locked anyway, so counters calling at the same moment never wait for one chain head.
Each entry names its chain (``AuditEntry.chain``). Each entry stores the hash of the previous
entry of its chain (``prev_hash``, empty for the first) and its own ``hash`` = SHA-256 over a canonical
JSON serialization of its own fields and ``prev_hash``. Changing, inserting or deleting a row breaks
the chain at that row; deleting the newest rows is caught by the chain head (its ``seq`` and ``hash``).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

GLOBAL_CHAIN = "global"


def chain_name(office_id: int | None) -> str:
    return GLOBAL_CHAIN if office_id is None else f"office:{office_id}"


def counter_chain_name(office_id: int, counter_id: int) -> str:
    return f"{chain_name(office_id)}/counter:{counter_id}"


def chains_of_office(office_id: int, chains) -> list[str]:
    """Of ``chains``, those that belong to the office: its own and its counters'."""
    own = chain_name(office_id)
    return [c for c in chains if c == own or c.startswith(own + "/")]


def as_stored(value: Any) -> Any:
    """The JSON value as the database gives it back (tuples become lists, …)."""
    return None if value is None else json.loads(json.dumps(value))


def entry_hash(*, seq: int, at: datetime, actor_id: int | None, office_id: int | None, action: str,
               object_type: str, object_id: str, summary: str, before: Any, after: Any, prev_hash: str) -> str:
    canonical = json.dumps(
        {
            "seq": seq,
            "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": actor_id,
            "office": office_id,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "summary": summary,
            "before": as_stored(before),
            "after": as_stored(after),
            "prev_hash": prev_hash,
        },
        sort_keys=True, ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
