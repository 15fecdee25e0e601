"""The offices API answers only within the caller's reach, with a bearer token or a session."""

from maklumat.accounts.services import token_create


def bearer(user):
    return {"Authorization": f"Bearer {token_create(user=user)}"}


def test_api_requires_authentication(client, reference_data):
    assert client.get("/api/v1/offices").status_code == 401


def test_bearer_token_lists_only_the_callers_offices(client, officer):
    response = client.get("/api/v1/offices", headers=bearer(officer))
    assert response.status_code == 200
    assert [row["code"] for row in response.json()] == ["blitar"]


def test_guessing_another_offices_code_is_404(client, outsider):
    assert client.get("/api/v1/offices/blitar", headers=bearer(outsider)).status_code == 404
    assert client.get("/api/v1/offices/blitar/calendar", headers=bearer(outsider)).status_code == 404


def test_revoked_or_wrong_token_is_refused(client, officer):
    from maklumat.accounts.models import ApiToken
    from maklumat.accounts.services import token_revoke

    headers = bearer(officer)
    token_revoke(token=ApiToken.objects.get(user=officer))
    assert client.get("/api/v1/offices", headers=headers).status_code == 401
    assert client.get("/api/v1/offices", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_calendar_endpoint_marks_idul_fitri_2025_closed(client, officer):
    response = client.get("/api/v1/offices/blitar/calendar?start=2025-03-27&days=13", headers=bearer(officer))
    days = {row["date"]: row for row in response.json()}
    assert days["2025-03-27"]["working"] is True
    assert [d for d, row in days.items() if row["working"]] == ["2025-03-27", "2025-04-08"]
    assert days["2025-04-02"]["reason"]


def test_me_tells_role_and_reach(client, client_of, supervisor):
    response = client_of(supervisor).get("/api/v1/me")
    assert response.json()["reach"] == "kanwil"
    assert response.json()["kanwil"] == "jawa-timur"


def test_openapi_schema_is_served(client, reference_data):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/offices/{code}" in schema["paths"]
