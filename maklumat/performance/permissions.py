"""Who may read Kinerja and set targets (declared once; see ``accounts.permissions``)."""

from __future__ import annotations

from maklumat.accounts.roles import Role

ACTIONS = {
    # An office's Kinerja (page, API, report card): its heads and the supervisors who reach it.
    "view": frozenset({Role.KASI, Role.KEPALA_KANTOR, Role.SUPERVISOR_KANWIL, Role.SUPERVISOR_NASIONAL}),
    # A Kanwil's league table and totals (reach decides which Kanwil).
    "view_kanwil": frozenset({Role.SUPERVISOR_KANWIL, Role.SUPERVISOR_NASIONAL}),
    # The national league table and totals.
    "view_national": frozenset({Role.SUPERVISOR_NASIONAL}),
    # Set the office's yearly action-plan target of travel documents.
    "target_set": frozenset({Role.KASI, Role.KEPALA_KANTOR}),
}
