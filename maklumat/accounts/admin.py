"""Users and API tokens in the admin; every change is written to the audit trail (passwords masked)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from maklumat.accounts.models import ApiToken, User
from maklumat.audit.admin_trail import AuditedAdmin


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    office_field = "office"
    list_display = ["username", "get_full_name", "role", "office", "kanwil", "is_active"]
    list_filter = ["role", "office", "kanwil", "is_active"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Peran dan kantor"), {"fields": ["role", "office", "kanwil", "nip"]}),
    ]


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    office_field = "user__office"
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "digest", "created_at", "last_used_at"]
    list_filter = ["revoked_at"]
