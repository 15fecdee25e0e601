"""`GET /health/`: 200 when the server can use its database, 503 with the reason when it cannot."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def database_problem() -> str | None:
    """None when a trivial query succeeds, else a one-line reason (no credentials in it)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}".rstrip(": ")
    return None


@never_cache
@require_GET
def health(request):
    problem = database_problem()
    if problem:
        return JsonResponse({"ok": False, "database": "unavailable", "reason": problem}, status=503)
    return JsonResponse({"ok": True, "database": "ok"})
