"""The role matrix of applications: every page and API route, requested as each role of Blitar, an
outsider, the Kanwil and national supervisors, a superuser and an anonymous visitor, gets exactly the
answer its declared action implies (issue 10, "Done when")."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from maklumat.applications.models import HomeDelivery
from maklumat.applications.services import application_create, application_event_record
from maklumat.portal.tests.role_matrix import (
    ALL_ROLES,
    ANONYMOUS,
    SIGNED_IN,
    Case,
    admin_model_cases,
    by_action,
    matrix_users,
    mismatches,
    undeclared,
)
from maklumat.standards.models import Service

BASE = "kantor/<slug:code>/permohonan/<str:number>/"
API = "api/v1/offices/<code>/applications"
POST_ONLY = {ANONYMOUS: 302, **{role: 405 for role in SIGNED_IN}}  # login first, then the method
MOMENT = "2025-05-08T10:00:00+07:00"

CASES = [
    Case("GET", "kantor/<slug:code>/permohonan/", by_action("applications.view", 200)),
    Case("GET", BASE, by_action("applications.view", 200)),
    Case("GET", BASE + "peristiwa/", POST_ONLY),
    Case("POST", BASE + "peristiwa/", by_action("applications.event_record", 302), data={"name": ""}),
    Case("GET", BASE + "tanda-terima/", by_action("applications.receipt_print", 200)),
    # The applicant's own timeline: public (rate-limited); an unknown number is the same lookup page.
    Case("GET", "lacak-paspor/", {role: 200 for role in ALL_ROLES}),
    Case("POST", "lacak-paspor/", {role: 200 for role in ALL_ROLES}, data={"nomor": "BLT-7", "kode": "x"}),
    Case("GET", BASE + "tanda/", POST_ONLY),
    Case("POST", BASE + "tanda/", by_action("applications.flag_set", 302), data={"flag": ""}),
    Case("GET", BASE + "peristiwa/<int:pk>/batal/", POST_ONLY, values={"pk": "{event}"}),
    Case("POST", BASE + "peristiwa/<int:pk>/batal/", by_action("applications.event_void", 302),
         values={"pk": "{event}"}, data={"reason": ""}),
    # Paid home delivery: the office's list, one application's delivery, its signed receipt.
    Case("GET", "kantor/<slug:code>/antar-paspor/", by_action("applications.view", 200)),
    Case("GET", BASE + "antar/", by_action("applications.view", 200)),
    Case("POST", BASE + "antar/", by_action("applications.delivery_manage", 302), data={"action": ""}),
    Case("GET", BASE + "antar/tanda-terima/", by_action("applications.view", 200)),
    # The API: 401 without credentials; a refused body is 422 only for a role that may act.
    Case("POST", API, by_action("applications.create", 422, anonymous=401),
         data={"number": "BLT-9", "service": "tidak-ada", "booking": "m_paspor", "applicant_name": "Agus"}),
    Case("GET", API + "/<number>", by_action("applications.view", 200, anonymous=401)),
    Case("POST", API + "/<number>/events", by_action("applications.event_record", 422, anonymous=401),
         data={"name": "tidak-ada", "at": MOMENT}),
    # The admin: applications change through the services only; the admin shows them read-only.
    *admin_model_cases("admin/applications/application/", "{application}"),
]


def test_every_applications_route_has_a_declared_answer():
    assert undeclared(CASES, modules=("maklumat.applications",), routes=("admin/applications/",)) == []


@pytest.mark.django_db
def test_every_role_gets_exactly_its_declared_answer(client, blitar, balikpapan, officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    users = matrix_users(blitar, balikpapan)
    application = application_create(actor=officer, office=blitar, number="BLT-7",
                                     service=Service.objects.get(code="baru"), booking_channel="m_paspor",
                                     applicant_name="Dewi")
    event, _created = application_event_record(application=application, name="payment", at=application.created_at,
                                               actor=officer, source="loket")
    delivery = HomeDelivery.objects.create(application=application, courier="Pos Indonesia", cost=25000,
                                           address="Jl. Merdeka 1", requested_at=application.created_at,
                                           receipt_kind="png")
    delivery.receipt.save("tanda-terima.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    wrong = mismatches(client, users, CASES, values={"code": "blitar", "number": "BLT-7", "{event}": event.pk,
                                                    "{application}": application.pk})
    assert wrong == [], "\n".join(wrong)
