"""Saving named staffing plans (audited)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from maklumat.audit.services import audit_record
from maklumat.offices.scoping import authorize_in_office
from maklumat.simulation.models import StaffingPlan, WaitDelay

MAX_COUNTERS = 50
HOUR = re.compile(r"^([01][0-9]|2[0-3])$")


def plan_problems(*, name, staffing, room_hours, steps: set[str]) -> dict[str, str]:
    """What is wrong with a plan (field → message); empty when it can be saved."""
    problems = {}
    if not isinstance(name, str) or not name.strip() or len(name.strip()) > 80:
        problems["name"] = _("Nama rencana wajib diisi, paling panjang 80 karakter.")
    if not isinstance(staffing, dict) or set(staffing) - steps:
        problems["staffing"] = _("Langkah tidak dikenal dalam rencana.")
    else:
        for step, hours in staffing.items():
            if not isinstance(hours, dict) or any(
                    not HOUR.match(str(h)) or isinstance(n, bool) or not isinstance(n, int)
                    or not 0 <= n <= MAX_COUNTERS for h, n in hours.items()):
                problems["staffing"] = _("Jumlah loket %(step)s harus bilangan bulat 0–%(max)d per jam.") % {
                    "step": step, "max": MAX_COUNTERS}
    if not isinstance(room_hours, list) or any(isinstance(h, bool) or not isinstance(h, int) or not 0 <= h <= 23
                                               for h in room_hours):
        problems["room_hours"] = _("Jam ruang prioritas harus jam 0–23.")
    return problems


@transaction.atomic
def staffing_plan_save(*, actor, office, name: str, staffing: dict, room_hours: list[int],
                       steps: set[str]) -> StaffingPlan:
    """Save ``office``'s plan under ``name`` (a plan of that name is replaced), audited before/after."""
    authorize_in_office(actor, office, "simulation.plan_save")
    problems = plan_problems(name=name, staffing=staffing, room_hours=room_hours, steps=steps)
    if problems:
        raise ValidationError(problems)
    name = name.strip()
    # get_or_create: two planners saving the same new name at once both end with the one row.
    plan, created = StaffingPlan.objects.get_or_create(
        office=office, name=name, defaults={"staffing": staffing, "room_hours": [], "created_by": actor})
    plan = StaffingPlan.objects.select_for_update().get(pk=plan.pk)
    before = None if created else {"staffing": plan.staffing, "room_hours": plan.room_hours}
    plan.staffing, plan.room_hours = staffing, sorted(set(room_hours))
    plan.save()
    audit_record(actor=actor, action="staffing_plan.save", obj=plan, office=office,
                 summary=f"Rencana staf '{name}' disimpan", before=before,
                 after={"staffing": plan.staffing, "room_hours": plan.room_hours})
    return plan


MAX_DELAY_MINUTES = 240


@transaction.atomic
def wait_delay_set(*, actor, office, minutes, reason: str) -> WaitDelay | None:
    """Add ``minutes`` to every ticket estimate of ``office`` today (its local date); 0 removes the delay.
    Audited with the value before and after."""
    authorize_in_office(actor, office, "simulation.delay_set")
    problems = {}
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= MAX_DELAY_MINUTES:
        problems["minutes"] = _("Tambahan harus bilangan bulat 0–%(max)d menit.") % {"max": MAX_DELAY_MINUTES}
    reason = (reason or "").strip()
    if minutes and (not reason or len(reason) > 200):
        problems["reason"] = _("Alasan wajib diisi (paling panjang 200 karakter).")
    if problems:
        raise ValidationError(problems)
    day = office.local_date()
    if not minutes:
        delay = WaitDelay.objects.select_for_update().filter(office=office, day=day).first()
        if delay is not None:
            before = {"minutes": delay.minutes, "reason": delay.reason}
            delay.delete()
            audit_record(actor=actor, action="wait_delay.clear", office=office,
                         summary="Tambahan waktu tunggu dihapus", before=before, after=None)
        return None
    # get_or_create then lock: two managers setting today's delay at once leave one row, both audited.
    delay, created = WaitDelay.objects.get_or_create(
        office=office, day=day, defaults={"minutes": minutes, "reason": reason, "set_by": actor})
    delay = WaitDelay.objects.select_for_update().get(pk=delay.pk)
    before = None if created else {"minutes": delay.minutes, "reason": delay.reason}
    delay.minutes, delay.reason, delay.set_by = minutes, reason, actor
    delay.save()
    audit_record(actor=actor, action="wait_delay.set", obj=delay, office=office,
                 summary=f"Tambahan waktu tunggu {minutes} menit", before=before,
                 after={"minutes": minutes, "reason": reason})
    return delay
