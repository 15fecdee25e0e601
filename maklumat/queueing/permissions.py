"""Who may do what in the queue, declared once (see ``accounts.permissions``).

Views and the API ask ``office_for(user, code, action="queueing.<name>")``; services that change
the workflow ask ``authorize_in_office(actor, office, "queueing.<name>")``; templates ask
``{% if may.queueing.<name> %}`` and the menu filters by the same sets.
"""

from __future__ import annotations

from maklumat.accounts.roles import COMPLAINT_TEAM, FRONT_DESK, MANAGEMENT, SUPERVISORS, Role

ADMIN = frozenset({Role.ADMINISTRATOR})

ACTIONS = {
    # Issue walk-in numbers and check in bookings through the API as a kiosk machine's account. The
    # kiosk page itself runs as a paired device, not as a person (kiosk_devices.py).
    "kiosk_use": FRONT_DESK | MANAGEMENT | ADMIN,
    # Register and revoke the office's kiosk devices (the pairing code is given by a Kasubsi or above).
    "kiosk_pair": MANAGEMENT | ADMIN,
    # Serve at a counter: call, recall, no-show, transfer, end (a Kasubsi may staff the priority room, seed 003).
    "counter_serve": frozenset({Role.PETUGAS_LOKET}) | MANAGEMENT | ADMIN,
    # Hand out a number by hand (front desk; complaint room for compensation numbers) and print tickets.
    "ticket_issue": FRONT_DESK | COMPLAINT_TEAM | ADMIN,
    # Read the queue statistics (page and XLSX).
    "statistics_view": MANAGEMENT | SUPERVISORS | ADMIN,
    # Set up the office queue and register M-Paspor bookings.
    "setup_manage": MANAGEMENT | ADMIN,
    # See the live overview of the office queue (waiting per step, counters, latest calls).
    "overview_view": FRONT_DESK | COMPLAINT_TEAM | MANAGEMENT | SUPERVISORS | ADMIN,
}
