"""One authorization path: declared actions; wrong role in reach 403, out of reach 404, page and API alike;
and the area imports no area above it (the compensation panel arrives through ``panels``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from maklumat.accounts.permissions import allowed_roles
from maklumat.accounts.roles import Role
from maklumat.accounts.services import token_create
from maklumat.applications.models import Application
from maklumat.applications.services import application_create
from maklumat.conftest import make_user
from maklumat.standards.models import Service

AREA = Path(__file__).resolve().parent.parent
ALLOWED = ("maklumat.applications", "maklumat.standards", "maklumat.calendar", "maklumat.offices",
           "maklumat.accounts", "maklumat.audit", "maklumat.lib")


def bearer(user):
    return {"Authorization": f"Bearer {token_create(user=user)}"}


@pytest.fixture
def application(blitar, officer):
    return application_create(actor=officer, office=blitar, number="BLT-7", service=Service.objects.get(code="baru"),
                              booking_channel="m_paspor", applicant_name="Dewi")


def test_declared_roles():
    assert Role.PETUGAS_LOKET in allowed_roles("applications.event_record")
    assert Role.SUPERVISOR_KANWIL not in allowed_roles("applications.event_record")
    assert allowed_roles("applications.event_void") == {Role.KASUBSI, Role.KASI, Role.KEPALA_KANTOR,
                                                         Role.ADMINISTRATOR}
    assert allowed_roles("applications.view") == frozenset(Role.values)


def test_api_wrong_role_in_reach_is_403_out_of_reach_404(client, application, supervisor, outsider):
    event = {"name": "payment", "at": "2025-05-08T10:00:00+07:00"}
    url = "/api/v1/offices/blitar/applications/BLT-7/events"
    assert client.post(url, event, content_type="application/json", headers=bearer(supervisor)).status_code == 403
    assert client.post(url, event, content_type="application/json", headers=bearer(outsider)).status_code == 404
    new = {"number": "BLT-8", "service": "baru", "booking": "m_paspor", "applicant_name": "Agus"}
    assert client.post("/api/v1/offices/blitar/applications", new, content_type="application/json",
                       headers=bearer(supervisor)).status_code == 403
    assert client.get("/api/v1/offices/blitar/applications/BLT-7", headers=bearer(supervisor)).status_code == 200
    assert client.get("/api/v1/offices/blitar/applications/BLT-7", headers=bearer(outsider)).status_code == 404
    assert client.get("/api/v1/offices/blitar/applications/NOPE", headers=bearer(supervisor)).status_code == 404
    assert Application.objects.count() == 1 and application.events.count() == 0


def test_pages_wrong_role_403_out_of_reach_404(client_of, application, supervisor, outsider, client):
    assert client_of(supervisor).post("/kantor/blitar/permohonan/BLT-7/peristiwa/",
                                      {"name": "payment"}).status_code == 403
    client.logout()
    assert client_of(outsider).post("/kantor/blitar/permohonan/BLT-7/tanda/",
                                    {"flag": "broker", "value": "1"}).status_code == 404


def test_page_offers_only_the_forms_the_role_may_use(client_of, application, officer, kasubsi, supervisor, client):
    page = client_of(officer).get("/kantor/blitar/permohonan/BLT-7/").content.decode()
    assert "Catat peristiwa" in page and "Tanda permohonan" not in page
    client.logout()
    page = client_of(supervisor).get("/kantor/blitar/permohonan/BLT-7/").content.decode()
    assert "Catat peristiwa" not in page and "Tanda permohonan" not in page
    client.logout()
    page = client_of(kasubsi).get("/kantor/blitar/permohonan/BLT-7/").content.decode()
    assert "Catat peristiwa" in page and "Tanda permohonan" in page


def test_event_dropdown_and_flags_show_labels_not_codes(client_of, application, kasubsi):
    page = client_of(kasubsi).get("/kantor/blitar/permohonan/BLT-7/").content.decode()
    assert '<option value="biometric_ticket">Nomor antrian biometrik diambil</option>' in page
    assert '<option value="interview_start">Wawancara dan verifikasi: mulai</option>' in page
    assert page.count('<option value="biometric_start">') == 1
    assert '<option value="under_review">Dalam peninjauan (ada kecurigaan)</option>' in page
    assert ">biometric_start<" not in page and "biometric_start —" not in page


def test_compensation_panel_arrives_through_the_panels_extension_point(client_of, application, officer):
    page = client_of(officer).get("/kantor/blitar/permohonan/BLT-7/").content.decode()
    assert "Keputusan kompensasi" in page



def test_front_desk_of_another_role_kept_out_of_flags_by_the_service(blitar, application):
    from django.core.exceptions import PermissionDenied

    from maklumat.applications.services import application_flag_set

    duta = make_user("duta.blitar", Role.DUTA_LAYANAN, office=blitar)
    with pytest.raises(PermissionDenied):
        application_flag_set(actor=duta, application=application, flag="broker", value=True)
    application.refresh_from_db()
    assert application.broker_involved is False


def test_a_nul_byte_or_overlong_number_in_the_path_is_404_not_500(client_of, application, officer):
    client = client_of(officer)
    assert client.get("/kantor/blitar/permohonan/BLT%007/").status_code == 404
    assert client.get(f"/kantor/blitar/permohonan/{'N' * 300}/").status_code == 404
    assert client.get("/kantor/blitar/permohonan/", {"q": "BLT\x00"}).status_code == 200


def test_detail_page_says_the_offices_own_sop_has_no_number_yet(client_of, application, officer):
    page = client_of(officer).get("/kantor/blitar/permohonan/BLT-7/").content.decode()
    assert "nomor belum diisi" in page and "W.6.IMI" not in page
