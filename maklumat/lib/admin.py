"""Admin building blocks shared by the areas."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """History and workflow state are changed through services, never edited in the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
