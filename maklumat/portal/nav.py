from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maklumat.lib.nav import NavItem

NAV_ITEMS = [
    NavItem(_("Beranda"), lambda user: reverse("portal:home"), order=0, public=True),
    NavItem(_("Dasbor"), lambda user: reverse("portal:dashboard"), order=10),
    NavItem(
        _("Admin"), lambda user: reverse("admin:index") if user.is_staff else None, order=1000,
    ),
]
