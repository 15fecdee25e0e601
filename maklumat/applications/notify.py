"""Telling other areas that application events changed (recorded, imported or voided).

An area that keeps figures derived from events (e.g. per-office, per-day aggregates) answers in
its module ``on_events`` with ``application_events_changed(*, office, application_ids, first, last)``:
the events of those applications between ``first`` and ``last`` (aware moments) changed. It is
called inside the transaction that changed them, so derived figures commit or roll back with the
events. Applications may not import the areas above it; this is the way up (``lib.areas``).

A caller recording many events of the same applications at once (the demo's seeding, a batch of
queue events) wraps them in ``batched()``: the notices are gathered and told once per office when
the block ends, still inside its transaction, so the areas recount once instead of once per event.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime

from django.db import transaction

from maklumat.lib.areas import area_modules

HOOK_MODULE = "on_events"
HOOK = "application_events_changed"

_local = threading.local()


@functools.cache
def _receivers() -> tuple[Callable[..., None], ...]:
    return tuple(getattr(module, HOOK) for _area, module in area_modules(HOOK_MODULE) if hasattr(module, HOOK))


def _tell(*, office, application_ids: Sequence[int], first: datetime, last: datetime) -> None:
    for receiver in _receivers():
        receiver(office=office, application_ids=application_ids, first=first, last=last)


def application_events_changed(*, office, application_ids: Sequence[int], first: datetime, last: datetime) -> None:
    pending = getattr(_local, "pending", None)
    if pending is None:
        _tell(office=office, application_ids=application_ids, first=first, last=last)
        return
    entry = pending.get(office.pk)
    if entry is None:
        pending[office.pk] = [office, set(application_ids), first, last]
    else:
        entry[1].update(application_ids)
        entry[2], entry[3] = min(entry[2], first), max(entry[3], last)


@contextlib.contextmanager
def batched() -> Iterator[None]:
    """One transaction in which event changes are told once per office, at its end (nested blocks
    join the outermost). Figures derived from events are therefore stale inside the block: read
    them after it. On an error nothing is told (the transaction rolls back)."""
    if getattr(_local, "pending", None) is not None:
        yield
        return
    with transaction.atomic():
        _local.pending = {}
        try:
            yield
            pending, _local.pending = _local.pending, None
            for office, ids, first, last in pending.values():
                _tell(office=office, application_ids=sorted(ids), first=first, last=last)
        finally:
            _local.pending = None
