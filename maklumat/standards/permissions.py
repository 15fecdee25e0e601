"""Actions on service standards (declared once; see ``accounts.permissions``)."""

from __future__ import annotations

from maklumat.accounts.roles import Role

ACTIONS = {
    # Draft a new SOP version, fill in its number, and publish it (admin): what the office promises.
    "sop_publish": frozenset({Role.ADMINISTRATOR, Role.KEPALA_KANTOR}),
}
