"""The applicant's secret code (pure): printed with a QR on the receipt, asked with the application
number by the public timeline page.

8 characters from a 31-letter alphabet without look-alikes (no 0/O, 1/I/L): 31**8 ≈ 8.5 × 10**11
codes, drawn with ``secrets``; with the page's rate limit a guess succeeds about once in centuries.
Shown as ``XXXX-XXXX``; typed with or without the dash, in any case.
"""

from __future__ import annotations

import hmac
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
# Compared against when the number names no application, so a wrong number and a wrong code take the
# same work (one lookup, one constant-time comparison) and get the same answer.
DECOY = "Z" * LENGTH


def new_access_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize_code(typed: str) -> str:
    """What the applicant typed, as stored: dash and spaces dropped, upper case, at most 2×LENGTH long."""
    return "".join(ch for ch in (typed or "")[: 2 * LENGTH + 4].upper() if ch not in " -")


def code_matches(stored: str | None, typed: str) -> bool:
    """Constant-time comparison; an application without a code (``None``) is compared with the decoy
    and never matches."""
    candidate = normalize_code(typed).encode()
    if not stored:
        hmac.compare_digest(DECOY.encode(), candidate)
        return False
    return hmac.compare_digest(stored.encode(), candidate)


def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == LENGTH else code
