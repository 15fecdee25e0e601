"""Who may do what with complaints (declared once; see ``accounts.permissions``).

Views and the API ask ``office_for(user, code, action="complaints.<name>")``; services handed
an office ask ``authorize_in_office(actor, office, "complaints.<name>")``; templates ask
``{% if may.complaints.<name> %}``. Which *step* of a complaint a team member may act on is
the workflow's question (``complaints.workflow``), asked after this one.
"""

from __future__ import annotations

from maklumat.accounts.roles import COMPLAINT_TEAM, SUPERVISORS, Role

# The complaint team, supervisors (read-only oversight) and administrators read complaints.
READERS = frozenset(COMPLAINT_TEAM | SUPERVISORS | {Role.ADMINISTRATOR})

ACTIONS = {
    # The office's complaint queue, a complaint's page, its PDFs and the letter scan.
    "view": READERS,
    # Record a complaint on any channel, act on its steps, pause/resume, link an application,
    # open a complaint from a survey suggestion.
    "handle": COMPLAINT_TEAM,
    # See who an anonymous complainant is (002: identity only for the complaint team).
    "see_identity": COMPLAINT_TEAM,
    # The monthly recap report of an office (HTML, PDF, XLSX).
    "recap_view": READERS,
    # Send the month's recap up the hierarchy (002 step 6: the officer reports, leaders may too).
    "recap_submit": frozenset({Role.PETUGAS_YANKOMAS, Role.KASUBSI, Role.KASI, Role.KEPALA_KANTOR}),
    # The Kanwil's roll-up of its offices' recaps.
    "kanwil_recap_view": SUPERVISORS,
}
