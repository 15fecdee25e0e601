"""Menu entry "Kinerja": office roles see their office page, Kanwil supervisors their league table,
national supervisors the national one (the portal shows it only to roles that may ``performance.view``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maklumat.accounts.roles import Reach
from maklumat.lib.nav import NavItem


def _kinerja(user) -> str | None:
    reach = user.reach
    if reach == Reach.NATIONAL:
        return reverse("performance:national")
    if reach == Reach.KANWIL:
        return reverse("performance:kanwil", args=[user.kanwil.code]) if user.kanwil_id else None
    return reverse("performance:office", args=[user.office.code]) if user.office_id else None


NAV_ITEMS = [
    NavItem(_("Kinerja"), _kinerja, order=55, action="performance.view"),
]
