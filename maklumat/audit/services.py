"""Writing the audit trail. Call inside the transaction that makes the change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from maklumat.audit.chain import chain_name, chains_of_office, entry_hash
from maklumat.audit.models import AuditChainHead, AuditEntry


def _locked_head(chain: str) -> AuditChainHead:
    """The chain's head row, locked until the caller's transaction ends (created on first use)."""
    head = AuditChainHead.objects.select_for_update().filter(chain=chain).first()
    if head is None:
        try:
            with transaction.atomic():
                AuditChainHead.objects.create(chain=chain)
        except IntegrityError:
            pass  # a parallel writer created it first
        head = AuditChainHead.objects.select_for_update().get(chain=chain)
    return head


def _hash_of(entry: AuditEntry) -> str:
    return entry_hash(seq=entry.seq, at=entry.at, actor_id=entry.actor_id, office_id=entry.office_id,
                      action=entry.action, object_type=entry.object_type, object_id=entry.object_id,
                      summary=entry.summary, before=entry.before, after=entry.after, prev_hash=entry.prev_hash)


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    office=None,
    summary: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    chain: str | None = None,
) -> AuditEntry:
    """Record that ``actor`` did ``action`` (e.g. ``claim.record``) to ``obj``; link it into the office's chain
    (or into ``chain``, e.g. a counter's: ``chain.counter_chain_name``)."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    chain = chain or chain_name(office.pk if office is not None else None)
    # Inside the caller's transaction no savepoint is needed: a failure here fails the whole change.
    with transaction.atomic(savepoint=False):
        head = _locked_head(chain)
        entry = AuditEntry(
            chain=chain,
            at=timezone.now(),
            actor=actor,
            office=office,
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            summary=summary,
            before=before,
            after=after,
            seq=head.seq + 1,
            prev_hash=head.hash,
        )
        entry.hash = _hash_of(entry)
        entry.save()
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
    return entry


@dataclass(frozen=True)
class BrokenLink:
    chain: str
    entry_id: int | None
    at: Any
    problem: str

    def __str__(self) -> str:
        where = f"entry #{self.entry_id} ({self.at:%Y-%m-%d %H:%M:%S%z})" if self.entry_id else "chain head"
        return f"{self.chain}: {where}: {self.problem}"


def audit_verify_chain(chain: str) -> tuple[int, BrokenLink | None]:
    """Walk one chain from its first entry; (entries checked, the first broken link or None)."""
    entries = AuditEntry.objects.filter(chain=chain).order_by("seq", "id")
    count, prev_seq, prev_hash, prev_id = 0, 0, "", None
    for entry in entries.iterator(chunk_size=2000):
        if entry.seq != prev_seq + 1:
            gone = (f"entries {prev_seq + 1}–{entry.seq - 1} of the chain are missing (deleted)"
                    if entry.seq > prev_seq + 1 else f"position {entry.seq} appears twice (inserted row)")
            return count, BrokenLink(chain, entry.pk, entry.at, gone)
        if entry.prev_hash != prev_hash:
            before = f"entry #{prev_id}" if prev_id else "the start of the chain"
            return count, BrokenLink(chain, entry.pk, entry.at,
                                     f"prev_hash does not match the hash of {before}")
        if _hash_of(entry) != entry.hash:
            return count, BrokenLink(chain, entry.pk, entry.at,
                                     "content changed after writing (its hash no longer matches its fields)")
        count, prev_seq, prev_hash, prev_id = count + 1, entry.seq, entry.hash, entry.pk
    head = AuditChainHead.objects.filter(chain=chain).first()
    head_seq, head_hash = (head.seq, head.hash) if head is not None else (0, "")
    if (head_seq, head_hash) != (prev_seq, prev_hash):
        return count, BrokenLink(chain, None, None,
                                 f"the chain head expects entry {head_seq} but the last entry is {prev_seq} "
                                 "(newest entries deleted or changed)")
    return count, None


def audit_chains(office_code: str | None = None) -> list[str]:
    """The chains to verify: every chain with a head or an entry, or only the given office's (its own and its
    counters'; an office without entries yet still has its own, empty chain)."""
    names = set(AuditChainHead.objects.values_list("chain", flat=True))
    names |= set(AuditEntry.objects.values_list("chain", flat=True).distinct())
    if office_code is not None:
        ids = AuditEntry.office.field.related_model.objects.filter(code=office_code).values_list("pk", flat=True)
        return sorted({c for pk in ids for c in [chain_name(pk), *chains_of_office(pk, names)]})
    return sorted(names)


def audit_verify(office_code: str | None = None) -> tuple[int, BrokenLink | None]:
    """Verify every chain (or one office's); (entries checked, the first broken link found or None)."""
    total = 0
    for chain in audit_chains(office_code):
        count, broken = audit_verify_chain(chain)
        total += count
        if broken is not None:
            return total, broken
    return total, None
