"""Survey pages (public, kiosk) and the staff pages: IKM dashboard, targets, report, suggestions."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maklumat.lib.ratelimit import public_rate_limit
from maklumat.offices.scoping import get_scoped_or_404, office_with_role, visible_offices
from maklumat.satisfaction import selectors
from maklumat.satisfaction.access import ISSUE_ROLES, MANAGE_ROLES, VIEW_ROLES
from maklumat.satisfaction.charts import nrr_bars, trend_line
from maklumat.satisfaction.forms import (
    FollowUpForm,
    InvitationForm,
    PopulationForm,
    SurveyForm,
    TargetForm,
    TokenForm,
)
from maklumat.satisfaction.models import Channel, SurveyInvitation, SurveyResponse
from maklumat.satisfaction.periods import Period, period_parse
from maklumat.satisfaction.qr import qr_svg
from maklumat.satisfaction.questionnaire import ELEMENT_BY_CODE, ELEMENT_LIST
from maklumat.satisfaction.services import (
    SurveyClosed,
    follow_up_plan_save,
    ikm_target_set,
    normalise_token,
    served_population_set,
    suggestion_mark_as_complaint,
    survey_invitation_issue,
    survey_response_submit,
)
from maklumat.standards.models import Service

# ---- public: the survey ---------------------------------------------------------------------


@public_rate_limit("ikm_code")
def survey_start(request):
    """Public web channel: type the code printed on the ticket or receipt."""
    form = TokenForm(request.GET or None)
    if form.is_valid():
        token = normalise_token(form.cleaned_data["kode"])
        if SurveyInvitation.objects.filter(token=token, used_on__isnull=True).exists():
            return redirect("satisfaction:survey", token)
        form.add_error("kode", _("Kode tidak dikenal atau sudah dipakai."))
    return render(request, "satisfaction/survey_start.html", {"form": form})


@public_rate_limit("ikm_survey", limit=30)
def survey(request, token: str):
    """The questionnaire for one invitation; one submission spends it."""
    invitation = SurveyInvitation.objects.select_related("office", "service").filter(token=token).first()
    if invitation is None:
        raise Http404(_("Survei tidak ditemukan"))
    kiosk = invitation.channel == Channel.KIOSK
    if invitation.is_used:
        return render(request, "satisfaction/survey_done.html",
                      {"office": invitation.office, "already": True, "kiosk": kiosk}, status=410)
    form = SurveyForm(request.POST or None, ask_service=invitation.service is None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey_response_submit(
                token=token, answers={e.code: data[e.code] for e in ELEMENT_LIST},
                profile={name: data[name] for name in ("age_group", "sex", "education", "occupation")},
                suggestion=data["suggestion"], marked_as_complaint=data["marked_as_complaint"],
                service=data.get("service"),
            )
        except SurveyClosed:
            return render(request, "satisfaction/survey_done.html",
                          {"office": invitation.office, "already": True, "kiosk": kiosk}, status=410)
        return render(request, "satisfaction/survey_done.html",
                      {"office": invitation.office, "already": False, "kiosk": kiosk})
    return render(request, "satisfaction/survey.html",
                  {"invitation": invitation, "office": invitation.office, "form": form, "kiosk": kiosk})


@public_rate_limit("ikm_qr")
def survey_qr(request, token: str):
    invitation = SurveyInvitation.objects.filter(token=token).first()
    if invitation is None:
        raise Http404
    return HttpResponse(qr_svg(request.build_absolute_uri(invitation.url)), content_type="image/svg+xml")


def _tabs(user) -> dict:
    """Which IKM tabs the user may open (the tabs show only those)."""
    return {"can_view": user.has_role(*VIEW_ROLES), "can_issue": user.has_role(*ISSUE_ROLES)}


# ---- staff: handing out invitations ---------------------------------------------------------


@login_required
def kiosk(request, code: str):
    """A tablet at the counter: the officer types the ticket number, the applicant answers."""
    office = office_with_role(request.user, code, ISSUE_ROLES)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation = survey_invitation_issue(office=office, service=form.cleaned_data["service"],
                                             channel=Channel.KIOSK, reference=form.cleaned_data["reference"],
                                             actor=request.user)
        if invitation.is_used:
            form.add_error("reference", _("Transaksi ini sudah mengisi survei."))
        else:
            return redirect(invitation.url)
    return render(request, "satisfaction/kiosk.html", {"office": office, "form": form})


@login_required
def invitation_slip(request, code: str):
    """A printable slip with the QR link and the code, for the ticket or receipt."""
    office = office_with_role(request.user, code, ISSUE_ROLES)
    form = InvitationForm(request.POST or None)
    invitation = None
    if request.method == "POST" and form.is_valid():
        invitation = survey_invitation_issue(office=office, service=form.cleaned_data["service"],
                                             channel=Channel.QR, reference=form.cleaned_data["reference"],
                                             actor=request.user)
    link = request.build_absolute_uri(invitation.url) if invitation else ""
    return render(request, "satisfaction/invitation.html", {
        **_tabs(request.user), "office": office, "form": form, "invitation": invitation, "link": link,
        "qr": qr_svg(link) if invitation else "",
        "web": request.build_absolute_uri(reverse("satisfaction:survey_start")),
    })


# ---- staff: the index -----------------------------------------------------------------------


def _period_from(request, office, default_kind: str = "year") -> Period:
    """The ``periode`` asked for; by default the period holding the latest response (or today)."""
    key = request.GET.get("periode")
    if key:
        try:
            return period_parse(key)
        except ValueError as exc:
            raise Http404(str(exc)) from exc
    return selectors.default_period(office, default_kind)


def _service_from(request):
    code = request.GET.get("layanan")
    if not code:
        return None
    service = Service.objects.filter(code=code).first()
    if service is None:
        raise Http404
    return service


def _period_choices(selected: Period) -> list[Period]:
    year = selected.year
    return [Period(year), *Period(year).parts("semester"), *Period(year).parts("quarter"),
            *Period(year).parts("month")]


@login_required
def dashboard(request, code: str):
    office = office_with_role(request.user, code, VIEW_ROLES)
    period, service = _period_from(request, office), _service_from(request)
    index = selectors.ikm_index(office, period, service)
    first_year = SurveyResponse.objects.filter(office=office).order_by("submitted_on").values_list(
        "submitted_on", flat=True).first()
    years = list(range(min(first_year.year, period.year) if first_year else period.year, period.year + 1))
    quarters = [q for y in years for q in Period(y).parts("quarter")]
    quarter_trend = selectors.ikm_trend(office, quarters, service)
    achievements = selectors.yearly_achievements(office)
    sub_kind = {"year": "quarter", "semester": "quarter", "quarter": "month", "month": None}[period.kind]
    breakdown = selectors.ikm_trend(office, period.parts(sub_kind), service) if sub_kind else []
    context = {
        **_tabs(request.user), "office": office, "period": period, "service": service, "index": index,
        "elements": _element_rows(index),
        "weakest_rows": _weakest_rows(_element_rows(index), index),
        "services": Service.objects.filter(is_active=True),
        "period_choices": _period_choices(period),
        "years": range(max(years[0], period.year - 5), timezone.localdate().year + 1),
        "by_service": selectors.ikm_by_service(office, period) if service is None else [],
        "breakdown": breakdown,
        "achievements": achievements,
        "can_manage": request.user.has_role(*MANAGE_ROLES),
        "nrr_chart": nrr_bars(index.result.nrr, index.weakest, _("NRR per unsur")) if index.result else "",
        "trend_chart": trend_line(
            [(q.key.replace("-", " "), r.ikm_converted if r else None) for q, r in quarter_trend],
            _("IKM (konversi) per triwulan")),
        "year_chart": trend_line(
            [(str(row.year), row.realised * 25 if row.realised is not None else None) for row in achievements],
            _("Realisasi IKM per tahun"), targets=[row.target for row in achievements]) if achievements else "",
        "other_offices": _other_offices(request.user, office),
    }
    return render(request, "satisfaction/dashboard.html", context)


def _other_offices(user, office) -> list:
    """The other offices a Kanwil or national supervisor may switch to."""
    return [other for other in visible_offices(user) if other.pk != office.pk]


def _element_rows(index) -> list[dict]:
    if not index.result:
        return []
    return [{"code": code, "element": ELEMENT_BY_CODE[code], "nrr": index.result.nrr[code],
             "weighted": index.result.nrr_weighted[code], "weak": code in index.weakest}
            for code in index.result.nrr]


def _weakest_rows(rows: list[dict], index) -> list[dict]:
    """The weakest elements' rows, lowest NRR first."""
    by_code = {row["code"]: row for row in rows}
    return [by_code[code] for code in index.weakest]


