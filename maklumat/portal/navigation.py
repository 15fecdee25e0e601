"""Role-aware navigation: each area lists its menu items in its ``nav`` module.

A user sees an item only when they may act on it: ``public`` items to everybody, otherwise
signed-in users whose role the item's ``action`` allows (``accounts.permissions.may``),
and only when ``href(user)`` gives a link.
"""

from __future__ import annotations

from functools import cache

from maklumat.accounts.permissions import may
from maklumat.lib.areas import area_modules
from maklumat.lib.nav import NavItem

__all__ = ["NavItem", "all_items", "item_allowed", "items_for"]


@cache
def all_items() -> tuple[NavItem, ...]:
    items = [item for _, module in area_modules("nav") for item in module.NAV_ITEMS]
    return tuple(sorted(items, key=lambda item: item.order))


def item_allowed(item: NavItem, user) -> bool:
    """Whether ``user`` may act on ``item`` (before asking it for its link)."""
    if not item.visible_to(user):
        return False
    if item.public or item.action is None:
        return True
    return may(user, item.action)


def items_for(user) -> list[tuple[str, str]]:
    """(label, href) pairs the user should see, in menu order."""
    result = []
    for item in all_items():
        if item_allowed(item, user):
            href = item.href(user)
            if href:
                result.append((str(item.label), href))
    return result
