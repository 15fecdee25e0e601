"""Writing the audit trail. Call inside the transaction that makes the change."""

from __future__ import annotations

from typing import Any

from django.db import models

from maklumat.audit.models import AuditEntry


def audit_record(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    office=None,
    summary: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record that ``actor`` did ``action`` (e.g. ``claim.record``) to ``obj``."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        office=office,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary,
        before=before,
        after=after,
    )