@login_required
def targets(request, code: str):
    office = office_with_role(request.user, code, VIEW_ROLES)
    can_manage = request.user.has_role(*MANAGE_ROLES)
    form = TargetForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            ikm_target_set(actor=request.user, office=office, year=data["year"], target=data["target"],
                           realised_entered=data["realised_entered"], source=data["source"])
            messages.success(request, _("Target IKM tersimpan."))
            return redirect("satisfaction:targets", office.code)
    return render(request, "satisfaction/targets.html", {
        **_tabs(request.user), "office": office, "rows": selectors.yearly_achievements(office), "form": form,
        "can_manage": can_manage,
    })


# ---- staff: the report ----------------------------------------------------------------------


def report_context(office, period: Period) -> dict:
    """Everything the report shows (HTML, PDF and XLSX share it)."""
    index = selectors.ikm_index(office, period)
    return {
        "office": office, "period": period, "index": index, "elements": _element_rows(index),
        "weakest_rows": _weakest_rows(_element_rows(index), index),
        "profile": selectors.respondent_profile(office, period),
        "by_service": selectors.ikm_by_service(office, period),
        "plan": selectors.follow_up_plan(office, period),
        "suggestions": list(selectors.suggestions_in(office, period)[:50]),
        "achievements": [row for row in selectors.yearly_achievements(office) if row.year <= period.year],
        "generated_on": timezone.localdate(),
    }


