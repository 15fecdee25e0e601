"""Alerts the dashboard shows a user (the portal asks every area's ``alerts.dashboard_alerts``):
souvenirs at or below their low-stock threshold, for those who keep the stock of their office."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from maklumat.accounts.permissions import may
from maklumat.compensation.stock import low_stock_rows


def dashboard_alerts(user) -> list[tuple[str, str]]:
    """(text, link) per alert; none for a user without an office or who does not keep the stock."""
    if not getattr(user, "office_id", None) or not may(user, "compensation.stock_keep"):
        return []
    rows = low_stock_rows(user.office)
    if not rows:
        return []
    names = "; ".join(
        f"{row.item.name} ({_('habis') if row.out else _('sisa %(n)s') % {'n': row.stock}})" for row in rows)
    return [(_("Stok suvenir menipis: %(items)s.") % {"items": names},
             reverse("compensation:souvenirs", args=[user.office.code]))]
