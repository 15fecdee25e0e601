"""The admin obeys the same scoping as every other view, and writes the audit trail.

Office administrators see and change only their own office's rows (404 for an action on rows
outside it); an action an area declares (``change_action``) is asked of ``accounts.permissions``
like everywhere else; every change is audited (``audit.admin_trail.AuditedAdmin``).
"""

from __future__ import annotations

from django.db import models

from maklumat.accounts.permissions import may
from maklumat.accounts.roles import Reach
from maklumat.audit.admin_trail import AuditedAdmin
from maklumat.offices.scoping import restrict, visible_offices


def is_national_admin(user) -> bool:
    """Superusers and national-reach staff may change what belongs to no single office (Kanwil,
    time zone, defaults); office administrators may not."""
    return bool(user.is_active and (user.is_superuser or user.reach == Reach.NATIONAL))


class OfficeScopedAdmin(AuditedAdmin):
    """Rows and office choices limited to the user's reach (superusers see everything).

    ``office_field`` is the path from the row to its office (``"pk"`` for offices). With
    ``change_action`` (``"<area>.<name>"``), adding, changing and deleting also need that action.
    """

    office_field = "office"
    change_action: str | None = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        if self.office_field == "pk":
            return queryset.filter(pk__in=visible_offices(request.user))
        return restrict(queryset, request.user, self.office_field)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            first, _sep, rest = self.office_field.partition("__")
            if db_field.name == first == "office":
                kwargs["queryset"] = visible_offices(request.user)
            elif db_field.name == first and rest:
                # e.g. a SOP version's SOP: only SOPs of offices in reach.
                related: type[models.Model] = db_field.related_model
                kwargs["queryset"] = restrict(related._default_manager.all(), request.user, rest)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _may_change(self, request) -> bool:
        return self.change_action is None or may(request.user, self.change_action)

    def has_add_permission(self, request, *args):
        return self._may_change(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._may_change(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_change(request) and super().has_delete_permission(request, obj)
