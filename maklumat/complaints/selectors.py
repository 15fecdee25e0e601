"""Reading complaints: which SOP drives a channel, what a user may see, in SLA order."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from maklumat.accounts.permissions import may
from maklumat.complaints import rules
from maklumat.complaints.models import Channel, Complaint, ComplaintRoute, StepBehaviour
from maklumat.offices.models import Office
from maklumat.offices.scoping import restrict
from maklumat.standards.models import SopKind, SopVersion
from maklumat.standards.selectors import sop_version_in_force

# The office whose walk-in SOP (002) is the template for offices without one of their own.
TEMPLATE_OFFICE_CODE = "pamekasan"


class NoWorkflow(LookupError):
    """No SOP version is in force for this office and channel on that date."""


def route_kind(office: Office, channel: str) -> str:
    """The SOP kind configured for ``channel`` at ``office`` (own row, default row, else walk-in)."""
    rows = dict(
        ComplaintRoute.objects.filter(Q(office=office) | Q(office__isnull=True), channel=channel)
        .values_list("office_id", "sop_kind")
    )
    return rows.get(office.pk) or rows.get(None) or SopKind.COMPLAINT_WALK_IN


def workflow_for(*, office: Office, channel: str, on: date) -> tuple[SopVersion, str]:
    """The SOP version a new complaint follows, and a note when a fallback was used."""
    kind = route_kind(office, channel)
    version = sop_version_in_force(office=office, kind=kind, on=on)
    if version is not None:
        return version, ""
    if kind != SopKind.COMPLAINT_WALK_IN:
        version = sop_version_in_force(office=office, kind=SopKind.COMPLAINT_WALK_IN, on=on)
        if version is not None:
            return version, _("Kanal ini memakai alur pengaduan luring kantor (tidak ada SOP khusus).")
    template = Office.objects.filter(code=TEMPLATE_OFFICE_CODE).first()
    if template is not None and template.pk != office.pk:
        version = sop_version_in_force(office=template, kind=SopKind.COMPLAINT_WALK_IN, on=on)
        if version is not None:
            return version, _("Kantor belum memiliki SOP pengaduan sendiri: memakai SOP Pamekasan (002) "
                              "sebagai templat.")
    raise NoWorkflow(f"no complaint SOP in force for {office.code} / {channel} on {on}")


def sees_identity(user, complaint: Complaint) -> bool:
    """An anonymous complainant's identity is visible to the complaint team only."""
    return not complaint.anonymous or may(user, "complaints.see_identity")


def complaints_visible_to(user) -> QuerySet[Complaint]:
    """Complaints in the user's reach, breached first, then by the active step's due time."""
    return (
        restrict(Complaint.objects.all(), user)
        .select_related("office", "category")
        .order_by("-breached", "status", "due_at", "-received_at")
    )


def channel_label(channel: str) -> str:
    return str(Channel(channel).label)


def national_clocks_of(complaint: Complaint, now) -> rules.NationalClocks:
    """The SP4N-LAPOR! clocks of a complaint: verified = its triage step done, followed up = answered."""
    from maklumat.calendar.selectors import work_calendar_for

    verified = (complaint.steps.filter(behaviour=StepBehaviour.TRIAGE, status="done")
                .order_by("completed_at").values_list("completed_at", flat=True).first())
    return rules.national_clocks(work_calendar_for(complaint.office), received_at=complaint.received_at,
                                 verified_at=verified, answered_at=complaint.replied_at, now=now)
