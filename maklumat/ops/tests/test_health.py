"""GET /health/ answers 200 with a working database and 503 with the reason without one."""

import json

from django.db import OperationalError

from maklumat.ops import health


def test_health_is_ok_when_the_database_answers(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert json.loads(response.content) == {"ok": True, "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_is_503_with_a_json_reason_when_the_database_is_down(client, db, monkeypatch):
    class BrokenCursor:
        def __enter__(self):
            raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused\nmore')

        def __exit__(self, *exc):
            return False

    class DownDatabase:
        def cursor(self):
            return BrokenCursor()

    monkeypatch.setattr(health, "connection", DownDatabase())
    response = client.get("/health/")
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "ok": False,
        "database": "unavailable",
        "reason": 'OperationalError: connection to server at "127.0.0.1", port 5432 failed: Connection refused',
    }
