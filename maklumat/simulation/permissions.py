"""Who may run staffing simulations and save plans (declared once; see ``accounts.permissions``)."""

from __future__ import annotations

from maklumat.accounts.roles import Role

ACTIONS = {
    # The what-if page: backtest, forecast, compare a plan (issue 13: Kasi and Kepala Kantor).
    "run": frozenset({Role.KASI, Role.KEPALA_KANTOR}),
    # Save a named staffing plan of the office (audited).
    "plan_save": frozenset({Role.KASI, Role.KEPALA_KANTOR}),
}
