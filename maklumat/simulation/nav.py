"""Menu entry "Simulasi staf" for the heads of an office (shown to roles that may ``simulation.run``)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maklumat.lib.nav import NavItem


def _page(user) -> str | None:
    return reverse("simulation:page", args=[user.office.code]) if user.office_id else None


def _delay(user) -> str | None:
    return reverse("simulation:delay", args=[user.office.code]) if user.office_id else None


NAV_ITEMS = [
    NavItem(_("Simulasi staf"), _page, order=57, action="simulation.run"),
    NavItem(_("Tambahan waktu tunggu"), _delay, order=58, action="simulation.delay_set"),
]
