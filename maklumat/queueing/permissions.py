"""Who may do what in the queue (roles from ``accounts.roles``); office reach comes from scoping."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from maklumat.accounts.roles import COMPLAINT_TEAM, FRONT_DESK, MANAGEMENT, SUPERVISORS, Role
from maklumat.offices.scoping import office_for

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


def office_with_role(user, code: str, roles):
    """The office (404 outside the user's reach), then 403 when the role may not do this."""
    office = office_for(user, code)
    if not user.has_role(*roles):
        raise PermissionDenied("Peran Anda tidak berwenang untuk tindakan ini.")
    return office
