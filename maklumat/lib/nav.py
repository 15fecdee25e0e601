"""The shape of a menu entry an area contributes (its ``nav`` module lists ``NAV_ITEMS``).

It lives at the bottom of the import graph so that areas can declare menu entries without
importing the portal, which shows them (``portal.navigation``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    """A menu entry. ``href(user)`` returns the link, or ``None`` to hide it for that user.

    ``action`` (``"<area>.<name>"``) shows it only to users whose role may take that action
    (``accounts.permissions.may``, checked by the portal); without one, every signed-in user
    (``href`` may still hide it). ``public`` items show to everybody, signed in or not.
    """

    label: str
    href: Callable[[object], str | None]
    order: int = 100
    public: bool = False
    action: str | None = None

    def visible_to(self, user) -> bool:
        """Visibility by ``public`` and sign-in; the portal adds the ``action`` check."""
        return self.public or user.is_authenticated
