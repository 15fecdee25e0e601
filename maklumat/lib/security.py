"""Response headers Django and django-csp do not set (Permissions-Policy), and safe `next=` targets.

The policy comes from settings.PERMISSIONS_POLICY, a mapping feature -> allowlist, where an empty
list means "no origin may use it" (`camera=()`) and "self" means this site only (`fullscreen=(self)`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme


def permissions_policy(policy: Mapping[str, Sequence[str]]) -> str:
    """The header value for a feature -> allowlist mapping, in the structured-field syntax."""
    parts = []
    for feature, allowed in policy.items():
        origins = " ".join(origin if origin == "self" or origin == "*" else f'"{origin}"' for origin in allowed)
        parts.append(f"{feature}=*" if origins == "*" else f"{feature}=({origins})")
    return ", ".join(parts)


def safe_next(request: HttpRequest, target: str | None, fallback: str) -> str:
    """`target` if it is a URL on this site (same host, same or safer scheme), else `fallback`.

    For every `next=` a view follows: a link to another host would make the site an open redirect.
    """
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


class PermissionsPolicyMiddleware:
    """Adds Permissions-Policy to every response that does not already carry one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        header = permissions_policy(getattr(settings, "PERMISSIONS_POLICY", {}))
        if header:
            response.headers.setdefault("Permissions-Policy", header)
        return response
