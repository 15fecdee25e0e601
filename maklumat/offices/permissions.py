"""Actions on the organisation itself (declared once; see ``accounts.permissions``)."""

from __future__ import annotations

from maklumat.accounts.roles import Role

STAFF = frozenset(Role.values)

ACTIONS = {
    # See an office's staff pages at all (reach decides which offices).
    "view": STAFF,
}
