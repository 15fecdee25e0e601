"""Kinerja's answer to ``applications.notify``: keep the aggregates of changed applications current
in the transaction that changed their events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from maklumat.performance.aggregates import aggregates_refresh


def application_events_changed(*, office, application_ids: Sequence[int], first: datetime, last: datetime) -> None:
    """The applications' facts are recomputed whole (an application has a few dozen events), so
    ``first``/``last`` need not bound the work; every start day they touched is recounted."""
    aggregates_refresh(office=office, application_ids=application_ids)
