"""Actions on passport applications and the roles allowed to take them (see ``accounts.permissions``).

Reach (which offices) is checked by ``offices.scoping``; these sets only say which roles.
"""

from __future__ import annotations

from maklumat.accounts.roles import FRONT_DESK, MANAGEMENT, Role

STAFF = frozenset(Role.values)
# Counter staff and the office's management record what happened to an application.
RECORDERS = FRONT_DESK | MANAGEMENT | {Role.ADMINISTRATOR}
# A flag (under review, field check, broker) changes compensation decisions: management only.
DECIDERS = MANAGEMENT | {Role.ADMINISTRATOR}

ACTIONS = {
    # See the office's applications, their events, deadlines and step clocks.
    "view": STAFF,
    # Register an application (counter, API bridges).
    "create": RECORDERS,
    # Record an event (counter, queue system, API).
    "event_record": RECORDERS,
    # Print the applicant's receipt with the secret code and the QR to their timeline (counter).
    "receipt_print": RECORDERS,
    # Void an event entered by mistake (Kasubsi or above; the row stays, audited with the reason).
    "event_void": DECIDERS,
    # Set or clear a flag.
    "flag_set": DECIDERS,
    # Paid home delivery: take the request, hand the ready passport to the courier, record the signed receipt.
    "delivery_manage": RECORDERS,
}
