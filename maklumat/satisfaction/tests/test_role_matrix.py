"""The role matrix of satisfaction (IKM): every page and API route, requested as each role of Blitar,
an outsider, the Kanwil and national supervisors, a superuser and an anonymous visitor, gets exactly
the answer its declared action implies (issue 10, "Done when")."""

from __future__ import annotations

import pytest
from django.test import override_settings

from maklumat.portal.tests.role_matrix import (
    ALL_ROLES,
    ANONYMOUS,
    SIGNED_IN,
    Case,
    by_action,
    matrix_users,
    mismatches,
    undeclared,
)
from maklumat.satisfaction.tests.factories import invite, make_response

IKM = "kantor/<slug:code>/ikm/"
POST_ONLY = {ANONYMOUS: 302, **{role: 405 for role in SIGNED_IN}}  # login first, then the method
EVERYONE = {role: 200 for role in ALL_ROLES}

CASES = [
    # The public survey (rate-limited): a refused answer sheet is shown again with its fields named.
    Case("GET", "survei/", EVERYONE),
    Case("GET", "survei/<str:token>/", EVERYONE),
    Case("POST", "survei/<str:token>/", EVERYONE, data={}),
    Case("GET", "survei/<str:token>/qr.svg", EVERYONE),
    Case("POST", "api/v1/survei/<token>", {role: 422 for role in ALL_ROLES}, data={}),
    Case("GET", "api/v1/survei/<token>/qr.png", EVERYONE),
    # Handing out invitations: a refused form is shown again.
    Case("GET", IKM + "kios/", by_action("satisfaction.invitation_issue", 200)),
    Case("POST", IKM + "kios/", by_action("satisfaction.invitation_issue", 200), data={}),
    Case("GET", IKM + "undangan/", by_action("satisfaction.invitation_issue", 200)),
    Case("POST", IKM + "undangan/", by_action("satisfaction.invitation_issue", 200), data={}),
    # Reading the index; managing targets, population, follow-up and suggestions.
    Case("GET", IKM, by_action("satisfaction.index_view", 200)),
    Case("GET", IKM + "target/", by_action("satisfaction.index_view", 200)),
    Case("POST", IKM + "target/", by_action("satisfaction.manage", 200), data={}),
    Case("GET", IKM + "laporan/", by_action("satisfaction.index_view", 200)),
    Case("GET", IKM + "laporan.pdf", by_action("satisfaction.index_view", 200)),
    Case("GET", IKM + "laporan.xlsx", by_action("satisfaction.index_view", 200)),
    Case("GET", IKM + "laporan/tindak-lanjut/", POST_ONLY),
    Case("POST", IKM + "laporan/tindak-lanjut/", by_action("satisfaction.manage", 302), data={}),
    Case("GET", IKM + "laporan/populasi/", POST_ONLY),
    Case("POST", IKM + "laporan/populasi/", by_action("satisfaction.manage", 302), data={}),
    Case("GET", IKM + "saran/", by_action("satisfaction.index_view", 200)),
    Case("GET", IKM + "saran/<int:pk>/pengaduan/", POST_ONLY),
    Case("POST", IKM + "saran/<int:pk>/pengaduan/", by_action("satisfaction.manage", 302), data={}),
    # The API: 401 without credentials; a made-up transaction is 422 only for a role that may invite.
    Case("GET", "api/v1/offices/<code>/ikm", by_action("satisfaction.index_view", 200, anonymous=401)),
    Case("POST", "api/v1/offices/<code>/ikm/invitations",
         by_action("satisfaction.invitation_issue", 422, anonymous=401),
         data={"reference": "TIDAK-ADA", "service": "tidak-ada"}),
]


def test_every_satisfaction_route_has_a_declared_answer():
    assert undeclared(CASES, modules=("maklumat.satisfaction",)) == []


@override_settings(PUBLIC_RATE_LIMIT=100_000)
@pytest.mark.django_db
def test_every_role_gets_exactly_its_declared_answer(client, blitar, balikpapan):
    users = matrix_users(blitar, balikpapan)
    invitation = invite(blitar)
    response = make_response(blitar, blitar.local_date(), suggestion="Antrean terlalu panjang.")
    values = {"code": "blitar", "token": invitation.token, "pk": response.pk}
    wrong = mismatches(client, users, CASES, values=values)
    assert wrong == [], "\n".join(wrong)
