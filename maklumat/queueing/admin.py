"""Admin for each office's queue set-up (series, steps, counters, rule) and M-Paspor bookings.

Set-up rows are scoped to the administrator's reach and every change is audited
(``OfficeScopedAdmin``); changing them needs ``queueing.setup_manage``. Tickets, visits and calls
are history written by the services: shown read-only here.
"""

from django import forms
from django.contrib import admin

from maklumat.lib.admin import ReadOnlyAdmin
from maklumat.offices.admin_scoping import OfficeScopedAdmin
from maklumat.queueing.models import Booking, Counter, QueueConfig, Series, Step, Ticket
from maklumat.queueing.services import QueueError, booking_clean


class BookingAdminForm(forms.ModelForm):
    """The admin refuses exactly what the M-Paspor feed and the service refuse (``booking_clean``)."""

    class Meta:
        model = Booking
        fields = ["office", "code", "applicant_name", "phone", "ticket_class", "slot_start", "slot_end"]

    def clean(self):
        data = super().clean()
        needed = ("code", "applicant_name", "slot_start", "slot_end", "ticket_class")
        if any(data.get(name) in (None, "") for name in needed):
            return data  # the field errors already say what is missing
        try:
            cleaned = booking_clean(code=data["code"], applicant_name=data["applicant_name"],
                                    phone=data.get("phone", ""), slot_start=data["slot_start"],
                                    slot_end=data["slot_end"], ticket_class=data["ticket_class"])
        except QueueError as exc:
            self.add_error(exc.field if exc.field in self.fields else None, exc.message)
            return data
        data.update(cleaned)
        return data


@admin.register(QueueConfig)
class QueueConfigAdmin(OfficeScopedAdmin):
    change_action = "queueing.setup_manage"
    list_display = ["office", "calling_rule", "general_per_priority", "check_in_early_minutes",
                    "check_in_late_minutes", "walk_in_daily_quota", "near_notice_ahead", "max_wait_minutes",
                    "no_show_recalls", "no_show_grace_seconds"]


@admin.register(Series)
class SeriesAdmin(OfficeScopedAdmin):
    change_action = "queueing.setup_manage"
    list_display = ["office", "code", "name", "ticket_class", "walk_in_allowed", "order"]
    list_filter = ["office", "ticket_class"]


@admin.register(Step)
class StepAdmin(OfficeScopedAdmin):
    change_action = "queueing.setup_manage"
    list_display = ["office", "code", "name", "order", "kiosk_visible", "norm_minutes"]
    list_filter = ["office"]


@admin.register(Counter)
class CounterAdmin(OfficeScopedAdmin):
    change_action = "queueing.setup_manage"
    list_display = ["office", "name", "priority_room", "is_active", "order"]
    list_filter = ["office", "priority_room", "is_active"]
    filter_horizontal = ["steps"]


@admin.register(Booking)
class BookingAdmin(OfficeScopedAdmin):
    change_action = "queueing.setup_manage"
    form = BookingAdminForm
    list_display = ["office", "code", "slot_start", "slot_end", "ticket_class", "checked_in_at"]
    list_filter = ["office"]
    search_fields = ["code"]
    readonly_fields = ["checked_in_at"]


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "office", "day", "ticket_class", "step", "status", "origin", "issued_at"]
    list_filter = ["office", "day", "status", "ticket_class"]
