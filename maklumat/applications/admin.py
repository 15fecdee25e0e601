from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from maklumat.applications.models import Application, ApplicationEvent
from maklumat.applications.selectors import is_sane_moment
from maklumat.lib.admin import ReadOnlyAdmin


class ApplicationEventInline(admin.TabularInline):
    """Every stored event, voided ones included; events are recorded and voided through the services."""

    model = ApplicationEvent
    extra = 0
    can_delete = False
    fields = ["name", "at_shown", "recorded_at", "recorded_by", "source", "note", "voided_at", "voided_by",
              "void_reason"]
    readonly_fields = fields

    @admin.display(description=_("waktu"))
    def at_shown(self, event):
        if not is_sane_moment(event.at):
            return f"{event.at.isoformat()} (waktu tidak wajar)"
        return event.application.office.localtime(event.at).strftime("%Y-%m-%d %H:%M %Z")

    def get_queryset(self, request):
        return ApplicationEvent.all_objects.all()

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    """Read-only: applications, flags and events change through the services (audited, validated)."""

    list_display = ["number", "office", "service", "booking_channel", "program", "created_at"]
    list_filter = ["office", "service", "booking_channel", "program"]
    search_fields = ["number", "booking_code"]
    inlines = [ApplicationEventInline]
