from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maklumat.accounts.permissions import may
from maklumat.lib.nav import NavItem


def _dashboard(user) -> str | None:
    from maklumat.offices.scoping import visible_offices

    if not may(user, "satisfaction.index_view"):
        return None
    office = user.office if user.office_id else visible_offices(user).first()
    return reverse("satisfaction:dashboard", args=[office.code]) if office else None


def _kiosk(user) -> str | None:
    # Only for those who hand out invitations but do not see the index (its tabs link the kiosk).
    if not user.office_id or not may(user, "satisfaction.invitation_issue") or may(user, "satisfaction.index_view"):
        return None
    return reverse("satisfaction:kiosk", args=[user.office.code])


NAV_ITEMS = [
    NavItem(_("IKM"), _dashboard, order=60, action="satisfaction.index_view"),
    NavItem(_("Survei kios"), _kiosk, order=61, action="satisfaction.invitation_issue"),
    NavItem(_("Survei kepuasan"), lambda user: reverse("satisfaction:survey_start"), order=90, public=True),
]
