"""Use cases that change applications. Every write goes through these functions."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from maklumat.applications.events import is_known_event
from maklumat.applications.models import Application, ApplicationEvent
from maklumat.audit.services import audit_record


def application_event_record(
    *, application: Application, name: str, at: datetime, actor=None, source: str = "", note: str = ""
) -> tuple[ApplicationEvent, bool]:
    """Record that ``name`` happened at ``at``. Returns (event, created).

    Idempotent: recording the same (name, at) again returns the stored event, even when two
    callers race. Unknown names and naive datetimes are refused.
    """
    if not is_known_event(name):
        raise ValidationError({"name": f"peristiwa tidak dikenal: {name!r}"})
    if at.tzinfo is None:
        raise ValidationError({"at": "waktu harus memuat zona waktu"})
    existing = ApplicationEvent.objects.filter(application=application, name=name, at=at).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            event = ApplicationEvent.objects.create(
                application=application, name=name, at=at, source=source, note=note,
                recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            audit_record(actor=actor, action="application.event", obj=application, office=application.office,
                         summary=f"{name} @ {at.isoformat()}", after={"name": name, "at": at.isoformat()})
    except IntegrityError:
        # A concurrent caller stored the same event between our read and our insert.
        return ApplicationEvent.objects.get(application=application, name=name, at=at), False
    return event, True
