"""Rate limits for public (anonymous) pages and API endpoints, counted by django-ratelimit.

One client address for every limit (pages, API, login lockout): ``client_address``. Forwarded
addresses are trusted only from ``TRUSTED_PROXY_COUNT`` proxies in front of the application; with the
default 0 the socket address is the client, whatever ``X-Forwarded-For`` says.

Counts live in the ``default`` cache: Redis when ``REDIS_URL`` is set, else the database cache table
(``maklumat.lib.cache.AtomicDatabaseCache``), so every worker on the host shares one count.
"""

from __future__ import annotations

import ipaddress
from functools import wraps

from django.conf import settings
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited
from ninja.throttling import AnonRateThrottle

RETRY_AFTER_SECONDS = 60


def client_address(request) -> str:
    """The client's address: the socket address, or the N-th ``X-Forwarded-For`` hop from the right.

    ``TRUSTED_PROXY_COUNT`` = N proxies we run append one address each; anything to the left of
    those is written by the client and may be forged, so it is never used.
    """
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if not hops:
        return remote
    # Fewer hops than proxies: the leftmost one the proxies wrote is the best we know.
    return hops[-min(proxies, len(hops))]


def login_client_address(request) -> str | None:
    """``client_address`` for django-axes (``AXES_CLIENT_IP_CALLABLE``): a valid IP address or ``None``.

    Axes stores it in an IP address column; a request without a socket address (``force_login``) or
    a forwarded hop that is not an address must not break signing in.
    """
    address = client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _client_key(group, request) -> str:
    return client_address(request)


def _rate_for(limit: int | None):
    """A rate callable: ``None`` (no limit) for signed-in staff, else ``limit``/minute (read per request)."""

    def rate(group, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        return (limit or settings.PUBLIC_RATE_LIMIT, RETRY_AFTER_SECONDS)

    return rate


def public_rate_limit(scope: str, limit: int | None = None):
    """Limit anonymous clients to ``limit`` requests a minute on a page (signed-in staff are not limited).

    ``limit`` defaults to ``PUBLIC_RATE_LIMIT``; a page over its limit answers the styled 429 page.
    """

    def decorator(view):
        limited = ratelimit(group=f"public:{scope}", key=_client_key, rate=_rate_for(limit), method=ratelimit.ALL,
                            block=True)(view)

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                return limited(request, *args, **kwargs)
            except Ratelimited as exc:
                return too_many_requests(request, exc)

        return wrapper

    return decorator


def over_public_limit(request, scope: str, limit: int | None = None) -> bool:
    """Count this anonymous request against ``limit`` a minute (``PUBLIC_RATE_LIMIT`` by default); ``True``
    once the client address is over it. For views that answer the 429 themselves (``/health/``)."""
    return is_ratelimited(request, group=f"public:{scope}", key=_client_key, rate=_rate_for(limit),
                          method=ratelimit.ALL, increment=True)


def too_many_requests(request, exception=None):
    """The styled 429 page (``RATELIMIT_VIEW``: django-ratelimit's ``Ratelimited`` lands here)."""
    from maklumat.lib.errors import error_response

    response = error_response(request, 429)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def hit(scope: str, key: str, limit: int, window_seconds: int = RETRY_AFTER_SECONDS) -> bool:
    """Count one request for ``key``; ``False`` once it has made more than ``limit`` in this window."""

    class _Request:  # django-ratelimit keys on a request; the key here is given
        META: dict = {}
        method = "POST"

    return not is_ratelimited(_Request(), group=f"hit:{scope}", key=lambda group, request: key,
                              rate=(limit, window_seconds), method=ratelimit.ALL, increment=True)


class PublicThrottle(AnonRateThrottle):
    """django-ninja throttle for public API operations: ``limit`` a minute per client address.

    Counted by django-ratelimit in the shared cache (an atomic increment, like the pages); requests
    carrying an API token (``request.auth``) are not limited. Over the limit ninja answers 429 JSON.
    """

    def __init__(self, scope: str, limit: int | None = None):
        self.scope = scope
        self.limit = limit
        super().__init__(rate=f"{limit or 1}/min")

    def get_ident(self, request) -> str:
        return client_address(request)

    def allow_request(self, request) -> bool:
        if getattr(request, "auth", None) is not None:
            return True
        limit = self.limit or settings.PUBLIC_RATE_LIMIT
        self.num_requests, self.duration = limit, RETRY_AFTER_SECONDS
        self.history = []
        return not is_ratelimited(request, group=f"api:{self.scope}", key=_client_key,
                                  rate=(limit, RETRY_AFTER_SECONDS), method=ratelimit.ALL, increment=True)

    def wait(self) -> float:
        return float(RETRY_AFTER_SECONDS)
