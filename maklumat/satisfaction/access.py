"""Who may do what in the satisfaction area; ``offices.scoping.office_with_role`` applies it."""

from __future__ import annotations

from maklumat.accounts.roles import COMPLAINT_TEAM, FRONT_DESK, MANAGEMENT, SUPERVISORS, Role

# Read the index, the reports and the suggestions.
VIEW_ROLES = frozenset(MANAGEMENT | SUPERVISORS | COMPLAINT_TEAM | {Role.ADMINISTRATOR})
# Set targets and populations, write the follow-up plan, mark suggestions as complaints.
MANAGE_ROLES = frozenset(MANAGEMENT)
# Hand a survey invitation to a service recipient (kiosk, QR slip).
ISSUE_ROLES = frozenset(FRONT_DESK | COMPLAINT_TEAM | MANAGEMENT)
