from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maklumat.accounts.permissions import may
from maklumat.lib.nav import NavItem


def _own_office_list(user) -> str | None:
    if not getattr(user, "office_id", None) or not may(user, "applications.view"):
        return None
    return reverse("applications:list", args=[user.office.code])


NAV_ITEMS = [
    NavItem(_("Permohonan"), _own_office_list, order=30),
    # The applicant's own timeline (number + secret code from the receipt), for visitors.
    NavItem(_("Lacak paspor"), lambda user: reverse("applications:public_timeline")
            if not user.is_authenticated else None, order=7, public=True),
]