@login_required
def report(request, code: str):
    office = office_with_role(request.user, code, VIEW_ROLES)
    period = _period_from(request, office)
    can_manage = request.user.has_role(*MANAGE_ROLES)
    context = report_context(office, period)
    plan = context["plan"]
    context.update({
        **_tabs(request.user), "can_manage": can_manage,
        "plan_form": FollowUpForm(initial={"text": plan.text if plan else ""}),
        "population_form": PopulationForm(initial={"population": context["index"].population
                                                   if context["index"].population_source == "entered" else None}),
        "period_choices": _period_choices(period),
        "years": range(period.year - 4, timezone.localdate().year + 1),
        "nrr_chart": nrr_bars(context["index"].result.nrr, context["index"].weakest, _("NRR per unsur"))
        if context["index"].result else "",
    })
    return render(request, "satisfaction/report.html", context)


@login_required
@require_POST
def report_follow_up(request, code: str):
    office = office_with_role(request.user, code, MANAGE_ROLES)
    period = _period_from(request, office)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        follow_up_plan_save(actor=request.user, office=office, period_key=period.key, text=form.cleaned_data["text"])
        messages.success(request, _("Rencana tindak lanjut tersimpan."))
    else:
        messages.error(request, _("Rencana tindak lanjut tidak boleh kosong."))
    return redirect(f"{reverse('satisfaction:report', args=[office.code])}?periode={period.key}")


@login_required
@require_POST
def report_population(request, code: str):
    office = office_with_role(request.user, code, MANAGE_ROLES)
    period = _period_from(request, office)
    form = PopulationForm(request.POST)
    if form.is_valid():
        served_population_set(actor=request.user, office=office, period_key=period.key,
                              population=form.cleaned_data["population"])
        messages.success(request, _("Populasi tersimpan."))
    else:
        messages.error(request, _("Populasi harus bilangan bulat 0 atau lebih."))
    return redirect(f"{reverse('satisfaction:report', args=[office.code])}?periode={period.key}")


@login_required
def report_pdf(request, code: str):
    from maklumat.satisfaction.report_pdf import render_report_pdf

    office = office_with_role(request.user, code, VIEW_ROLES)
    period = _period_from(request, office)
    response = HttpResponse(render_report_pdf(report_context(office, period)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ikm-{office.code}-{period.key}.pdf"'
    return response


@login_required
def report_xlsx(request, code: str):
    from maklumat.satisfaction.report_xlsx import render_report_xlsx

    office = office_with_role(request.user, code, VIEW_ROLES)
    period = _period_from(request, office)
    response = HttpResponse(
        render_report_xlsx(report_context(office, period)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="ikm-{office.code}-{period.key}.xlsx"'
    return response


# ---- staff: suggestions and the complaint hand-off -------------------------------------------


@login_required
def suggestions(request, code: str):
    office = office_with_role(request.user, code, VIEW_ROLES)
    period = _period_from(request, office, default_kind="month")
    since = date(period.year, 1, 1)
    return render(request, "satisfaction/suggestions.html", {
        **_tabs(request.user), "office": office, "period": period,
        "rows": selectors.suggestions_in(office, period).order_by("-submitted_on", "-id")[:200],
        "handoff": selectors.suggestions_marked_as_complaints(office, since), "since": since,
        "can_manage": request.user.has_role(*MANAGE_ROLES),
        "period_choices": _period_choices(period),
    })


@login_required
@require_POST
def suggestion_mark(request, code: str, pk: int):
    office = office_with_role(request.user, code, MANAGE_ROLES)
    response = get_scoped_or_404(SurveyResponse.objects.filter(office=office), request.user, pk=pk)
    if response.suggestion:
        suggestion_mark_as_complaint(actor=request.user, response=response)
        messages.success(request, _("Saran diteruskan ke daftar pengaduan."))
    return redirect(request.POST.get("next") or reverse("satisfaction:suggestions", args=[office.code]))
