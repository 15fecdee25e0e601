"""Keeping ``LatestEvent`` (each application's latest recorded event moment) current as events arrive.

One statement per change, no Python work between reading and writing: an upsert that only ever moves
the moment forward (``CASE WHEN new > old``), so two transactions recording events of the same
application at once cannot lower it. Voided events keep counting here (the watchlist reads the
countable events of its candidates exactly); an over-estimate only adds a candidate, never a row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import connection

from maklumat.applications.models import ApplicationEvent
from maklumat.compensation.models import LatestEvent

BATCH = 900  # below SQLite's oldest bound on parameters per statement


def _upsert_tail() -> str:
    table = connection.ops.quote_name(LatestEvent._meta.db_table)
    return (f" ON CONFLICT (application_id) DO UPDATE SET at = CASE WHEN excluded.at > {table}.at "
            f"THEN excluded.at ELSE {table}.at END")


def latest_events_refresh(*, office, application_ids: Sequence[int], last: datetime) -> None:
    """Move the latest event moment of ``application_ids`` forward to what is now recorded.

    One application (an event recorded or voided): ``last`` is its changed event's moment, written
    without reading any event. Several (an import): the latest moment of each is read from its events.
    """
    table = connection.ops.quote_name(LatestEvent._meta.db_table)
    with connection.cursor() as cursor:
        if len(application_ids) == 1:
            cursor.execute(f"INSERT INTO {table} (application_id, office_id, at) VALUES (%s, %s, %s)"
                           + _upsert_tail(),
                           [application_ids[0], office.pk, connection.ops.adapt_datetimefield_value(last)])
            return
        events = connection.ops.quote_name(ApplicationEvent._meta.db_table)
        ids = list(application_ids)
        for start in range(0, len(ids), BATCH):
            batch = ids[start:start + BATCH]
            marks = ", ".join(["%s"] * len(batch))
            cursor.execute(f"INSERT INTO {table} (application_id, office_id, at) "
                           f"SELECT application_id, %s, MAX(at) FROM {events} WHERE application_id IN ({marks}) "
                           f"GROUP BY application_id" + _upsert_tail(), [office.pk, *batch])
