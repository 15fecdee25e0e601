from django.contrib import admin

from maklumat.applications.models import Application, ApplicationEvent


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["name", "at", "recorded_at", "recorded_by", "source", "note"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["number", "office", "service", "booking_channel", "program", "created_at"]
    list_filter = ["office", "service", "booking_channel", "program"]
    search_fields = ["number", "booking_code"]
    inlines = [ApplicationEventInline]
