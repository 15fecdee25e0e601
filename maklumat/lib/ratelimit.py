"""A fixed-window rate limit for public (anonymous) pages and endpoints, kept in the cache."""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    # Behind the office's reverse proxy the first X-Forwarded-For hop is the client.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR", "unknown")


def hit(scope: str, key: str, limit: int, window_seconds: int = 60) -> bool:
    """Count one request; ``False`` once ``key`` has made more than ``limit`` in this window."""
    bucket = int(time.time() // window_seconds)
    cache_key = f"rl:{scope}:{key}:{bucket}"
    cache.add(cache_key, 0, timeout=window_seconds + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr
        cache.set(cache_key, 1, timeout=window_seconds + 5)
        count = 1
    return count <= limit


def public_rate_limit(scope: str, limit: int | None = None):
    """Limit anonymous clients to ``limit`` requests a minute (signed-in staff are not limited)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                allowed = hit(scope, client_address(request), limit or settings.PUBLIC_RATE_LIMIT)
                if not allowed:
                    from maklumat.lib.errors import error_response

                    response = error_response(request, 429)
                    response["Retry-After"] = "60"
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
