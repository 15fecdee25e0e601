from django.contrib import admin

from maklumat.audit.models import AuditEntry
from maklumat.lib.admin import ReadOnlyAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: the trail is history, nobody edits or deletes it."""

    list_display = ["at", "actor", "office", "action", "object_type", "object_id", "summary"]
    list_filter = ["action", "office"]
    search_fields = ["summary", "object_id", "actor__username"]
    date_hierarchy = "at"
