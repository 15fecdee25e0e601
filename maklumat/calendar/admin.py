"""Closures and extra openings of an office: changed by its administrator, audited."""

from django.contrib import admin

from maklumat.calendar.models import ExtraOpening, OfficeClosure
from maklumat.offices.admin_scoping import OfficeScopedAdmin


@admin.register(OfficeClosure)
class OfficeClosureAdmin(OfficeScopedAdmin):
    change_action = "calendar.closure_manage"
    list_display = ["office", "date", "reason"]
    list_filter = ["office"]
    date_hierarchy = "date"


@admin.register(ExtraOpening)
class ExtraOpeningAdmin(OfficeScopedAdmin):
    change_action = "calendar.closure_manage"
    list_display = ["office", "date", "opens", "closes", "reason"]
    list_filter = ["office"]
    date_hierarchy = "date"
