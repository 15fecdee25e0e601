"""Admin for the organisation. Office administrators change only their own office, never its
Kanwil or time zone (national administrators and superusers do); every change is audited."""

from django.contrib import admin

from maklumat.audit.admin_trail import AuditedAdmin
from maklumat.offices.admin_scoping import OfficeScopedAdmin, is_national_admin
from maklumat.offices.models import Kanwil, Office, OfficeHours

# Fields only a national administrator may change: they move an office under another supervisor
# or shift every deadline it computes.
NATIONAL_FIELDS = ["code", "kanwil", "time_zone"]


class OfficeHoursInline(admin.TabularInline):
    model = OfficeHours
    extra = 0


@admin.register(Kanwil)
class KanwilAdmin(AuditedAdmin):
    office_field = ""
    list_display = ["name", "code", "province"]
    search_fields = ["name", "code"]


@admin.register(Office)
class OfficeAdmin(OfficeScopedAdmin):
    office_field = "pk"
    list_display = ["name", "code", "office_class", "is_tpi", "kanwil", "time_zone"]
    list_filter = ["kanwil", "time_zone", "office_class", "is_tpi"]
    search_fields = ["name", "code", "city"]
    inlines = [OfficeHoursInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not is_national_admin(request.user):
            fields += [name for name in NATIONAL_FIELDS if name not in fields]
        return fields
