"""The role matrix of compensation: every page and API route, requested as each role of Blitar, an
outsider, the Kanwil and national supervisors, a superuser and an anonymous visitor, gets exactly the
answer its declared action implies (issue 10, "Done when")."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from maklumat.compensation import services
from maklumat.compensation.models import CompensationPolicy, Fulfilment, FulfilmentStatus, Remedy
from maklumat.compensation.tests.fixtures import application_with
from maklumat.portal.tests.role_matrix import (
    ANONYMOUS,
    SIGNED_IN,
    Case,
    admin_model_cases,
    by_action,
    matrix_users,
    mismatches,
    undeclared,
)

CLAIM = "kantor/<slug:code>/kompensasi/klaim/<int:pk>/"
OUTAGE = "kantor/<slug:code>/gangguan/<int:pk>/"
POST_ONLY = {ANONYMOUS: 302, **{role: 405 for role in SIGNED_IN}}  # login first, then the method
WIB = ZoneInfo("Asia/Jakarta")

CASES = [
    Case("GET", "kantor/<slug:code>/kompensasi/", by_action("compensation.view", 200)),
    # A claim: the application already has one, so an allowed role is told so on the application page.
    Case("GET", "kantor/<slug:code>/permohonan/<str:number>/klaim/", POST_ONLY),
    Case("POST", "kantor/<slug:code>/permohonan/<str:number>/klaim/", by_action("compensation.claim_record", 302),
         data={"policy": "blitar-2025"}),
    Case("GET", CLAIM, by_action("compensation.view", 200), values={"pk": "{claim}"}),
    Case("GET", CLAIM + "surat-maaf.pdf", by_action("compensation.view", 200), values={"pk": "{claim}"}),
    Case("GET", CLAIM + "tanda-terima.pdf", by_action("compensation.view", 200), values={"pk": "{claim}"}),
    Case("GET", CLAIM + "<slug:action>/", POST_ONLY, values={"pk": "{claim}", "action": "souvenir"}),
    Case("POST", CLAIM + "<slug:action>/", by_action("compensation.remedy_fulfil", 302),
         values={"pk": "{claim}", "action": "souvenir"}, data={"item": ""}),
    # Stock and outages re-show their form with the field named when the input is refused.
    Case("GET", "kantor/<slug:code>/kompensasi/suvenir/", by_action("compensation.view", 200)),
    Case("POST", "kantor/<slug:code>/kompensasi/suvenir/", by_action("compensation.stock_keep", 200),
         data={"quantity": ""}),
    Case("GET", "kantor/<slug:code>/kompensasi/suvenir/<int:pk>/batas/", POST_ONLY, values={"pk": "{souveniritem}"}),
    Case("POST", "kantor/<slug:code>/kompensasi/suvenir/<int:pk>/batas/", by_action("compensation.stock_keep", 302),
         values={"pk": "{souveniritem}"}, data={"threshold": "3"}),
    # The monthly report (Kasubsi and above, supervisors in reach), its PDF, XLSX and the rows behind it.
    Case("GET", "kantor/<slug:code>/kompensasi/laporan/", by_action("compensation.report", 200)),
    Case("GET", "kantor/<slug:code>/kompensasi/laporan.pdf", by_action("compensation.report", 200)),
    Case("GET", "kantor/<slug:code>/kompensasi/laporan.xlsx", by_action("compensation.report", 200)),
    Case("GET", "kantor/<slug:code>/kompensasi/laporan/rincian/", by_action("compensation.report", 200)),
    Case("GET", "kantor/<slug:code>/gangguan/", by_action("compensation.view", 200)),
    Case("POST", "kantor/<slug:code>/gangguan/", by_action("compensation.outage_record", 200), data={"start": ""}),
    Case("GET", OUTAGE + "selesai/", POST_ONLY, values={"pk": "{outage}"}),
    Case("POST", OUTAGE + "selesai/", by_action("compensation.outage_record", 302), values={"pk": "{outage}"}),
    Case("GET", OUTAGE + "batal/", POST_ONLY, values={"pk": "{outage}"}),
    Case("POST", OUTAGE + "batal/", by_action("compensation.outage_void", 302), values={"pk": "{outage}"},
         data={"reason": ""}),
    Case("GET", "api/v1/offices/<code>/applications/<number>/decisions",
         by_action("compensation.view", 200, anonymous=401)),
    # The admin: policies, claims, outages and stock change through the services only (read-only).
    *[case for model in ("compensationpolicy", "claim", "outage", "souveniritem", "souvenirmovement")
      for case in admin_model_cases(f"admin/compensation/{model}/", f"{{{model}}}")],
]


def test_every_compensation_route_has_a_declared_answer():
    assert undeclared(CASES, modules=("maklumat.compensation",), routes=("admin/compensation/",)) == []


@pytest.mark.django_db
def test_every_role_gets_exactly_its_declared_answer(client, blitar, balikpapan):
    users = matrix_users(blitar, balikpapan)
    yankomas = users["petugas_yankomas"]
    application = application_with(blitar, "BLT-1", wait_minutes=121)
    claim = services.claim_record(actor=yankomas, application=application,
                                  policy=CompensationPolicy.objects.get(office=blitar, code="blitar-2025"))
    services.remedy_fulfil_apology(claim=claim, actor=yankomas)
    dispatched = datetime(2025, 5, 9, 9, 0, tzinfo=WIB)
    Fulfilment.objects.create(claim=claim, remedy=Remedy.HOME_DELIVERY, status=FulfilmentStatus.DISPATCHED,
                              courier="Pos Indonesia", tracking_number="RR1", delivery_address="Jl. Merdeka 1",
                              dispatched_at=dispatched)
    outage = services.outage_record(actor=yankomas, office=blitar, start=dispatched - timedelta(hours=2),
                                    end=None, scope="office", note="SIMKIM tidak bisa diakses")
    item = services.souvenir_item_create(actor=yankomas, office=blitar, name="Gantungan kunci")
    movement = services.souvenir_stock_receive(actor=yankomas, item=item, quantity=3, reason="stok awal")
    values = {"code": "blitar", "number": "BLT-1", "{claim}": claim.pk, "{outage}": outage.pk,
              "{compensationpolicy}": claim.policy_id, "{souveniritem}": item.pk, "{souvenirmovement}": movement.pk}
    wrong = mismatches(client, users, CASES, values=values)
    assert wrong == [], "\n".join(wrong)
