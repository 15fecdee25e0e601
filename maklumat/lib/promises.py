"""What an office has promised, in the shape other areas ask for it (see ``lib.areas.ask``).

The numbers come from the office's policy in force (data); this module only names the shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class WaitPromise:
    """A policy's promise on the wait at biometric capture (e.g. Blitar 2025, condition b).

    ``limit``: compensation is owed when the wait is strictly longer; ``warn_after``: staff are
    warned (counter screen, waiting tables, watchlist "about to breach") from this wait on.
    ``policy_title`` is the human name of the policy, in the office's language.
    """

    policy_code: str
    policy_title: str
    limit: timedelta
    warn_after: timedelta
