from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maklumat.lib.nav import NavItem
from maklumat.satisfaction.access import ISSUE_ROLES, VIEW_ROLES


def _own_office(name: str):
    def href(user) -> str | None:
        return reverse(name, args=[user.office.code]) if user.office_id else None

    return href


def _dashboard(user) -> str | None:
    from maklumat.offices.scoping import visible_offices

    office = user.office if user.office_id else visible_offices(user).first()
    return reverse("satisfaction:dashboard", args=[office.code]) if office else None


NAV_ITEMS = [
    NavItem(_("IKM"), _dashboard, order=60, roles=VIEW_ROLES),
    NavItem(_("Survei kios"), _own_office("satisfaction:kiosk"), order=61,
            roles=ISSUE_ROLES - VIEW_ROLES),
    NavItem(_("Survei kepuasan"), lambda user: reverse("satisfaction:survey_start"), order=90, public=True),
]
