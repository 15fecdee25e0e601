"""The what-if page (Kasi, Kepala Kantor): backtest, forecast, an edited staffing plan side by side."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maklumat.offices.scoping import office_for
from maklumat.queueing.models import Step
from maklumat.simulation import charts, services
from maklumat.simulation.model import hours_of
from maklumat.simulation.models import StaffingPlan, WaitDelay
from maklumat.simulation.page import office_history, read_plan, what_if


def _plan_from_saved(office, pk: str | None):
    if not pk or not pk.isdigit():
        return None
    return StaffingPlan.objects.filter(office=office, pk=int(pk)).first()


@login_required
def page(request, code: str):
    office = office_for(request.user, code, action="simulation.run")
    today = office.local_date()
    history = office_history(office, today)
    if not history.visits:
        return render(request, "simulation/page.html", {"office": office, "enough": False})
    scenario = history.fit.scenario
    hours = hours_of(scenario.open_minute, scenario.close_minute)
    steps = [step.code for step in scenario.steps]
    fitted = {step.code: dict(step.counters) for step in scenario.steps}
    fitted_room = scenario.priority_room.hours if scenario.priority_room else frozenset()
    saved = _plan_from_saved(office, request.GET.get("rencana"))
    default, default_room = fitted, fitted_room
    if saved is not None:
        default = {step: {int(h): n for h, n in counters.items()} for step, counters in saved.staffing.items()}
        default_room = frozenset(saved.room_hours)
    staffing, room, problems = read_plan(request.GET, steps, hours, default, default_room)
    edited = staffing != fitted or room != fitted_room
    context = (what_if(office, history, staffing=staffing, room_hours=room, today=today) if edited
               else what_if(office, history, today=today))
    current, plan = context["current"], context["plan"]
    names = dict(Step.objects.filter(office=office).values_list("code", "name"))
    context.update({
        "services": [(names.get(f.step, f.step), f) for f in history.fit.services],
        "office": office, "steps": steps, "edited": edited, "problems": problems, "saved": saved,
        "plans": StaffingPlan.objects.filter(office=office),
        "grid": [(names.get(step, step), [(hour, f"s-{step}-{hour:02d}", staffing[step].get(hour, 0),
                                            fitted[step].get(hour, 0)) for hour in hours]) for step in steps],
        "room_grid": [(hour, f"room-{hour:02d}", hour in room) for hour in hours] if scenario.priority_room else [],
        "staffing_json": json.dumps({s: {f"{h:02d}": n for h, n in c.items()} for s, c in staffing.items()}),
        "room_json": json.dumps(sorted(room)),
        "step_rows": [(names.get(code, code), current.steps[code], plan.steps[code]) for code in steps],
        "wait_chart": charts.hourly_bars(
            [(_("Rencana sekarang"), current.waits_by_hour), (_("Rencana diubah"), plan.waits_by_hour)],
            _("Rata-rata tunggu menurut jam datang (menit)"), _("menit")),
        "queue_chart": charts.hourly_bars(
            [(_("Rencana sekarang"), current.steps["biometric"].queue_by_hour if "biometric" in current.steps
              else {}),
             (_("Rencana diubah"), plan.steps["biometric"].queue_by_hour if "biometric" in plan.steps else {})],
            _("Antrean biometrik menurut jam (orang)"), _("orang")),
    })
    return render(request, "simulation/page.html", context)


@login_required
@require_POST
def plan_save(request, code: str):
    office = office_for(request.user, code, action="simulation.plan_save")
    try:
        staffing = json.loads(request.POST.get("staffing", "{}"))
        room_hours = json.loads(request.POST.get("room_hours", "[]"))
    except ValueError:
        staffing, room_hours = None, None
    steps = set(Step.objects.filter(office=office).values_list("code", flat=True))
    try:
        plan = services.staffing_plan_save(actor=request.user, office=office, name=request.POST.get("name", ""),
                                           staffing=staffing, room_hours=room_hours, steps=steps)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(reverse("simulation:page", args=[office.code]))
    messages.success(request, _("Rencana '%(name)s' disimpan.") % {"name": plan.name})
    return redirect(reverse("simulation:page", args=[office.code]) + f"?rencana={plan.pk}")



@login_required
def delay_page(request, code: str):
    """Today's manual delay on ticket wait estimates: see it, set it, clear it (0)."""
    office = office_for(request.user, code, action="simulation.delay_set")
    if request.method == "POST":
        raw = request.POST.get("minutes", "")
        minutes = int(raw) if raw.strip().isdigit() else -1
        try:
            services.wait_delay_set(actor=request.user, office=office, minutes=minutes,
                                    reason=request.POST.get("reason", ""))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Tambahan waktu tunggu disimpan."))
        return redirect(reverse("simulation:delay", args=[office.code]))
    today = office.local_date()
    return render(request, "simulation/delay.html", {
        "office": office, "today": today, "delay": WaitDelay.objects.filter(office=office, day=today).first()})
