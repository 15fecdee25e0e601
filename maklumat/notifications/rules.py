"""Pure rules of the outbox: contacts, retry pauses, what to do with an interrupted send.

No ORM, no request: tested directly (``tests/test_rules.py``, with hypothesis).
"""

from __future__ import annotations

import re
from datetime import timedelta

from maklumat.lib.masking import mask_phone

# A gateway error is retried after 1, 2, 4 … minutes, at most 6 hours apart; after the 8th failed
# attempt the message is failed for good (about 2 hours of trying, then 4 more hours once).
RETRY_BASE = timedelta(minutes=1)
RETRY_MAX = timedelta(hours=6)
MAX_ATTEMPTS = 8
# How long a worker holds a message it is sending; an older 'sending' row means the worker died.
LEASE = timedelta(minutes=5)

PENDING, SENDING, SENT, FAILED, UNCERTAIN = "pending", "sending", "sent", "failed", "uncertain"

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_phone(value: str) -> str | None:
    """An Indonesian or international phone number as digits with the country code (``62…``), or
    None when it is not a phone number: ``0812-3456-7890`` and ``+62 812 3456 7890`` → ``6281234567890``."""
    raw = (value or "").strip()
    digits = re.sub(r"[\s\-().]", "", raw)
    if digits.startswith("+"):
        digits = digits[1:]
        if digits.startswith("0"):  # no country code starts with 0
            return None
    elif digits.startswith("0"):
        digits = "62" + digits[1:]
    if not digits.isdigit() or not 9 <= len(digits) <= 15:
        return None
    return digits


def normalize_email(value: str) -> str | None:
    value = (value or "").strip().lower()
    return value if len(value) <= 254 and _EMAIL.match(value) else None


def normalize_contact(value: str) -> str | None:
    """A phone number or an e-mail address in the form opt-outs and messages are keyed by."""
    return normalize_email(value) if "@" in (value or "") else normalize_phone(value)


def mask_contact(channel: str, contact: str) -> str:
    """What a log or a staff page shows of a contact: a phone number masked, an e-mail's local part cut."""
    if channel == "email" or "@" in contact:
        local, _at, domain = contact.partition("@")
        return f"{local[:2]}•••@{domain}"
    return mask_phone(contact)


def retry_delay(attempts: int) -> timedelta:
    """Pause after the ``attempts``-th failed attempt: 1, 2, 4 … minutes, capped at 6 hours."""
    exponent = min(max(0, attempts - 1), 20)  # 2**20 minutes is far past the cap; no overflow
    return min(RETRY_MAX, RETRY_BASE * 2 ** exponent)


def after_failure(attempts: int, *, permanent: bool) -> str:
    """The state after a failed attempt: failed for good (a refusal, or attempts used up) or pending."""
    return FAILED if permanent or attempts >= MAX_ATTEMPTS else PENDING


def after_lost_lease(*, gateway_deduplicates: bool) -> str:
    """A message whose worker died while sending it may or may not have left. It is sent again only
    through a gateway that deduplicates by the message's idempotency key (delivered at most once);
    otherwise it is marked uncertain for staff to check, never sent twice."""
    return PENDING if gateway_deduplicates else UNCERTAIN
