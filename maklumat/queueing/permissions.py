"""Who may do what in the queue (roles from ``accounts.roles``); ``offices.scoping.office_with_role`` applies them."""

from __future__ import annotations

from maklumat.accounts.roles import COMPLAINT_TEAM, FRONT_DESK, MANAGEMENT, SUPERVISORS, Role

# The kiosk device is signed in as a front-desk account of the office.
KIOSK_ROLES = FRONT_DESK | MANAGEMENT | {Role.ADMINISTRATOR}
# Officers who serve at a counter (a Kasubsi may staff the priority room, seed 003).
COUNTER_ROLES = {Role.PETUGAS_LOKET} | MANAGEMENT | {Role.ADMINISTRATOR}
# Officers who may hand out a number by hand (front desk, complaint room for compensation).
ISSUE_ROLES = FRONT_DESK | COMPLAINT_TEAM | {Role.ADMINISTRATOR}
# Who reads the queue statistics.
STATS_ROLES = MANAGEMENT | SUPERVISORS | {Role.ADMINISTRATOR}
# Who sets up the office queue and registers M-Paspor bookings.
SETUP_ROLES = MANAGEMENT | {Role.ADMINISTRATOR}
# Who sees the live overview of the office queue.
OVERVIEW_ROLES = FRONT_DESK | COMPLAINT_TEAM | MANAGEMENT | SUPERVISORS | {Role.ADMINISTRATOR}
