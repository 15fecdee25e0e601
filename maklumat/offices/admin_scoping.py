"""The admin obeys the same scoping as every other view: office administrators see their office."""

from __future__ import annotations

from django.contrib import admin

from maklumat.offices.scoping import restrict, visible_offices


class OfficeScopedAdmin(admin.ModelAdmin):
    """Rows and office choices limited to the user's reach (superusers see everything)."""

    office_field = "office"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return restrict(queryset, request.user, self.office_field)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "office" and not request.user.is_superuser:
            kwargs["queryset"] = visible_offices(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
