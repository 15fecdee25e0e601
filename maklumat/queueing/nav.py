from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maklumat.lib.nav import NavItem
from maklumat.queueing.permissions import OVERVIEW_ROLES


def _overview(user):
    if user.office_id:
        return reverse("queueing:overview", kwargs={"code": user.office.code})
    return None


NAV_ITEMS = [NavItem(_("Antrian"), _overview, order=30, roles=frozenset(OVERVIEW_ROLES))]
