"""The role matrix of Kinerja: every page and API route, requested as each role of Blitar, an
outsider, the Kanwil and national supervisors, a superuser and an anonymous visitor, gets exactly
the answer its declared action implies."""

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

OFFICE = "kantor/<slug:code>/kinerja/"
POST_ONLY = {ANONYMOUS: 302, **{role: 405 for role in SIGNED_IN}}

CASES = [
    Case("GET", OFFICE, by_action("performance.view", 200)),
    Case("GET", OFFICE + "janji/<slug:promise>/", by_action("performance.view", 200), values={"promise": "payment"}),
    Case("GET", OFFICE + "langkah/", by_action("performance.view", 200)),
    Case("GET", OFFICE + "target/", POST_ONLY),
    Case("POST", OFFICE + "target/", by_action("performance.target_set", 302), data={"year": "", "documents": ""}),
    Case("GET", OFFICE + "rapor/", by_action("performance.view", 200)),
    # A Kanwil is outside an office's staff's reach (404); the nation is refused by role (403).
    Case("GET", "kanwil/<slug:code>/kinerja/", by_action("performance.view_kanwil", 200, denied=404),
         values={"code": "{kanwil}"}),
    Case("GET", "kinerja/nasional/", by_action("performance.view_national", 200, outsider=403)),
    # The API without from/to: 422 (naming the field) for a role that may read, after the reach check.
    Case("GET", "api/v1/offices/<code>/kinerja", by_action("performance.view", 422, anonymous=401)),
    Case("GET", "api/v1/kanwil/<code>/kinerja", by_action("performance.view_kanwil", 422, denied=404, anonymous=401),
         values={"code": "{kanwil}"}),
    Case("GET", "api/v1/kinerja", by_action("performance.view_national", 422, outsider=403, anonymous=401)),
]


def test_every_performance_route_has_a_declared_answer():
    assert undeclared(CASES, modules=("maklumat.performance",)) == []


@pytest.mark.django_db
def test_every_role_gets_exactly_its_declared_answer(client, blitar, balikpapan):
    users = matrix_users(blitar, balikpapan)
    wrong = mismatches(client, users, CASES, values={"code": "blitar", "{kanwil}": blitar.kanwil.code})
    assert wrong == [], "\n".join(wrong)
