"""Canned replies (*templat jawaban*) per complaint category: national reference data, edited in the
admin by the superuser or national staff, every change audited."""

from django.contrib import admin

from maklumat.audit.admin_trail import AuditedAdmin
from maklumat.complaints.models import CannedReply
from maklumat.offices.admin_scoping import is_national_admin


@admin.register(CannedReply)
class CannedReplyAdmin(AuditedAdmin):
    office_field = ""
    list_display = ["title", "category", "order", "active"]
    list_filter = ["category", "active"]
    search_fields = ["title", "text"]

    def has_view_permission(self, request, obj=None):
        return is_national_admin(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return is_national_admin(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return is_national_admin(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_national_admin(request.user) and super().has_delete_permission(request, obj)
