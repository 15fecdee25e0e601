"""Use cases that change service standards. History is never rewritten."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from maklumat.accounts.permissions import DENIED_MESSAGE, authorize
from maklumat.accounts.roles import Reach
from maklumat.audit.services import audit_record
from maklumat.offices.scoping import authorize_in_office
from maklumat.standards.models import Sop, SopVersion

PUBLISH = "standards.sop_publish"
JAKARTA = ZoneInfo("Asia/Jakarta")


def authorize_sop_change(actor, sop: Sop) -> None:
    """An office's SOP: its own staff with the declared role (404 outside reach, 403 for the wrong
    role). The default SOP every office falls back on: national administrators and superusers only."""
    if sop.office_id is not None:
        authorize_in_office(actor, sop.office, PUBLISH)
        return
    authorize(actor, PUBLISH)
    if not (actor.is_superuser or actor.reach == Reach.NATIONAL):
        raise PermissionDenied(DENIED_MESSAGE)


@transaction.atomic
def sop_version_publish(*, version: SopVersion, actor) -> SopVersion:
    """Freeze a draft version so it can take effect. A version without steps is refused."""
    version = SopVersion.objects.select_for_update(of=("self",)).select_related("sop__office").get(pk=version.pk)
    authorize_sop_change(actor, version.sop)
    if version.is_published:
        raise ValidationError("Versi ini sudah diterbitkan.")
    if not version.steps.exists():
        raise ValidationError("Versi tanpa langkah tidak dapat diterbitkan.")
    version.is_published = True
    version.published_at = timezone.now()
    version.published_by = actor if getattr(actor, "is_authenticated", False) else None
    version.save(update_fields=["is_published", "published_at", "published_by"])
    audit_record(actor=actor, action="sop.publish", obj=version, office=version.sop.office,
                 summary=f"Menerbitkan {version}")
    return version


@transaction.atomic
def sop_version_new_draft(*, version: SopVersion, actor) -> SopVersion:
    """A new draft version that starts as a copy of ``version`` (steps included)."""
    sop = version.sop
    authorize_sop_change(actor, sop)
    next_number = (sop.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    # A proposal the editor changes before publishing: the office's own date; the default SOP is the
    # directorate's in Jakarta (WIB).
    today = sop.office.local_date() if sop.office_id else timezone.now().astimezone(JAKARTA).date()
    draft = SopVersion.objects.create(
        sop=sop, number=next_number, document_number=version.document_number,
        effective_date=today, approved_by=version.approved_by,
        source_document=version.source_document,
    )
    for step in version.steps.all():
        step.pk = None
        step.version = draft
        step.save()
    audit_record(actor=actor, action="sop.new_draft", obj=draft, office=sop.office,
                 summary=f"Draf versi {draft.number} dari versi {version.number}")
    return draft
