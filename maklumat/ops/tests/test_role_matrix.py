"""The role matrix of operations: its one route, the health check, answers every role alike (a
load balancer asks it without signing in) and only to GET (issue 10, "Done when").

Operations declares no actions: it has no page that changes anything."""

from __future__ import annotations

import pytest

from maklumat.portal.tests.role_matrix import ALL_ROLES, Case, matrix_users, mismatches, undeclared

CASES = [
    Case("GET", "health/", {role: 200 for role in ALL_ROLES}),
    Case("POST", "health/", {role: 405 for role in ALL_ROLES}, data={}),
]


def test_every_ops_route_has_a_declared_answer():
    assert undeclared(CASES, modules=("maklumat.ops",)) == []


@pytest.mark.django_db
def test_every_role_gets_exactly_its_declared_answer(client, blitar, balikpapan):
    wrong = mismatches(client, matrix_users(blitar, balikpapan), CASES, values={})
    assert wrong == [], "\n".join(wrong)
