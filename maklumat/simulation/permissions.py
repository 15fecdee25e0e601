"""Who may run staffing simulations and save plans (declared once; see ``accounts.permissions``)."""

from __future__ import annotations

from maklumat.accounts.roles import MANAGEMENT, Role

ACTIONS = {
    # The what-if page: backtest, forecast, compare a plan (issue 13: Kasi and Kepala Kantor).
    "run": frozenset({Role.KASI, Role.KEPALA_KANTOR}),
    # Save a named staffing plan of the office (audited).
    "plan_save": frozenset({Role.KASI, Role.KEPALA_KANTOR}),
    # Add a manual delay to today's ticket wait estimates (e.g. the passport system is slow): the
    # office's management, who run the floor.
    "delay_set": frozenset(MANAGEMENT),
}
