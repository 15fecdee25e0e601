"""Role-aware navigation: each area lists its menu items in its ``nav`` module."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from maklumat.lib.areas import area_modules


@dataclass(frozen=True)
class NavItem:
    """A menu entry. ``href(user)`` returns the link, or ``None`` to hide it for that user.

    ``roles`` limits it to those roles (superusers see everything); ``None`` means every
    signed-in user. ``public`` items show to everybody, signed in or not.
    """

    label: str
    href: Callable[[object], str | None]
    order: int = 100
    roles: frozenset[str] | None = None
    public: bool = False

    def visible_to(self, user) -> bool:
        if self.public:
            return True
        if not user.is_authenticated:
            return False
        return self.roles is None or user.is_superuser or user.role in self.roles


@cache
def all_items() -> tuple[NavItem, ...]:
    items = [item for _, module in area_modules("nav") for item in module.NAV_ITEMS]
    return tuple(sorted(items, key=lambda item: item.order))


def items_for(user) -> list[tuple[str, str]]:
    """(label, href) pairs the user should see, in menu order."""
    result = []
    for item in all_items():
        if item.visible_to(user):
            href = item.href(user)
            if href:
                result.append((str(item.label), href))
    return result
