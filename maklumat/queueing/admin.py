"""Admin for each office's queue set-up (series, steps, counters, rule) and M-Paspor bookings.

Tickets, visits and calls are history written by the services: shown read-only here.
"""

from django.contrib import admin

from maklumat.lib.admin import ReadOnlyAdmin
from maklumat.queueing.models import Booking, Counter, QueueConfig, Series, Step, Ticket


@admin.register(QueueConfig)
class QueueConfigAdmin(admin.ModelAdmin):
    list_display = ["office", "calling_rule", "general_per_priority", "check_in_early_minutes",
                    "check_in_late_minutes", "walk_in_daily_quota", "near_notice_ahead"]


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ["office", "code", "name", "ticket_class", "walk_in_allowed", "order"]
    list_filter = ["office", "ticket_class"]


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    list_display = ["office", "code", "name", "order", "kiosk_visible", "norm_minutes"]
    list_filter = ["office"]


@admin.register(Counter)
class CounterAdmin(admin.ModelAdmin):
    list_display = ["office", "name", "priority_room", "is_active", "order"]
    list_filter = ["office", "priority_room", "is_active"]
    filter_horizontal = ["steps"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["office", "code", "slot_start", "slot_end", "ticket_class", "checked_in_at"]
    list_filter = ["office"]
    search_fields = ["code"]
    readonly_fields = ["checked_in_at"]


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "office", "day", "ticket_class", "step", "status", "origin", "issued_at"]
    list_filter = ["office", "day", "status", "ticket_class"]
