from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maklumat.accounts.permissions import may
from maklumat.lib.nav import NavItem


def _status(user):
    if user.office_id and may(user, "notifications.view"):
        return reverse("notifications:status", args=[user.office.code])
    return None


NAV_ITEMS = [NavItem(_("Notifikasi"), _status, order=45)]
