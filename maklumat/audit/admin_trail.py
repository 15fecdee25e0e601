"""Every change made in the admin writes the audit trail, in the same transaction as the change.

``AuditedAdmin`` is the base every area's ``ModelAdmin`` uses (``offices.admin_scoping.OfficeScopedAdmin``
builds on it): adding, changing and deleting a row, its inline rows, and every admin action (each
object the action changed or removed) become ``AuditEntry`` rows with the acting user, the office
and the values before and after. Django's admin already wraps add/change/delete views in a
transaction; actions are wrapped here.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router, transaction
from django.http import Http404

from maklumat.audit.services import audit_record

# Values never copied into the trail (shown as "***" when set).
SECRET_FIELDS = frozenset({"password", "digest"})


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The row's concrete field values (and many-to-many ids), as JSON-safe data."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        value = field.value_from_object(obj)
        if field.name in SECRET_FIELDS:
            value = "***" if value else ""
        data[field.attname] = value
    if obj.pk is not None:
        for field in obj._meta.many_to_many:
            data[field.name] = sorted(related.pk for related in getattr(obj, field.name).all())
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def _stored(obj: models.Model) -> dict[str, Any] | None:
    if obj.pk is None:
        return None
    stored = type(obj)._base_manager.filter(pk=obj.pk).first()
    return snapshot(stored) if stored is not None else None


def office_of(obj: models.Model, path: str = "office"):
    """The office a row belongs to, following ``path`` (``"pk"``: the row is an office)."""
    if path == "pk":
        return obj
    current: Any = obj
    for part in path.split("__"):
        current = getattr(current, part, None)
        if current is None:
            return None
    return current


class AuditedAdmin(admin.ModelAdmin):
    """A ``ModelAdmin`` whose every change is written to the audit trail."""

    # Where the row's office is (``"pk"`` for offices themselves); rows without one have none.
    office_field = "office"

    def audit_office(self, obj: models.Model):
        return office_of(obj, self.office_field) if self.office_field else None

    def _audit(self, request, action: str, obj, before, after, office=None) -> None:
        label = obj._meta.verbose_name
        audit_record(
            actor=request.user, action=action, obj=obj, office=office if office is not None else self.audit_office(obj),
            summary=f"Admin: {label} {obj}"[:1000], before=before, after=after,
        )

    # ----- add / change ----------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        form._audit_before = _stored(obj) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        before = getattr(form, "_audit_before", None)
        after = snapshot(obj)
        if not change or before != after:
            self._audit(request, "admin.change" if change else "admin.add", obj, before, after)

    def save_formset(self, request, form, formset, change):
        # Keyed by the instance itself: a deleted row loses its pk.
        befores = {id(f.instance): (f.instance.pk, _stored(f.instance)) for f in formset.forms
                   if f.instance.pk is not None}
        super().save_formset(request, form, formset, change)
        office = self.audit_office(form.instance)  # inline rows belong to the parent's office
        for obj in formset.new_objects:
            self._audit(request, "admin.add", obj, None, snapshot(obj), office=office)
        for obj, _fields in formset.changed_objects:
            before = befores.get(id(obj), (None, None))[1]
            self._audit(request, "admin.change", obj, before, snapshot(obj), office=office)
        for obj in formset.deleted_objects:
            pk, before = befores.get(id(obj), (obj.pk, None))
            obj.pk = pk
            self._audit(request, "admin.delete", obj, before, None, office=office)

    # ----- delete ----------------------------------------------------------------------------

    def delete_model(self, request, obj):
        before, office = _stored(obj), self.audit_office(obj)
        pk = obj.pk
        super().delete_model(request, obj)
        obj.pk = pk
        self._audit(request, "admin.delete", obj, before, None, office=office)

    # ----- actions ---------------------------------------------------------------------------

    def get_actions(self, request):
        actions = super().get_actions(request)
        return {name: (self._audited_action(func, name), name, description)
                for name, (func, name, description) in actions.items()}

    def _audited_action(self, func, name: str):
        @functools.wraps(func)
        def audited(modeladmin, request, queryset):
            selected = set(request.POST.getlist(ACTION_CHECKBOX_NAME))
            # The queryset is already limited to the user's reach: ids outside it are refused.
            across = request.POST.get("select_across", "0") != "0"
            if selected and not across and queryset.count() != len(selected):
                raise Http404("Data tidak ditemukan")
            with transaction.atomic(using=router.db_for_write(modeladmin.model)):
                objects = list(queryset)
                befores = {obj.pk: (snapshot(obj), modeladmin.audit_office(obj)) for obj in objects}
                response = func(modeladmin, request, queryset)
                after_rows = {row.pk: row for row in modeladmin.model._base_manager.filter(pk__in=list(befores))}
                for obj in objects:
                    before, office = befores[obj.pk]
                    row = after_rows.get(obj.pk)
                    after = snapshot(row) if row is not None else None
                    if after != before:
                        modeladmin._audit(request, f"admin.action.{name}", row or obj, before, after, office=office)
            return response

        return audited
