"""Users and API tokens in the admin; every change is written to the audit trail (passwords masked)."""

from axes.utils import reset as axes_reset
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from maklumat.accounts.models import ApiToken, User
from maklumat.audit.admin_trail import AuditedAdmin
from maklumat.audit.services import audit_record


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    office_field = "office"
    list_display = ["username", "get_full_name", "role", "office", "kanwil", "is_active"]
    list_filter = ["role", "office", "kanwil", "is_active"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        (_("Peran dan kantor"), {"fields": ["role", "office", "kanwil", "nip"]}),
    ]
    actions = ["unlock_login"]

    @admin.action(description=_("Buka kunci login"), permissions=["change"])
    def unlock_login(self, request, queryset):
        """Clear the login lockout (django-axes) of the chosen users; one audit row per user."""
        with transaction.atomic():
            for user in queryset:
                cleared = axes_reset(username=user.username)
                audit_record(actor=request.user, action="admin.login_unlock", obj=user, office=user.office,
                             summary=f"Admin: kunci login {user.username} dibuka ({cleared} catatan gagal dihapus)",
                             after={"failures_cleared": cleared})
        self.message_user(request, _("Kunci login dibuka untuk %(count)d pengguna.") % {"count": queryset.count()},
                          messages.SUCCESS)

    def user_change_password(self, request, id, form_url=""):
        """Setting a password in the admin is audited too (that it happened, never the value)."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = User.objects.get(pk=unquote(id))
                audit_record(actor=request.user, action="admin.password_change", obj=user, office=user.office,
                             summary=f"Admin: kata sandi {user.username} diganti")
        return response


@admin.register(ApiToken)
class ApiTokenAdmin(AuditedAdmin):
    office_field = "user__office"
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "digest", "created_at", "last_used_at"]
    list_filter = ["revoked_at"]
