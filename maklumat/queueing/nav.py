from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maklumat.lib.nav import NavItem


def _own_office(name: str):
    def href(user) -> str | None:
        return reverse(name, kwargs={"code": user.office.code}) if user.office_id else None

    return href


# Shown to exactly the roles that may follow the link (the portal checks the same declared action).
NAV_ITEMS = [
    NavItem(_("Antrian"), _own_office("queueing:overview"), order=30, action="queueing.overview_view"),
]
