"""The role matrix of the foundation and the portal: every URL and API route they answer, requested
as each role of Blitar, an outsider, the Kanwil and national supervisors, a superuser and an
anonymous visitor, gets exactly its declared answer (issue 10, "Done when")."""

from __future__ import annotations

import pytest
from django.test import override_settings

from maklumat.calendar.models import OfficeClosure
from maklumat.portal.tests.role_matrix import (
    ANONYMOUS,
    KANWIL,
    NATIONAL,
    OFFICE_ROLE_NAMES,
    OUTSIDE_ADMIN,
    OUTSIDER,
    SIGNED_IN,
    SUPERUSER,
    Case,
    matrix_users,
    mismatches,
    undeclared,
)
from maklumat.standards.models import SopVersion

ADMIN = "administrator"
IN_REACH = (*OFFICE_ROLE_NAMES, KANWIL, NATIONAL, SUPERUSER)


def everyone(status) -> dict:
    return {role: status for role in (ANONYMOUS, *SIGNED_IN)}


def signed_in(status, anonymous) -> dict:
    return {ANONYMOUS: anonymous, **{role: status for role in SIGNED_IN}}


def api_in_reach() -> dict:
    """An office's API resource: 401 without credentials, 404 outside reach, 200 inside."""
    return {ANONYMOUS: 401, OUTSIDER: 404, OUTSIDE_ADMIN: 404, **{role: 200 for role in IN_REACH}}


def admin_page(*, office_admin: int, outside_admin: int, others: int = 403) -> dict:
    """An admin page: the login redirect for non-staff, the declared answer for staff."""
    answers = {role: 302 for role in (ANONYMOUS, *OFFICE_ROLE_NAMES, OUTSIDER, KANWIL, NATIONAL)}
    answers.update({ADMIN: office_admin, OUTSIDE_ADMIN: outside_admin, SUPERUSER: 200})
    return answers


CASES = [
    # Public pages.
    Case("GET", "", everyone(200)),
    Case("GET", "kantor/<slug:code>/standar/", everyone(200)),
    Case("GET", "kantor/<slug:code>/standar/", everyone(404), values={"code": "atlantis"}, label="unknown office"),
    Case("GET", "kantor/<slug:code>/maklumat.pdf", everyone(200)),
    Case("GET", "kantor/<slug:code>/maklumat.pdf", everyone(404), values={"code": "atlantis"},
         label="poster of an unknown office"),
    Case("GET", "masuk/", everyone(200)),
    Case("GET", "keluar/", everyone(405)),  # logging out is a POST
    Case("GET", "i18n/setlang/", everyone(302)),
    # Staff pages.
    Case("GET", "dasbor/", signed_in(200, anonymous=302)),
    # API of the foundation.
    Case("GET", "api/v1/me", signed_in(200, anonymous=401)),
    Case("GET", "api/v1/offices", signed_in(200, anonymous=401)),
    Case("GET", "api/v1/offices/<code>", api_in_reach()),
    Case("GET", "api/v1/offices/<code>/calendar", api_in_reach()),
    Case("GET", "api/v1/offices/<code>", signed_in(404, anonymous=401), values={"code": "atlantis"},
         label="unknown office"),
    Case("GET", "api/v1/", everyone(404)),  # django-ninja's root answers nothing; the docs are below
    Case("GET", "api/v1/docs", everyone(200)),
    Case("GET", "api/v1/openapi.json", everyone(200)),
    # The admin of the foundation's data: reach and declared permissions.
    Case("GET", "admin/", admin_page(office_admin=200, outside_admin=200)),
    Case("GET", "admin/offices/office/", admin_page(office_admin=200, outside_admin=200)),
    Case("GET", "admin/offices/office/<path:object_id>/change/",
         admin_page(office_admin=200, outside_admin=302), values={"object_id": "{blitar}"}),
    Case("GET", "admin/offices/office/add/", admin_page(office_admin=403, outside_admin=403)),
    Case("GET", "admin/offices/kanwil/", admin_page(office_admin=403, outside_admin=403)),
    Case("GET", "admin/office_calendar/officeclosure/", admin_page(office_admin=200, outside_admin=200)),
    Case("GET", "admin/office_calendar/officeclosure/add/", admin_page(office_admin=200, outside_admin=200)),
    Case("GET", "admin/office_calendar/officeclosure/<path:object_id>/change/",
         admin_page(office_admin=200, outside_admin=302), values={"object_id": "{closure}"}),
    Case("GET", "admin/office_calendar/officeclosure/<path:object_id>/delete/",
         admin_page(office_admin=200, outside_admin=302), values={"object_id": "{closure}"}),
    Case("GET", "admin/standards/sopversion/", admin_page(office_admin=200, outside_admin=200)),
    Case("GET", "admin/standards/sopversion/<path:object_id>/change/",
         admin_page(office_admin=200, outside_admin=302), values={"object_id": "{sop_version}"}),
    Case("GET", "admin/standards/service/", admin_page(office_admin=200, outside_admin=200)),
    Case("GET", "admin/accounts/user/", admin_page(office_admin=403, outside_admin=403)),
    Case("GET", "admin/accounts/user/<id>/password/", admin_page(office_admin=403, outside_admin=403),
         values={"id": "{user}"}),
    Case("GET", "admin/audit/auditentry/", admin_page(office_admin=403, outside_admin=403)),
]

FOUNDATION_MODULES = ("maklumat.portal", "maklumat.offices", "maklumat.calendar", "maklumat.standards",
                      "maklumat.accounts", "maklumat.audit", "django.contrib.auth.views", "django.views.i18n")


def test_every_foundation_and_portal_route_has_a_declared_answer():
    assert undeclared(CASES, modules=FOUNDATION_MODULES, routes=("api/v1/openapi", "api/v1/docs")) == []


@override_settings(PUBLIC_RATE_LIMIT=100_000)
@pytest.mark.django_db
def test_every_role_gets_exactly_its_declared_answer(client, blitar, balikpapan):
    users = matrix_users(blitar, balikpapan)
    closure = OfficeClosure.objects.create(office=blitar, date="2025-10-03", reason="Listrik padam")
    sop_version = SopVersion.objects.get(sop__office=blitar, sop__kind="issuance")
    ids = {"{blitar}": blitar.pk, "{closure}": closure.pk, "{sop_version}": sop_version.pk,
           "{user}": users["petugas_loket"].pk}
    cases = [
        Case(case.method, case.route, case.expected, case.default,
             {name: str(ids.get(value, value)) for name, value in case.values.items()}, case.data, case.label)
        for case in CASES
    ]
    wrong = mismatches(client, users, cases, values={"code": "blitar"})
    assert wrong == [], "\n".join(wrong)
