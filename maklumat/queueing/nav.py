from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maklumat.portal.navigation import NavItem
from maklumat.queueing.permissions import ACTIONS


def _own_office(name: str):
    def href(user) -> str | None:
        return reverse(name, kwargs={"code": user.office.code}) if user.office_id else None

    return href


# Shown to exactly the roles that may follow the link (the same set the view checks).
NAV_ITEMS = [
    NavItem(_("Antrian"), _own_office("queueing:overview"), order=30, roles=ACTIONS["overview_view"]),
]
