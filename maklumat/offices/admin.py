from django.contrib import admin

from maklumat.offices.admin_scoping import OfficeScopedAdmin
from maklumat.offices.models import Kanwil, Office, OfficeHours


class OfficeHoursInline(admin.TabularInline):
    model = OfficeHours
    extra = 0


@admin.register(Kanwil)
class KanwilAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "province"]
    search_fields = ["name", "code"]


@admin.register(Office)
class OfficeAdmin(OfficeScopedAdmin):
    office_field = "pk"
    list_display = ["name", "code", "office_class", "is_tpi", "kanwil", "time_zone"]
    list_filter = ["kanwil", "time_zone", "office_class", "is_tpi"]
    search_fields = ["name", "code", "city"]
    inlines = [OfficeHoursInline]
