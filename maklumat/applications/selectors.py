"""Reading applications and their events."""

from __future__ import annotations

from datetime import datetime

from maklumat.applications.models import Application


def application_event_times(application: Application) -> dict[str, datetime]:
    """The first moment of each event name, the shape the pure rules take."""
    times: dict[str, datetime] = {}
    for name, at in application.events.order_by("at").values_list("name", "at"):
        times.setdefault(name, at)
    return times
