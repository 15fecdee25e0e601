"""One authorization path: which role may take which action.

Each area declares its actions once, in ``maklumat/<area>/permissions.py``, in one shape::

    ACTIONS = {
        "claim_record": COMPLAINT_TEAM | {Role.ADMINISTRATOR},
        ...
    }

An action is named ``"<area>.<name>"`` (``"compensation.claim_record"``). Views, API handlers,
workflow-changing services, admin and menus all ask the same question through this module:
``may(user, action)`` answers it, ``authorize(user, action)`` refuses with 403. Reach (which
offices a user sees) is the other half, in ``offices.scoping``: ``office_for(user, code,
action=...)`` checks both, 404 outside reach before 403 for the wrong role.
"""

from __future__ import annotations

import importlib
from functools import cache

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils.translation import gettext_lazy as _

DENIED_MESSAGE = _("Peran Anda tidak berwenang untuk tindakan ini.")


@cache
def allowed_roles(action: str) -> frozenset[str]:
    """The roles allowed to take ``action``, as declared by its area; unknown actions are a bug."""
    area, _sep, name = action.partition(".")
    if not area or not name:
        raise ImproperlyConfigured(f"Action {action!r} must be named '<area>.<name>'.")
    try:
        module = importlib.import_module(f"maklumat.{area}.permissions")
    except ModuleNotFoundError as exc:
        raise ImproperlyConfigured(f"Area {area!r} declares no permissions module.") from exc
    try:
        return frozenset(module.ACTIONS[name])
    except KeyError as exc:
        raise ImproperlyConfigured(f"Area {area!r} declares no action {name!r}.") from exc


def may(user, action: str) -> bool:
    """Whether ``user``'s role allows ``action`` (reach is checked separately, by scoping)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.role in allowed_roles(action)


def authorize(user, action: str) -> None:
    """Refuse with 403 unless ``user``'s role allows ``action``."""
    if not may(user, action):
        raise PermissionDenied(DENIED_MESSAGE)


class ActionsFor:
    """Templates ask ``{% if may.queueing.statistics_view %}``: the same check, one attribute each."""

    def __init__(self, user):
        self._user = user

    def __getitem__(self, area: str) -> _AreaActions:
        return _AreaActions(self._user, area)


class _AreaActions:
    def __init__(self, user, area: str):
        self._user, self._area = user, area

    def __getitem__(self, name: str) -> bool:
        return may(self._user, f"{self._area}.{name}")
