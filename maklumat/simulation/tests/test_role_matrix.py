"""The role matrix of the staffing simulation: the what-if page and saving a plan answer exactly as
``simulation/permissions.py`` declares (Kasi and Kepala Kantor of the office, and the superuser)."""

from __future__ import annotations

import pytest

from maklumat.portal.tests.role_matrix import (
    ANONYMOUS,
    SIGNED_IN,
    Case,
    by_action,
    matrix_users,
    mismatches,
    undeclared,
)

CASES = [
    Case("GET", "kantor/<slug:code>/simulasi/", by_action("simulation.run", 200)),
    # An empty plan is refused with a message and the page again (a redirect), never a 500.
    Case("POST", "kantor/<slug:code>/simulasi/rencana/", by_action("simulation.plan_save", 302), data={}),
    Case("GET", "kantor/<slug:code>/simulasi/rencana/", {ANONYMOUS: 302, **{role: 405 for role in SIGNED_IN}}),
    # Today's manual delay on ticket estimates: a refused value comes back with a message (a redirect).
    Case("GET", "kantor/<slug:code>/antrian/tambahan-tunggu/", by_action("simulation.delay_set", 200)),
    Case("POST", "kantor/<slug:code>/antrian/tambahan-tunggu/", by_action("simulation.delay_set", 302), data={}),
]


def test_every_simulation_route_has_a_declared_answer():
    assert undeclared(CASES, modules=("maklumat.simulation",)) == []


@pytest.mark.django_db
def test_every_role_gets_exactly_its_declared_answer(client, blitar, balikpapan):
    wrong = mismatches(client, matrix_users(blitar, balikpapan), CASES, values={"code": "blitar"})
    assert wrong == [], "\n".join(wrong)
