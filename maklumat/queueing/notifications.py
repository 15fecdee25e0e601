"""Notifications to applicants (SMS / WhatsApp) behind one small interface.

The backend is chosen with the setting ``QUEUE_NOTIFIER`` (a dotted path); by default the
message is only written to the log (the phone number masked: full numbers never reach a log),
so nothing leaves the office until a real gateway is configured. A gateway backend
implements ``send(phone=..., message=...)`` and raises
``NotificationError`` when the gateway refuses.
"""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from maklumat.lib.masking import mask_phone

logger = logging.getLogger("maklumat.queueing.notifications")

DEFAULT_NOTIFIER = "maklumat.queueing.notifications.LogNotifier"


class NotificationError(Exception):
    pass


class Notifier(Protocol):
    def send(self, *, phone: str, message: str) -> None: ...


class LogNotifier:
    """Writes each message to the log (the console in the demo)."""

    def send(self, *, phone: str, message: str) -> None:
        logger.info("notifikasi ke %s: %s", mask_phone(phone), message)


class MemoryNotifier:
    """Keeps messages in ``MemoryNotifier.outbox`` (for tests and demos without a gateway)."""

    outbox: list[tuple[str, str]] = []

    def send(self, *, phone: str, message: str) -> None:
        MemoryNotifier.outbox.append((phone, message))


def get_notifier() -> Notifier:
    return import_string(getattr(settings, "QUEUE_NOTIFIER", DEFAULT_NOTIFIER))()


def notify(*, phone: str, message: str) -> bool:
    """Send one message; a failing gateway is logged, never breaks the queue."""
    try:
        get_notifier().send(phone=phone, message=message)
    except Exception:  # noqa: BLE001 - any gateway failure must not stop the counter
        logger.exception("notifikasi ke %s gagal", mask_phone(phone))
        return False
    return True
