from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from maklumat.lib.nav import NavItem


def _own_office_list(user) -> str | None:
    return reverse("applications:list", args=[user.office.code]) if getattr(user, "office_id", None) else None


NAV_ITEMS = [NavItem(_("Permohonan"), _own_office_list, order=30)]
