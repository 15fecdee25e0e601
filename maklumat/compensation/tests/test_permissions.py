"""Declared compensation actions: the same answer from pages, API and services (403 in reach, 404 outside)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from maklumat.accounts.permissions import allowed_roles
from maklumat.accounts.roles import Role
from maklumat.accounts.services import token_create
from maklumat.compensation.models import Claim, CompensationPolicy, Fulfilment
from maklumat.compensation.services import claim_record, remedy_fulfil_apology
from maklumat.compensation.tests.fixtures import AFTER

DETAIL = "/kantor/blitar/permohonan/BLT-1/"


def bearer(user):
    return {"Authorization": f"Bearer {token_create(user=user)}"}


def policy():
    return CompensationPolicy.objects.get(code="blitar-2025")


def test_declared_roles_replace_the_old_constants():
    assert allowed_roles("compensation.claim_record") == {Role.PETUGAS_YANKOMAS, Role.PENGELOLA_MEDSOS, Role.KASUBSI,
                                                          Role.KASI, Role.KEPALA_KANTOR, Role.ADMINISTRATOR}
    assert Role.PETUGAS_LOKET in allowed_roles("compensation.remedy_fulfil")
    assert Role.PETUGAS_LOKET not in allowed_roles("compensation.outage_record_national")
    assert Role.SUPERVISOR_KANWIL not in allowed_roles("compensation.outage_void")


def test_services_refuse_the_wrong_role_and_the_wrong_reach(eligible, officer, outsider, yankomas, supervisor):
    with pytest.raises(PermissionDenied):
        claim_record(actor=officer, application=eligible, policy=policy(), as_of=AFTER)
    with pytest.raises(Http404):
        claim_record(actor=outsider, application=eligible, policy=policy(), as_of=AFTER)
    claim = claim_record(actor=yankomas, application=eligible, policy=policy(), as_of=AFTER)
    with pytest.raises(PermissionDenied):
        remedy_fulfil_apology(claim=claim, actor=supervisor)
    assert Claim.objects.count() == 1 and not Fulfilment.objects.filter(status="done").exists()


def test_decisions_api_is_scoped(client, eligible, supervisor, outsider):
    url = "/api/v1/offices/blitar/applications/BLT-1/decisions"
    assert client.get(url, {"as_of": "2025-05-08T16:00:00+07:00"}, headers=bearer(supervisor)).status_code == 200
    assert client.get(url, headers=bearer(outsider)).status_code == 404
    assert client.get(url, {"as_of": "9999-12-31T23:59:59"}, headers=bearer(supervisor)).status_code == 422


def test_supervisor_cannot_give_a_remedy_from_the_page(client_of, eligible, yankomas, supervisor, client):
    claim = claim_record(actor=yankomas, application=eligible, policy=policy(), as_of=AFTER)
    client.logout()
    response = client_of(supervisor).post(f"/kantor/blitar/kompensasi/klaim/{claim.pk}/apology/")
    assert response.status_code == 403
    page = client_of(supervisor).get(f"/kantor/blitar/kompensasi/klaim/{claim.pk}/").content.decode()
    assert "Terbitkan surat permohonan maaf" not in page


def test_claim_page_shows_policy_title_and_condition_labels(client_of, eligible, yankomas):
    claim = claim_record(actor=yankomas, application=eligible, policy=policy(), as_of=AFTER)
    page = client_of(yankomas).get(f"/kantor/blitar/kompensasi/klaim/{claim.pk}/").content.decode()
    assert "Kebijakan pemberian kompensasi kepada penerima layanan Kanim Blitar 2025" in page
    assert "Menunggu lebih dari 2 jam untuk foto dan sidik jari — terpenuhi" in page
    assert "b_wait_over_2h" not in page and ">blitar-2025<" not in page
