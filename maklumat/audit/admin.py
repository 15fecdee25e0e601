from django.contrib import admin

from maklumat.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the trail is history, nobody edits or deletes it."""

    list_display = ["at", "actor", "office", "action", "object_type", "object_id", "summary"]
    list_filter = ["action", "office"]
    search_fields = ["summary", "object_id", "actor__username"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
