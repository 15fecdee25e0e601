from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maklumat.lib.nav import NavItem


def _own(name: str):
    def href(user) -> str | None:
        return reverse(name, args=[user.office.code]) if getattr(user, "office_id", None) else None

    return href


NAV_ITEMS = [
    NavItem(_("Kompensasi"), _own("compensation:watchlist"), order=35),
    NavItem(_("Gangguan sistem"), _own("compensation:outages"), order=36),
]
