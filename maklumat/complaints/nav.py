from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maklumat.accounts.roles import COMPLAINT_TEAM, SUPERVISORS, Role
from maklumat.lib.nav import NavItem


def _queue(user):
    return reverse("complaints:queue", args=[user.office.code]) if user.office_id else None


def _kanwil_recap(user):
    if user.kanwil_id:
        return reverse("complaints:kanwil_recap", args=[user.kanwil.code])
    return None


NAV_ITEMS = [
    NavItem(_("Pengaduan"), _queue, order=40, roles=frozenset(COMPLAINT_TEAM | {Role.ADMINISTRATOR})),
    NavItem(_("Rekap pengaduan"), _kanwil_recap, order=41, roles=frozenset(SUPERVISORS)),
    NavItem(_("Sampaikan pengaduan"), lambda user: reverse("complaints:public_form") if not user.is_authenticated
            else None, order=5, public=True),
    NavItem(_("Lacak pengaduan"), lambda user: reverse("complaints:public_lookup"), order=6, public=True),
]
