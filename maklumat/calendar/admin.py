from django.contrib import admin

from maklumat.calendar.models import ExtraOpening, OfficeClosure


@admin.register(OfficeClosure)
class OfficeClosureAdmin(admin.ModelAdmin):
    list_display = ["office", "date", "reason"]
    list_filter = ["office"]
    date_hierarchy = "date"


@admin.register(ExtraOpening)
class ExtraOpeningAdmin(admin.ModelAdmin):
    list_display = ["office", "date", "opens", "closes", "reason"]
    list_filter = ["office"]
    date_hierarchy = "date"
