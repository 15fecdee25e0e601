"""Reading the outbox for the staff page and the admin."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from maklumat.notifications.models import Message, Status


def office_messages(office, *, status: str = "") -> QuerySet[Message]:
    rows = Message.objects.filter(office=office)
    if status in Status.values:
        rows = rows.filter(status=status)
    return rows.order_by("-created_at", "-id")


def status_counts(office) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, zeros included, in the order of ``Status``."""
    counts = dict(Message.objects.filter(office=office).values_list("status").annotate(n=Count("id")))
    return [(value, str(label), counts.get(value, 0)) for value, label in Status.choices]
