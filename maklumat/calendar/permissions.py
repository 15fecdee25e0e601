"""Actions on an office's working calendar (declared once; see ``accounts.permissions``)."""

from __future__ import annotations

from maklumat.accounts.roles import Role

ACTIONS = {
    # Record closures and extra openings (admin): they move every deadline of the office.
    "closure_manage": frozenset({Role.ADMINISTRATOR, Role.KEPALA_KANTOR}),
}
