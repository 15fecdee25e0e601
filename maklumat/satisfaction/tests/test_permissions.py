"""One authorization path: each role gets exactly its declared answer, and sees only its links."""

from datetime import date

import pytest

from maklumat.accounts.permissions import may
from maklumat.accounts.roles import Role
from maklumat.conftest import make_user
from maklumat.satisfaction.permissions import ACTIONS
from maklumat.satisfaction.tests.factories import make_response

VIEWERS = {Role.PETUGAS_YANKOMAS, Role.PENGELOLA_MEDSOS, Role.KASUBSI, Role.KASI, Role.KEPALA_KANTOR,
           Role.SUPERVISOR_KANWIL, Role.SUPERVISOR_NASIONAL, Role.ADMINISTRATOR}
MANAGERS = {Role.KASUBSI, Role.KASI, Role.KEPALA_KANTOR}
ISSUERS = {Role.DUTA_LAYANAN, Role.PETUGAS_LOKET, Role.PETUGAS_YANKOMAS, Role.PENGELOLA_MEDSOS, Role.KASUBSI,
           Role.KASI, Role.KEPALA_KANTOR}
READ_PAGES = ["/kantor/blitar/ikm/?periode=2025", "/kantor/blitar/ikm/target/",
              "/kantor/blitar/ikm/laporan/?periode=2025", "/kantor/blitar/ikm/laporan.pdf?periode=2025",
              "/kantor/blitar/ikm/laporan.xlsx?periode=2025",
              "/kantor/blitar/ikm/saran/?periode=2025"]
ISSUE_PAGES = ["/kantor/blitar/ikm/kios/", "/kantor/blitar/ikm/undangan/"]


def test_the_declared_actions_keep_todays_role_sets():
    assert (set(ACTIONS["index_view"]), set(ACTIONS["manage"]), set(ACTIONS["invitation_issue"])) == (
        VIEWERS, MANAGERS, ISSUERS)


def _user(role, blitar):
    if role == Role.SUPERVISOR_KANWIL:
        return make_user(f"u.{role}", role, kanwil=blitar.kanwil)
    if role == Role.SUPERVISOR_NASIONAL:
        return make_user(f"u.{role}", role)
    return make_user(f"u.{role}", role, office=blitar)


@pytest.fixture
def answered(blitar):
    make_response(blitar, date(2025, 2, 3), suggestion="Ruang tunggu panas.")
    return blitar


@pytest.mark.parametrize("role", list(Role))
def test_every_role_in_reach_gets_its_declared_answer_on_every_page(client_of, answered, role):
    client = client_of(_user(role, answered))
    for path in READ_PAGES:
        assert client.get(path).status_code == (200 if role in VIEWERS else 403), path
    for path in ISSUE_PAGES:
        assert client.get(path).status_code == (200 if role in ISSUERS else 403), path
    manage_posts = [("/kantor/blitar/ikm/laporan/tindak-lanjut/?periode=2025", {"text": "Perbaiki AC."}),
                    ("/kantor/blitar/ikm/laporan/populasi/?periode=2025", {"population": "100"}),
                    ("/kantor/blitar/ikm/target/", {"year": "2025", "target": "3.2"})]
    for path, data in manage_posts:
        assert client.post(path, data).status_code == (302 if role in MANAGERS else 403), path
    api = client.get("/api/v1/offices/blitar/ikm?period=2025")
    assert api.status_code == (200 if role in VIEWERS else 403)


@pytest.mark.parametrize("path", READ_PAGES + ISSUE_PAGES)
def test_out_of_reach_is_404_whatever_the_role(client_of, answered, balikpapan, path):
    kasubsi_elsewhere = make_user("kasubsi.bpn", Role.KASUBSI, office=balikpapan)
    assert client_of(kasubsi_elsewhere).get(path).status_code == 404


@pytest.mark.parametrize("role", sorted(VIEWERS))
def test_the_tabs_and_forms_link_only_to_allowed_actions(client_of, answered, role):
    client = client_of(_user(role, answered))
    dashboard = client.get("/kantor/blitar/ikm/?periode=2025").content.decode()
    report = client.get("/kantor/blitar/ikm/laporan/?periode=2025").content.decode()
    suggestions = client.get("/kantor/blitar/ikm/saran/?periode=2025").content.decode()
    targets = client.get("/kantor/blitar/ikm/target/").content.decode()
    assert ('href="/kantor/blitar/ikm/undangan/"' in dashboard) == (role in ISSUERS)
    assert ('href="/kantor/blitar/ikm/kios/"' in dashboard) == (role in ISSUERS)
    assert ('href="/kantor/blitar/ikm/laporan/"' in dashboard) is True
    assert ("/ikm/laporan/tindak-lanjut/" in report) == (role in MANAGERS)
    assert ("/ikm/laporan/populasi/" in report) == (role in MANAGERS)
    assert ("Tandai pengaduan" in suggestions) == (role in MANAGERS)
    assert ("Atur target tahunan" in targets) == (role in MANAGERS)


@pytest.mark.parametrize("role", list(Role))
def test_the_menu_shows_ikm_to_readers_and_the_kiosk_to_issuers_who_do_not_read(client_of, answered, role):
    from maklumat.portal.navigation import items_for

    user = _user(role, answered)
    labels = {str(label): href for label, href in items_for(user)}
    assert ("IKM" in labels) == may(user, "satisfaction.index_view")
    assert ("Survei kios" in labels) == (role in ISSUERS - VIEWERS)
    if "Survei kios" in labels:
        assert labels["Survei kios"] == "/kantor/blitar/ikm/kios/"
