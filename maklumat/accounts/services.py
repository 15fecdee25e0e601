"""Use cases that change users and tokens."""

from __future__ import annotations

import copy

from django.db import transaction
from django.utils import timezone

from maklumat.accounts.models import ApiToken, User
from maklumat.audit.services import audit_record
from maklumat.lib.cache import hot


@transaction.atomic
def token_create(*, user: User, name: str = "", actor: User | None = None) -> str:
    """Create an API token for ``user`` and return the secret (shown only now)."""
    raw = ApiToken.new_secret()
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[4:12], digest=ApiToken.digest_of(raw))
    audit_record(actor=actor, action="token.create", obj=token, office=user.office,
                 summary=f"Token API {token.prefix}… untuk {user.username}")
    return raw


def _token_row(digest: str) -> ApiToken | None:
    return (ApiToken.objects.select_related("user", "user__office")
            .filter(digest=digest, revoked_at__isnull=True).first())


def token_authenticate(raw: str) -> User | None:
    """The active user behind a bearer token, or ``None``.

    Read through ``lib.cache.hot`` (invalidated on commit when a token or user is saved, and by
    ``token_revoke``): a queue request does not pay a query to know who asks. ``last_used_at`` is
    still written at most once a minute per token and worker.
    """
    token = hot.get(("token", ApiToken.digest_of(raw)), lambda: _token_row(ApiToken.digest_of(raw)))
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return copy.copy(token.user)  # each request its own instance: callers may set attributes on it


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: User | None = None) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    hot.bump_on_commit()
    audit_record(actor=actor, action="token.revoke", obj=token, office=token.user.office,
                 summary=f"Token API {token.prefix}… dicabut")
