"""Changing Kinerja data: the office's yearly target of travel documents (audited)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from maklumat.audit.services import audit_record
from maklumat.offices.models import Office
from maklumat.offices.scoping import authorize_in_office
from maklumat.performance.models import MAX_YEAR, MIN_YEAR, DocumentTarget

# No office issues anywhere near this many travel documents a year (Indonesia issued ~5 million in
# 2023, across ~150 offices); a larger number is a typing mistake.
MAX_DOCUMENTS = 1_000_000


def target_problems(*, year, documents) -> dict[str, str]:
    """What is wrong with a target (field → message); empty when it is acceptable."""
    problems = {}
    if not isinstance(year, int) or isinstance(year, bool) or not MIN_YEAR <= year <= MAX_YEAR:
        problems["year"] = _("Tahun harus antara %(min)d dan %(max)d.") % {"min": MIN_YEAR, "max": MAX_YEAR}
    if (not isinstance(documents, int) or isinstance(documents, bool)
            or not 0 <= documents <= MAX_DOCUMENTS):
        problems["documents"] = _("Target harus bilangan bulat 0–%(max)s.") % {"max": f"{MAX_DOCUMENTS:,}"}
    return problems


@transaction.atomic
def document_target_set(*, actor, office: Office, year: int, documents: int) -> DocumentTarget:
    """Set ``office``'s target of travel documents for ``year`` (creates or changes it), audited with
    the value before and after; setting the same value again changes and records nothing."""
    authorize_in_office(actor, office, "performance.target_set")
    problems = target_problems(year=year, documents=documents)
    if problems:
        raise ValidationError(problems)
    target = DocumentTarget.objects.select_for_update().filter(office=office, year=year).first()
    before = {"documents": target.documents} if target else None
    if target is not None and target.documents == documents:
        return target
    if target is None:
        target = DocumentTarget.objects.create(office=office, year=year, documents=documents)
    else:
        target.documents = documents
        target.save(update_fields=["documents", "updated_at"])
    audit_record(actor=actor, action="performance.target_set", obj=target, office=office,
                 summary=f"Target dokumen perjalanan {year}: {documents}", before=before,
                 after={"year": year, "documents": documents})
    return target
