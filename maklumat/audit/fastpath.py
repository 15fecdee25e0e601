"""Audit rows written inside one SQL statement (PostgreSQL hot paths): the chain hashed by the database.

``audit_record`` locks the chain head, hashes in Python and writes three statements. A hot path (a
queue number, a call) instead adds ``audit_ctes`` to its own statement: the entry's canonical JSON
(``chain.entry_hash``) is built here with three holes — the object id, the previous hash and the
position — whose values are digits or hex, so the database can fill them by concatenation and hash
the very same bytes with ``sha256``. The head row is locked, advanced and the entries inserted in
the same statement, so the office's chain is held only from that statement to the commit.

The head must exist (``ensure_head``); when it does not (first entry of the chain, or a test flushed
it) the statement writes no entry and says so, and the caller writes the entry with ``audit_record``.
A statement that is its own transaction (autocommit: nothing to write after it) cannot write the entry
afterwards, so it ends with ``written_or_fail``: no entry, no change at all (the caller retries).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection, transaction

from maklumat.audit.chain import as_stored
from maklumat.audit.models import AuditChainHead, AuditEntry

_HOLES = {"object_id": "\x00OBJ\x00", "prev_hash": "\x00PREV\x00", "seq": "\x00SEQ\x00"}


@dataclass(frozen=True)
class PendingEntry:
    """An audit entry whose object id may be an SQL expression (text of digits) of the caller's statement."""

    at: datetime
    actor_id: int | None
    office_id: int | None
    action: str
    object_type: str
    summary: str
    object_id: str | None = None      # known in Python, or
    object_id_sql: str | None = None  # an SQL expression giving the id's text (e.g. "t.id::text")
    before: Any = None
    after: Any = None


def _canonical_parts(entry: PendingEntry) -> list[str]:
    """The canonical JSON of ``chain.entry_hash`` split at the holes: [p0, p1, p2, p3] around obj, prev, seq."""
    text = json.dumps(
        {
            "seq": _HOLES["seq"],
            "at": entry.at.astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": entry.actor_id,
            "office": entry.office_id,
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": _HOLES["object_id"],
            "summary": entry.summary,
            "before": as_stored(entry.before),
            "after": as_stored(entry.after),
            "prev_hash": _HOLES["prev_hash"],
        },
        sort_keys=True, ensure_ascii=False, separators=(",", ":"),
    )
    quoted = {name: json.dumps(hole) for name, hole in _HOLES.items()}
    head, rest = text.split(quoted["object_id"])
    middle, rest = rest.split(quoted["prev_hash"])
    before_seq, tail = rest.split(quoted["seq"])
    # object_id and prev_hash are JSON strings (quoted), seq a JSON number (bare).
    return [head + '"', '"' + middle + '"', '"' + before_seq, tail]


def audit_ctes(entries: list[PendingEntry], *, chain: str, after_cte: str | None = None,
               prefix: str = "au") -> tuple[str, list, str]:
    """CTEs (without ``WITH``) that lock the head of ``chain``, insert ``entries`` chained and advance the head.

    ``after_cte``: a CTE of the caller's statement the head lock must wait for (so every writer takes
    its own rows first and the chain head last: one lock order, no deadlock). Returns the SQL, its
    parameters and the name of a CTE with one row per entry written (``count(*)`` = entries written).
    """
    head_table, entry_table = AuditChainHead._meta.db_table, AuditEntry._meta.db_table
    params: list = [chain]
    gate = f" AND EXISTS (SELECT 1 FROM {after_cte})" if after_cte else ""
    parts = [f"{prefix}_old AS (SELECT seq, hash FROM {head_table} WHERE chain = %s{gate} FOR UPDATE)"]
    previous = f"{prefix}_old"
    names = []
    for index, entry in enumerate(entries):
        name = f"{prefix}_{index}"
        if entry.object_id_sql and not after_cte:
            raise ValueError("an object id computed in SQL needs the CTE that gives it (after_cte)")
        p0, p1, p2, p3 = _canonical_parts(entry)
        object_sql = entry.object_id_sql if entry.object_id_sql else "%s::text"
        object_params = [] if entry.object_id_sql else [entry.object_id or ""]
        source = f"{previous}" if entry.object_id_sql is None or not after_cte else f"{previous}, {after_cte}"
        parts.append(
            f"{name} AS (SELECT {previous}.seq + 1 AS seq, {previous}.hash AS prev, {object_sql} AS object_id, "
            f"encode(sha256(convert_to(%s || {object_sql} || %s || {previous}.hash || %s || "
            f"({previous}.seq + 1)::text || %s, 'UTF8')), 'hex') AS hash FROM {source})")
        params += [*object_params, p0, *object_params, p1, p2, p3]
        previous = name
        names.append(name)
    rows = " UNION ALL ".join(
        f"SELECT %s::timestamptz, %s::bigint, %s::bigint, %s, %s, {name}.object_id, %s, %s::jsonb, %s::jsonb, "
        f"%s, {name}.seq, {name}.prev, {name}.hash FROM {name}" for name in names)
    for entry in entries:
        params += [entry.at, entry.actor_id, entry.office_id, entry.action, entry.object_type, entry.summary,
                   _jsonb(entry.before), _jsonb(entry.after), chain]
    parts.append(
        f"{prefix}_ins AS (INSERT INTO {entry_table} (at, actor_id, office_id, action, object_type, object_id, "
        f"summary, before, after, chain, seq, prev_hash, hash) {rows} RETURNING 1)")
    parts.append(f"{prefix}_head AS (UPDATE {head_table} SET seq = {previous}.seq, hash = {previous}.hash "
                 f"FROM {previous} WHERE chain = %s)")
    params.append(chain)
    return ", ".join(parts), params, f"{prefix}_ins"


def written_or_fail(inserted: str, expected: int = 1) -> str:
    """An SQL expression that fails the whole statement (division by zero) unless ``expected`` entries were
    written: for a statement committed on its own, whose audit entry cannot be added afterwards."""
    return f"1 / ((SELECT count(*) FROM {inserted}) / {int(expected)})"


def is_missing_head(exc: Exception) -> bool:
    """Whether a database error is ``written_or_fail`` refusing a statement (its chain head was missing)."""
    return getattr(exc.__cause__, "sqlstate", None) == "22012"  # division_by_zero


def _jsonb(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def audit_write(entries: list[PendingEntry], *, chain: str) -> int:
    """Write ``entries`` in one statement (PostgreSQL); returns how many were written (0: no head yet)."""
    ctes, params, inserted = audit_ctes(entries, chain=chain)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {ctes} SELECT count(*) FROM {inserted}", params)  # noqa: S608 - our identifiers
        return cursor.fetchone()[0]


_known_heads: set[str] = set()


def ensure_head(chain: str) -> None:
    """Create the chain's head row if missing (once per process and chain; outside hot statements)."""
    if chain in _known_heads:
        return
    AuditChainHead.objects.bulk_create([AuditChainHead(chain=chain)], ignore_conflicts=True)
    # Known only once committed: a parallel writer must not skip ahead to a head it cannot see yet.
    transaction.on_commit(lambda: _known_heads.add(chain))


def forget_heads() -> None:
    """After a flush (tests) the heads are gone: create them again on next use."""
    _known_heads.clear()
