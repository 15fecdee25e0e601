"""Who may do what in the satisfaction area (on top of office scoping)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from maklumat.accounts.roles import COMPLAINT_TEAM, FRONT_DESK, MANAGEMENT, SUPERVISORS, Role
from maklumat.offices.scoping import office_for

# Read the index, the reports and the suggestions.
VIEW_ROLES = frozenset(MANAGEMENT | SUPERVISORS | COMPLAINT_TEAM | {Role.ADMINISTRATOR})
# Set targets and populations, write the follow-up plan, mark suggestions as complaints.
MANAGE_ROLES = frozenset(MANAGEMENT)
# Hand a survey invitation to a service recipient (kiosk, QR slip).
ISSUE_ROLES = frozenset(FRONT_DESK | COMPLAINT_TEAM | MANAGEMENT)


def office_with_role(user, code: str, roles: frozenset[str]):
    """The office (404 outside the user's reach), if the user has one of ``roles`` (else 403)."""
    office = office_for(user, code)
    if not user.has_role(*roles):
        raise PermissionDenied
    return office
