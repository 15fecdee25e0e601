"""Telling other areas that application events changed (recorded, imported or voided).

An area that keeps figures derived from events (e.g. per-office, per-day aggregates) answers in
its module ``on_events`` with ``application_events_changed(*, office, application_ids, first, last)``:
the events of those applications between ``first`` and ``last`` (aware moments) changed. It is
called inside the transaction that changed them, so derived figures commit or roll back with the
events. Applications may not import the areas above it; this is the way up (``lib.areas``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import datetime

from maklumat.lib.areas import area_modules

HOOK_MODULE = "on_events"
HOOK = "application_events_changed"


@functools.cache
def _receivers() -> tuple[Callable[..., None], ...]:
    return tuple(getattr(module, HOOK) for _area, module in area_modules(HOOK_MODULE) if hasattr(module, HOOK))


def application_events_changed(*, office, application_ids: Sequence[int], first: datetime, last: datetime) -> None:
    for receiver in _receivers():
        receiver(office=office, application_ids=application_ids, first=first, last=last)
