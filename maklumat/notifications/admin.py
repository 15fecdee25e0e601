from django.contrib import admin

from maklumat.lib.admin import ReadOnlyAdmin
from maklumat.notifications.models import Message, OptOut


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    """Read-only: the worker and the services change messages; the recipient is shown masked."""

    list_display = ("created_at", "office", "kind", "channel", "masked_recipient", "status", "attempts", "sent_at")
    list_filter = ("status", "kind", "channel", "office")
    fields = ("office", "kind", "channel", "masked_recipient", "subject", "body", "status", "attempts",
              "next_attempt_at", "lease_until", "last_error", "provider_ref", "created_at", "sent_at")
    readonly_fields = fields


@admin.register(OptOut)
class OptOutAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "reason", "created_at", "recorded_by")
