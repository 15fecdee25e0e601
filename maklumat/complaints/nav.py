from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maklumat.accounts.permissions import may
from maklumat.lib.nav import NavItem


def _queue(user):
    if user.office_id and may(user, "complaints.view"):
        return reverse("complaints:queue", args=[user.office.code])
    return None


def _kanwil_recap(user):
    if user.kanwil_id and may(user, "complaints.kanwil_recap_view"):
        return reverse("complaints:kanwil_recap", args=[user.kanwil.code])
    return None


NAV_ITEMS = [
    NavItem(_("Pengaduan"), _queue, order=40),
    NavItem(_("Rekap pengaduan"), _kanwil_recap, order=41),
    NavItem(_("Sampaikan pengaduan"), lambda user: reverse("complaints:public_form") if not user.is_authenticated
            else None, order=5, public=True),
    NavItem(_("Lacak pengaduan"), lambda user: reverse("complaints:public_lookup"), order=6, public=True),
]
