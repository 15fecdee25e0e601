"""Admin for standards. Published SOP versions are read-only; edits go into a new version.

An office administrator sees and changes only their own office's SOPs (every change audited);
the service catalogue and the default SOP are national.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from maklumat.accounts.permissions import may
from maklumat.audit.admin_trail import AuditedAdmin
from maklumat.offices.admin_scoping import OfficeScopedAdmin
from maklumat.standards.models import Service, Sop, SopStep, SopVersion
from maklumat.standards.services import PUBLISH, sop_version_new_draft, sop_version_publish


@admin.register(Service)
class ServiceAdmin(AuditedAdmin):
    office_field = ""
    list_display = ["name_id", "code", "completion_working_days", "order", "is_active"]
    list_editable = ["order", "is_active"]


class SopVersionInline(admin.TabularInline):
    model = SopVersion
    fields = ["number", "effective_date", "document_number", "is_published"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Sop)
class SopAdmin(OfficeScopedAdmin):
    change_action = PUBLISH
    list_display = ["title_id", "kind", "office"]
    list_filter = ["kind", "office"]
    inlines = [SopVersionInline]


class SopStepInline(admin.StackedInline):
    model = SopStep
    extra = 0
    fields = [
        ("order", "code", "actor_role", "actor_label", "norm_minutes"),
        ("activity_id", "activity_en"),
        ("requirements_id", "requirements_en"),
        ("output_id", "output_en"),
        ("notes_id", "notes_en"),
    ]

    def _frozen(self, obj):
        return obj is not None and obj.is_published

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(SopVersion)
class SopVersionAdmin(OfficeScopedAdmin):
    office_field = "sop__office"
    change_action = PUBLISH
    list_display = ["sop", "number", "effective_date", "number_or_missing", "is_published"]
    list_filter = ["sop__kind", "sop__office", "is_published"]
    inlines = [SopStepInline]
    actions = ["publish", "new_draft"]
    readonly_fields_when_published = [
        "sop", "number", "document_number", "effective_date", "approved_by", "source_document",
        "is_published", "published_at", "published_by",
    ]

    @admin.display(description=_("nomor dokumen"))
    def number_or_missing(self, obj):
        return obj.document_number or _("nomor belum diisi")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            fields = list(self.readonly_fields_when_published)
            if not obj.document_number:
                fields.remove("document_number")  # the office fills in its number once
            return fields
        return ["is_published", "published_at", "published_by"]

    def has_delete_permission(self, request, obj=None):
        return (obj is None or not obj.is_published) and super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return may(request.user, PUBLISH) and self.has_change_permission(request)

    @admin.action(description=_("Terbitkan versi terpilih"), permissions=["publish"])
    def publish(self, request, queryset):
        for version in queryset:
            try:
                sop_version_publish(version=version, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{version}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("Diterbitkan: %s") % version, messages.SUCCESS)

    @admin.action(description=_("Buat versi baru dari versi terpilih"), permissions=["publish"])
    def new_draft(self, request, queryset):
        for version in queryset:
            draft = sop_version_new_draft(version=version, actor=request.user)
            self.message_user(request, _("Draf dibuat: %s") % draft, messages.SUCCESS)
