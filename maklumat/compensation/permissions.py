"""Actions on compensation and the roles allowed to take them (see ``accounts.permissions``).

Reach (which offices) is checked by ``offices.scoping``; these sets only say which roles.
Claims are recorded by the complaint team, remedies given by them or the counter, national
outages only by management; supervisors read only (docs/decisions.md, seed 000 d).
"""

from __future__ import annotations

from maklumat.accounts.roles import COMPLAINT_TEAM, FRONT_DESK, MANAGEMENT, SUPERVISORS, Role

STAFF = frozenset(Role.values)

ACTIONS = {
    # The watchlist, decisions, claims, PDFs, outage register and souvenir stock (read).
    "view": STAFF,
    # Record a claim at the complaint room.
    "claim_record": COMPLAINT_TEAM | {Role.ADMINISTRATOR},
    # Give a remedy under a claim (letter, queue number, souvenir, home delivery).
    "remedy_fulfil": COMPLAINT_TEAM | FRONT_DESK | {Role.ADMINISTRATOR},
    # Enter an outage of the office, or close an ongoing one.
    "outage_record": COMPLAINT_TEAM | FRONT_DESK | MANAGEMENT | {Role.ADMINISTRATOR},
    # Enter a national outage (counts for every office).
    "outage_record_national": MANAGEMENT | {Role.ADMINISTRATOR},
    # Void an outage entered by mistake (Kasubsi or above; the row stays, audited with the reason).
    "outage_void": MANAGEMENT | {Role.ADMINISTRATOR},
    # Keep the souvenir stock (new items, stock received).
    "stock_keep": MANAGEMENT | {Role.PETUGAS_YANKOMAS, Role.ADMINISTRATOR},
    # The monthly compensation report (HTML, PDF, XLSX) and the rows behind its figures.
    "report": MANAGEMENT | SUPERVISORS | {Role.ADMINISTRATOR},
}
