from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maklumat.accounts.permissions import may
from maklumat.lib.nav import NavItem


def _own(name: str, action: str):
    def href(user) -> str | None:
        if not getattr(user, "office_id", None) or not may(user, action):
            return None
        return reverse(name, args=[user.office.code])

    return href


NAV_ITEMS = [
    NavItem(_("Kompensasi"), _own("compensation:watchlist", "compensation.view"), order=35),
    NavItem(_("Gangguan sistem"), _own("compensation:outages", "compensation.view"), order=36),
    NavItem(_("Laporan kompensasi"), _own("compensation:report", "compensation.report"), order=37),
]
