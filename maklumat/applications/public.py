"""What the applicant's own timeline page shows (issue 14 item 1): read from the same clocks the
officers see (``deadlines.application_deadlines``, ``step_clocks``), never restating a norm, and
nothing the applicant does not already know (no name, NIK, phone, address, notes or officers).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from maklumat.applications.access import code_matches
from maklumat.applications.deadlines import LATE, MET, NOT_STARTED, OVERDUE
from maklumat.applications.events import MILESTONES, STEP_LABELS
from maklumat.applications.models import Application
from maklumat.applications.selectors import application_timeline
from maklumat.lib.areas import ask
from maklumat.lib.validation import bad_text


def application_by_number_and_code(office_code: str, number: str, code: str) -> Application | None:
    """The application only when the number *and* its secret code match; else None, after the same
    work whether the number exists or not (one indexed lookup, one constant-time comparison)."""
    if bad_text(office_code, max_length=40) or bad_text(number, max_length=40) or bad_text(code, max_length=40):
        code_matches(None, "")
        return None
    application = (Application.objects.select_related("office", "service")
                   .filter(office__code=office_code.strip().lower(), number=number.strip()).first())
    if not code_matches(application.access_code if application else None, code):
        return None
    return application


@dataclass(frozen=True)
class PublicDeadline:
    label: str
    due_text: str
    status: str
    late: bool
    late_text: str


def moment_text(local: datetime) -> str:
    """An office-time moment as people say it; midnight that ends a day is "24.00" of that day."""
    if local.time() == time(0):
        day = local - timedelta(days=1)
        return _("%(date)s pukul 24.00") % {"date": _date(day)}
    return _("%(date)s pukul %(time)s") % {"date": _date(local), "time": local.strftime("%H.%M")}


MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
             "Oktober", "November", "Desember")
DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def _date(local: datetime) -> str:
    if (get_language() or "id").startswith("en"):
        return local.strftime("%A %d %B %Y").replace(" 0", " ")
    return f"{DAYS_ID[local.weekday()]}, {local.day} {MONTHS_ID[local.month - 1]} {local.year}"


def _duration_text(delta: timedelta) -> str:
    days, hours = delta.days, delta.seconds // 3600
    if days:
        return _("%(days)d hari %(hours)d jam") % {"days": days, "hours": hours}
    return _("%(hours)d jam %(minutes)d menit") % {"hours": hours, "minutes": delta.seconds % 3600 // 60}


def public_timeline(application: Application, *, as_of: datetime) -> dict:
    office = application.office
    timeline = application_timeline(application, as_of=as_of)
    english = (get_language() or "id").startswith("en")
    deadlines = []
    headline = ""
    for deadline in timeline["deadlines"]:
        label = deadline.label_en if english else deadline.label_id
        due_text = moment_text(office.localtime(deadline.due)) if deadline.due else ""
        late_text = ""
        if deadline.status == LATE:
            late_text = _("terlambat %(d)s") % {"d": _duration_text(deadline.met_at - deadline.due)}
        elif deadline.status == OVERDUE:
            late_text = _("sudah lewat %(d)s") % {"d": _duration_text(as_of - deadline.due)}
        deadlines.append(PublicDeadline(label, due_text, deadline.status, deadline.is_late, late_text))
        if deadline.code == "completion" and deadline.due and deadline.status in ("open", OVERDUE):
            headline = _("Paspor siap paling lambat %(when)s") % {"when": due_text}
        if deadline.code == "pickup" and deadline.due and deadline.status in ("open", OVERDUE):
            headline = _("Paspor sudah siap. Ambil paling lambat %(when)s") % {"when": due_text}
    clocks = timeline["steps"]
    # A step with no times of its own before the last step that has some (or up to the Kasi's check once
    # the passport is ready) was passed without its times being recorded: not "to come".
    recorded = [i for i, clock in enumerate(clocks) if clock.started or clock.finished]
    passed_until = max(recorded, default=-1)
    known = {row["event"].name for row in timeline["events"] if not row["event"].is_voided}
    if known & {"ready", "kasi_check", "handover", "handover_finish"}:
        codes = [clock.step.code for clock in clocks]
        passed_until = max(passed_until, codes.index("kasi_check") + 1 if "kasi_check" in codes else -1)
    steps = []
    for index, clock in enumerate(clocks):
        if clock.finished is not None:
            state, when = "done", moment_text(office.localtime(clock.finished))
        elif clock.started is not None:
            state, when = "running", moment_text(office.localtime(clock.started))
        elif index < passed_until:
            state, when = "passed", ""
        else:
            state, when = "to_come", ""
        steps.append({"label": str(STEP_LABELS.get(clock.step.code, clock.step.label)), "state": state,
                      "when": when, "late": clock.status in (LATE, OVERDUE)})
    happened = [{"label": str(MILESTONES[row["event"].name]), "when": moment_text(row["when"])}
                for row in timeline["events"]
                if row["when"] is not None and not row["event"].is_voided and row["event"].name in MILESTONES]
    codes = {deadline.code for deadline in timeline["deadlines"]}
    if not headline and "completion" not in codes and not any(d.code == "pickup" and d.due
                                                              for d in timeline["deadlines"]):
        # No fixed completion term (lost or damaged passport: ``deadlines.service_terms``).
        headline = _("Waktu penyelesaian paspor ini bergantung pada hasil pemeriksaan.")
    if any(row.name == "cancellation" for row in application.events.all()):
        headline = _("Permohonan dibatalkan: paspor tidak diambil dalam batas waktunya.")
    compensation = ask("timeline", "application_compensation", application, as_of=as_of) or []
    return {
        "office": office, "number": application.number, "service": application.service.name,
        "accelerated": application.accelerated, "headline": headline, "deadlines": deadlines, "steps": steps,
        "happened": happened, "late": [d for d in deadlines if d.late], "compensation": compensation,
        "as_of_text": moment_text(office.localtime(as_of)),
        "MET": MET, "NOT_STARTED": NOT_STARTED,
    }
