"""`GET /health/`: 200 when the server can use its database, 503 with the reason when it cannot.

Public like every endpoint, so limited per client address (``PUBLIC_RATE_LIMIT`` a minute, 429 JSON with
``Retry-After``); a monitor polling every few seconds stays far below. The count lives in the shared cache,
which is the database when Redis is not configured: when it cannot be counted the probe still answers,
since saying that the database is down is its whole point (docs/decisions.md).
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from maklumat.lib.ratelimit import RETRY_AFTER_SECONDS, over_public_limit

logger = logging.getLogger(__name__)


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
    try:
        limited = over_public_limit(request, "health")
    except Exception:  # the counter store (database or Redis) is down: report, do not fail
        logger.warning("health: the rate limit could not be counted", exc_info=True)
        limited = False
    if limited:
        response = JsonResponse({"ok": False, "detail": "Terlalu banyak permintaan / too many requests"}, status=429)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    problem = database_problem()
    if problem:
        return JsonResponse({"ok": False, "database": "unavailable", "reason": problem}, status=503)
    return JsonResponse({"ok": True, "database": "ok"})
