"""Who may do what with the outbox (declared once; see ``accounts.permissions``)."""

from __future__ import annotations

from maklumat.accounts.roles import COMPLAINT_TEAM, FRONT_DESK, MANAGEMENT, SUPERVISORS, Role

ACTIONS = {
    # The office's delivery status page: what was sent to whom (masked), what failed and why.
    "view": frozenset(MANAGEMENT | COMPLAINT_TEAM | SUPERVISORS | {Role.ADMINISTRATOR}),
    # Record that a phone number or e-mail address wants no messages (asked at the counter or post).
    "optout_manage": frozenset(COMPLAINT_TEAM | FRONT_DESK | {Role.ADMINISTRATOR}),
}
