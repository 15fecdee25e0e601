"""Reading service standards: which SOP version an office follows on a given date."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from maklumat.offices.models import Office
from maklumat.standards.models import Service, Sop, SopStep, SopVersion


def _published_versions(sop_filter: dict, on: date) -> QuerySet[SopVersion]:
    return (
        SopVersion.objects.filter(is_published=True, effective_date__lte=on, **sop_filter)
        .select_related("sop", "sop__office")
        .prefetch_related(Prefetch("steps", queryset=SopStep.objects.order_by("order")))
        .order_by("-effective_date", "-number")
    )


def sop_version_in_force(*, office: Office, kind: str, on: date) -> SopVersion | None:
    """The version an office follows on ``on``: its own SOP of that kind, else the default."""
    own = _published_versions({"sop__office": office, "sop__kind": kind}, on).first()
    if own is not None:
        return own
    return _published_versions({"sop__office__isnull": True, "sop__kind": kind}, on).first()


def sop_versions_in_force(*, office: Office, on: date) -> list[SopVersion]:
    """Every SOP the office follows on ``on``, one version per kind, in kind order."""
    kinds = (
        Sop.objects.filter(Q(office__isnull=True) | Q(office=office))
        .order_by("kind").values_list("kind", flat=True).distinct()
    )
    found = [sop_version_in_force(office=office, kind=kind, on=on) for kind in kinds]
    return [version for version in found if version is not None]


def active_services() -> QuerySet[Service]:
    return Service.objects.filter(is_active=True).order_by("order", "code")


def sop_versions_in_force_for(offices, *, kind: str, on: date) -> dict[int, SopVersion | None]:
    """``sop_version_in_force`` of many offices at once (two queries), by office pk: each office's
    own latest published version of ``kind`` in force on ``on``, else the default's."""
    pks = [office.pk for office in offices]
    versions = _published_versions({"sop__kind": kind}, on).filter(Q(sop__office__in=pks) | Q(sop__office__isnull=True))
    own: dict[int | None, SopVersion] = {}
    for version in versions:  # newest first: keep the first per office
        own.setdefault(version.sop.office_id, version)
    return {pk: own.get(pk, own.get(None)) for pk in pks}
