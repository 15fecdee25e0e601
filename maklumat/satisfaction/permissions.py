"""Who may do what in the satisfaction area (declared once; see ``accounts.permissions``).

Views and API ask ``office_for(user, code, action="satisfaction.<name>")``; services handed an
office ask ``authorize_in_office(actor, office, "satisfaction.<name>")``; templates ask
``{% if may.satisfaction.<name> %}``.
"""

from __future__ import annotations

from maklumat.accounts.roles import COMPLAINT_TEAM, FRONT_DESK, MANAGEMENT, SUPERVISORS, Role

ACTIONS = {
    # Read the index, the targets, the reports (HTML, PDF, XLSX) and the suggestions.
    "index_view": frozenset(MANAGEMENT | SUPERVISORS | COMPLAINT_TEAM | {Role.ADMINISTRATOR}),
    # Set targets and populations, write the follow-up plan, mark suggestions as complaints.
    "manage": frozenset(MANAGEMENT),
    # Hand a survey invitation to a service recipient (kiosk, QR slip).
    "invitation_issue": frozenset(FRONT_DESK | COMPLAINT_TEAM | MANAGEMENT),
}
