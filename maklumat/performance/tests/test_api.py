"""The Kinerja API contract: exact keys, the role matrix (200/403/404), bad parameters (422)."""

from __future__ import annotations

import pytest

from maklumat.accounts.roles import Role
from maklumat.conftest import make_user

OFFICE_KEYS = {"office", "from", "to", "as_of", "promises", "steps", "documents_issued", "target", "compensation",
               "complaints", "ikm", "effectiveness"}
FIGURE_KEYS = OFFICE_KEYS - {"office", "from", "to", "as_of"}
PROMISE_KEYS = {"code", "label", "total", "met", "late", "open", "overdue", "on_time_rate"}
STEP_KEYS = {"code", "norm_minutes", "measured", "within_norm", "median_minutes", "p90_minutes"}
JULY = "from=2025-07-01&to=2025-07-31&as_of=2025-08-15T12:00:00%2B07:00"


@pytest.fixture
def kasi(blitar):
    return make_user("kasi.blitar", Role.KASI, office=blitar)


def get(client_of, user, url):
    return client_of(user).get(url)


def test_office_kinerja_answers_exactly_the_contract(client_of, kasi, july):
    response = get(client_of, kasi, f"/api/v1/offices/blitar/kinerja?{JULY}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == OFFICE_KEYS
    assert (body["office"], body["from"], body["to"], body["as_of"]) == (
        "blitar", "2025-07-01", "2025-07-31", "2025-08-15T12:00:00+07:00")
    assert [row["code"] for row in body["promises"]] == ["payment", "allocation", "completion", "pickup",
                                                          "biometric_wait"]
    assert all(set(row) == PROMISE_KEYS for row in body["promises"])
    assert all(set(row) == STEP_KEYS for row in body["steps"])
    assert body["promises"][1] == {"code": "allocation", "label": "Alokasi paspor setelah pembayaran", "total": 4,
                                   "met": 3, "late": 0, "open": 0, "overdue": 1, "on_time_rate": 0.75}
    assert set(body["target"]) == {"documents", "issued", "achievement_percent"}
    assert set(body["compensation"]) == {"eligible", "claimed", "fulfilled", "outstanding", "cost"}
    assert set(body["complaints"]) == {"received", "open", "overdue", "on_time_rate"}
    assert set(body["ikm"]) == {"index", "grade", "respondents", "target", "achievement"}
    assert [row["code"] for row in body["effectiveness"]] == ["program_understanding", "on_target", "on_time",
                                                              "goal_achievement", "real_change"]
    assert all(set(row) == {"code", "label", "value", "unit", "definition"} for row in body["effectiveness"])


def test_as_of_defaults_to_now(client_of, kasi, blitar):
    body = get(client_of, kasi, "/api/v1/offices/blitar/kinerja?from=2025-07-01&to=2025-07-31").json()
    assert body["as_of"][:4] >= "2025"


@pytest.mark.parametrize(("role", "status"), [
    (Role.KASI, 200), (Role.KEPALA_KANTOR, 200), (Role.KASUBSI, 403), (Role.PETUGAS_LOKET, 403),
    (Role.PETUGAS_YANKOMAS, 403),
])
def test_office_roles_in_reach(client_of, blitar, role, status):
    user = make_user(f"u-{role}", role, office=blitar)
    assert get(client_of, user, f"/api/v1/offices/blitar/kinerja?{JULY}").status_code == status


def test_supervisors_in_reach_see_the_office(client_of, supervisor, national):
    assert get(client_of, supervisor, f"/api/v1/offices/blitar/kinerja?{JULY}").status_code == 200
    assert get(client_of, national, f"/api/v1/offices/blitar/kinerja?{JULY}").status_code == 200


def test_out_of_reach_is_404_whatever_the_role(client_of, balikpapan, supervisor):
    kasi_elsewhere = make_user("kasi.balikpapan", Role.KASI, office=balikpapan)
    assert get(client_of, kasi_elsewhere, f"/api/v1/offices/blitar/kinerja?{JULY}").status_code == 404
    assert get(client_of, supervisor, f"/api/v1/offices/balikpapan/kinerja?{JULY}").status_code == 404
    assert get(client_of, supervisor, f"/api/v1/offices/nowhere/kinerja?{JULY}").status_code == 404


def test_kanwil_kinerja_for_its_supervisor_and_the_nation(client_of, blitar, supervisor, national, july):
    response = get(client_of, supervisor, f"/api/v1/kanwil/{blitar.kanwil.code}/kinerja?{JULY}")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == FIGURE_KEYS | {"kanwil", "from", "to", "as_of", "on_time_rate", "offices"}
    first = body["offices"][0]
    assert set(first) == FIGURE_KEYS | {"office", "name", "rank", "on_time_rate"}
    assert (first["office"], first["rank"]) == ("blitar", 1)
    assert get(client_of, national, f"/api/v1/kanwil/{blitar.kanwil.code}/kinerja?{JULY}").status_code == 200


def test_kanwil_kinerja_refuses_office_staff_and_other_kanwil(client_of, blitar, balikpapan, kasubsi):
    kasi = make_user("kasi.b", Role.KASI, office=blitar)
    other = make_user("kanwil.kaltim", Role.SUPERVISOR_KANWIL, kanwil=balikpapan.kanwil)
    url = f"/api/v1/kanwil/{blitar.kanwil.code}/kinerja?{JULY}"
    assert get(client_of, kasi, url).status_code == 404
    assert get(client_of, other, url).status_code == 404
    assert get(client_of, other, f"/api/v1/kanwil/{balikpapan.kanwil.code}/kinerja?{JULY}").status_code == 200


def test_national_kinerja_is_for_national_supervisors(client_of, national, supervisor, blitar):
    kasi = make_user("kasi.n", Role.KASI, office=blitar)
    response = get(client_of, national, f"/api/v1/kinerja?{JULY}")
    assert response.status_code == 200
    body = response.json()
    assert body["nation"] is True
    assert {row["office"] for row in body["offices"]} >= {"blitar", "balikpapan", "pamekasan", "muara-enim"}
    assert get(client_of, supervisor, f"/api/v1/kinerja?{JULY}").status_code == 403
    assert get(client_of, kasi, f"/api/v1/kinerja?{JULY}").status_code == 403


@pytest.mark.parametrize(("query", "field"), [
    ("from=9999-01-01&to=9999-01-31", "from"),
    ("from=2025-07-01&to=9999-01-31", "to"),
    ("from=2025-08-01&to=2025-07-01", "from"),
    ("from=2024-01-01&to=2025-01-02", "to"),
    ("from=2025-07-01", "to"),
    ("to=2025-07-01", "from"),
    ("from=2025-13-01&to=2025-07-31", "from"),
    ("from=2025-07-01&to=2025-07-31&as_of=9999-01-01T00:00:00%2B07:00", "as_of"),
    ("from=2025-07-01&to=2025-07-31&as_of=yesterday", "as_of"),
    ("from=2025-07-01&to=2025-07-31&as_of=2025-08-01T00:00:00%2B15:00", "as_of"),
])
def test_bad_parameters_are_422_naming_the_field(client_of, kasi, query, field):
    response = get(client_of, kasi, f"/api/v1/offices/blitar/kinerja?{query}")
    assert response.status_code == 422
    assert response.json()["detail"].startswith(f"{field}: ")


def test_a_leap_year_is_a_valid_period(client_of, kasi):
    assert get(client_of, kasi, "/api/v1/offices/blitar/kinerja?from=2024-01-01&to=2024-12-31").status_code == 200


def test_as_of_without_offset_is_office_time(client_of, kasi):
    body = get(client_of, kasi, "/api/v1/offices/blitar/kinerja?from=2025-07-01&to=2025-07-31"
                                "&as_of=2025-08-15T12:00:00").json()
    assert body["as_of"] == "2025-08-15T12:00:00+07:00"
