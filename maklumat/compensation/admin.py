"""Read-mostly admin: policies, outages, claims and the souvenir ledger are changed through services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from maklumat.applications.selectors import is_sane_moment
from maklumat.compensation.models import (
    Claim,
    CompensationPolicy,
    Fulfilment,
    Outage,
    SouvenirItem,
    SouvenirMovement,
)
from maklumat.lib.admin import ReadOnlyAdmin


def _moment(outage, moment) -> str:
    """A stored moment in the office's time, or the raw value when it is implausible (never a 500)."""
    if not is_sane_moment(moment):
        return f"{moment.isoformat()} (waktu tidak wajar)"
    return outage.office.localtime(moment).strftime("%Y-%m-%d %H:%M %Z")


@admin.register(CompensationPolicy)
class CompensationPolicyAdmin(ReadOnlyAdmin):
    list_display = ["code", "office", "effective_from", "effective_to"]
    list_filter = ["office"]


@admin.register(Outage)
class OutageAdmin(ReadOnlyAdmin):
    list_display = ["office", "scope", "start_shown", "end_shown", "note", "recorded_by", "voided_at"]
    fields = ["office", "scope", "start_shown", "end_shown", "note", "recorded_by", "voided_at", "voided_by",
              "void_reason"]
    readonly_fields = fields

    @admin.display(description=_("mulai"))
    def start_shown(self, outage):
        return _moment(outage, outage.start)

    @admin.display(description=_("selesai"))
    def end_shown(self, outage):
        return _moment(outage, outage.end) if outage.end else "-"

    def get_queryset(self, request):
        return Outage.all_objects.select_related("office", "recorded_by")
    list_filter = ["office", "scope"]


class FulfilmentInline(admin.TabularInline):
    model = Fulfilment
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ["application", "policy", "recorded_at", "recorded_by"]
    list_filter = ["policy"]
    inlines = [FulfilmentInline]


@admin.register(SouvenirItem)
class SouvenirItemAdmin(ReadOnlyAdmin):
    list_display = ["name", "office"]


@admin.register(SouvenirMovement)
class SouvenirMovementAdmin(ReadOnlyAdmin):
    list_display = ["item", "quantity", "reason", "at", "by"]
