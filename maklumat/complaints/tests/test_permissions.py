"""One authorization path: declared actions, 404 outside reach, 403 for a wrong role in reach,
pages offering only what the workflow allows (the Kasi is not offered "ask the Kasi")."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from maklumat.accounts.permissions import may
from maklumat.accounts.roles import Role
from maklumat.complaints import services
from maklumat.complaints.permissions import ACTIONS
from maklumat.complaints.tests.factories import category, open_complaint, team
from maklumat.conftest import make_user

WIB = ZoneInfo("Asia/Jakarta")


def t(hour, minute=0):
    return datetime(2025, 1, 13, hour, minute, tzinfo=WIB)


@pytest.fixture
def people(pamekasan):
    cast = team(pamekasan)
    cast["supervisor_kanwil"] = make_user("kanwil.jatim", Role.SUPERVISOR_KANWIL, kanwil=pamekasan.kanwil)
    cast["administrator"] = make_user("admin.pamekasan", Role.ADMINISTRATOR, office=pamekasan)
    return cast


@pytest.fixture
def at_kasubsi(pamekasan, people):
    """A walk-in complaint forwarded by the officer: the Kasubsi's decision step is active."""
    complaint = open_complaint(pamekasan, people["petugas_yankomas"], at=t(9))
    services.complaint_escalate(actor=people["petugas_yankomas"], complaint_id=complaint.pk,
                                step_id=complaint.steps.get(status="active").pk, category=category("other"),
                                now=t(9, 5))
    return complaint


def test_the_declared_actions_are_the_ones_the_code_asks():
    assert sorted(ACTIONS) == ["handle", "kanwil_recap_view", "recap_submit", "recap_view", "see_identity", "view"]


# role → (queue page, intake page, recap page, kanwil roll-up)
MATRIX = {
    "petugas_yankomas": (200, 200, 200, 403),
    "pengelola_medsos": (200, 200, 200, 403),
    "kasubsi": (200, 200, 200, 403),
    "kasi": (200, 200, 200, 403),
    "kepala_kantor": (200, 200, 200, 403),
    "duta_layanan": (403, 403, 403, 403),
    "petugas_loket": (403, 403, 403, 403),
    "administrator": (200, 403, 200, 403),
    "supervisor_kanwil": (200, 403, 200, 200),
}


def test_every_role_in_reach_gets_exactly_its_declared_answer(client, people, at_kasubsi):
    urls = ["/kantor/pamekasan/pengaduan/", "/kantor/pamekasan/pengaduan/baru/",
            "/kantor/pamekasan/pengaduan/rekap/?bulan=2025-01", "/kanwil/jawa-timur/pengaduan/rekap/?bulan=2025-01"]
    for role, expected in MATRIX.items():
        client.force_login(people[role])
        assert tuple(client.get(url).status_code for url in urls) == expected, role
        api = client.get("/api/v1/offices/pamekasan/complaints").status_code
        assert api == (200 if expected[0] == 200 else 403), role


def test_the_kasi_is_not_offered_the_kasubsis_ask_the_kasi_form(client_of, people, at_kasubsi):
    url = f"/kantor/pamekasan/pengaduan/{at_kasubsi.tracking_code}/"
    kasubsi_page = client_of(people["kasubsi"]).get(url).content.decode()
    assert 'value="ask_direction"' in kasubsi_page and 'value="handle"' in kasubsi_page
    kasi_page = client_of(people["kasi"]).get(url).content.decode()
    assert 'value="ask_direction"' not in kasi_page and "Minta arahan Kasi" not in kasi_page
    assert 'value="handle"' in kasi_page


def test_the_officer_sees_no_form_of_the_kasubsis_step(client_of, people, at_kasubsi):
    page = client_of(people["petugas_yankomas"]).get(
        f"/kantor/pamekasan/pengaduan/{at_kasubsi.tracking_code}/").content.decode()
    assert 'value="handle"' not in page and 'value="ask_direction"' not in page and 'value="pause"' in page


def test_the_kasi_asking_himself_for_direction_is_refused_and_nothing_changes(people, at_kasubsi):
    step = at_kasubsi.steps.get(status="active")
    with pytest.raises(PermissionDenied):
        services.complaint_escalate(actor=people["kasi"], complaint_id=at_kasubsi.pk, step_id=step.pk, now=t(9, 10))
    assert at_kasubsi.steps.get(status="active").code == "kasubsi_handle"


def test_a_junior_acting_on_a_seniors_step_is_refused(people, at_kasubsi):
    step = at_kasubsi.steps.get(status="active")
    with pytest.raises(PermissionDenied):
        services.complaint_handle_at_kasubsi(actor=people["petugas_yankomas"], complaint_id=at_kasubsi.pk,
                                             step_id=step.pk, note="saya tangani", now=t(9, 10))
    assert at_kasubsi.steps.get(status="active").pk == step.pk


def test_template_and_nav_ask_the_same_declared_actions(client_of, people, at_kasubsi):
    assert may(people["supervisor_kanwil"], "complaints.view")
    assert not may(people["supervisor_kanwil"], "complaints.handle")
    queue = client_of(people["supervisor_kanwil"]).get("/kantor/pamekasan/pengaduan/").content.decode()
    assert "/kantor/pamekasan/pengaduan/baru/" not in queue
    queue = client_of(people["kasubsi"]).get("/kantor/pamekasan/pengaduan/").content.decode()
    assert "/kantor/pamekasan/pengaduan/baru/" in queue


def test_a_wrong_role_posting_an_action_is_403(client_of, people, at_kasubsi):
    url = f"/kantor/pamekasan/pengaduan/{at_kasubsi.tracking_code}/aksi/"
    assert client_of(people["petugas_loket"]).post(url, {"action": "pause", "reason": "x"}).status_code == 403
    assert at_kasubsi.pauses.count() == 0
