"""API authentication: a bearer token (``maklumat token create``) or the browser session."""

from ninja.security import HttpBearer, django_auth

from maklumat.accounts.services import token_authenticate


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


# Every endpoint requires one of these unless it says ``auth=None`` (public).
STAFF_AUTH = [BearerToken(), django_auth]
