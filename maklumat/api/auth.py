"""API authentication: a bearer token (``maklumat token create``) or the browser session."""

from ninja.security import HttpBearer, SessionAuth

from maklumat.accounts.services import token_authenticate


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        user = token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class StaffSession(SessionAuth):
    """The browser session, CSRF-checked for a request it signs in. A request without a signed-in session
    (no credentials, or a wrong bearer token) is simply not authenticated: 401, not a 403 about CSRF."""

    def _get_key(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super()._get_key(request)


# Every endpoint requires one of these unless it says ``auth=None`` (public).
STAFF_AUTH = [BearerToken(), StaffSession()]
