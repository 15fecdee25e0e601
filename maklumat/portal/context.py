"""Template context shared by every page."""

from maklumat.accounts.permissions import ActionsFor
from maklumat.portal.navigation import items_for


def navigation(request):
    """The menu and ``may`` (``{% if may.queueing.statistics_view %}``): links only to allowed actions."""
    return {"nav_items": items_for(request.user), "may": ActionsFor(request.user)}
