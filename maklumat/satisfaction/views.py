"""Survey pages (public, kiosk) and the staff pages: IKM dashboard, targets, report, suggestions."""

from __future__ import annotations

from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maklumat.lib.ratelimit import public_rate_limit
from maklumat.lib.security import safe_next
from maklumat.lib.validation import bad_text
from maklumat.offices.scoping import get_scoped_or_404, office_for, visible_offices
from maklumat.satisfaction import selectors
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
from maklumat.satisfaction.periods import MAX_YEAR, MIN_YEAR, Period, YearOutOfRange, period_parse
from maklumat.satisfaction.qr import qr_svg
from maklumat.satisfaction.questionnaire import ELEMENT_BY_CODE, ELEMENT_LIST
from maklumat.satisfaction.services import (
    SurveyClosed,
    follow_up_plan_save,
    ikm_target_set,
    invitation_expired,
    normalise_token,
    served_population_set,
    suggestion_mark_as_complaint,
    survey_invitation_issue,
    survey_response_submit,
)
from maklumat.standards.models import Service

VIEW = "satisfaction.index_view"
MANAGE = "satisfaction.manage"
ISSUE = "satisfaction.invitation_issue"


class BadQuery(Exception):
    """A query parameter that cannot be read: answered 400 with the field named, never 500."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


def answers_bad_query(view):
    """Render a ``BadQuery`` as a 400 page in the site's layout, naming the field."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadQuery as exc:
            return render(request, "errors/error.html", {
                "status": 400, "title": _("Permintaan tidak valid"),
                "message": _("Parameter “%(field)s” tidak dapat dibaca.") % {"field": exc.field},
                "detail": exc.message, "english": f"Bad request: {exc.field}: {exc.message}",
            }, status=400)

    return wrapper


# ---- public: the survey ---------------------------------------------------------------------


def _survey_closed(request, invitation, kiosk: bool):
    expired = not invitation.is_used and invitation_expired(invitation)
    return render(request, "satisfaction/survey_done.html",
                  {"office": invitation.office, "already": not expired, "expired": expired, "kiosk": kiosk},
                  status=410)


@public_rate_limit("ikm_code")
def survey_start(request):
    """Public web channel: type the code printed on the ticket or receipt."""
    form = TokenForm(request.GET or None)
    if form.is_valid():
        token = normalise_token(form.cleaned_data["kode"])
        invitation = (SurveyInvitation.objects.select_related("office").filter(token=token, used_on__isnull=True)
                      .first() if token else None)
        if invitation is not None and not invitation_expired(invitation):
            return redirect("satisfaction:survey", token)
        form.add_error("kode", _("Kode tidak dikenal, sudah dipakai, atau sudah kedaluwarsa."))
    return render(request, "satisfaction/survey_start.html", {"form": form})


def _invitation(token: str) -> SurveyInvitation:
    token = normalise_token(token)
    invitation = (SurveyInvitation.objects.select_related("office", "service").filter(token=token).first()
                  if token else None)
    if invitation is None:
        raise Http404(_("Survei tidak ditemukan"))
    return invitation


@public_rate_limit("ikm_survey", limit=30)
def survey(request, token: str):
    """The questionnaire for one invitation; one submission spends it."""
    invitation = _invitation(token)
    kiosk = invitation.channel == Channel.KIOSK
    if invitation.is_used or invitation_expired(invitation):
        return _survey_closed(request, invitation, kiosk)
    form = SurveyForm(request.POST or None, ask_service=invitation.service is None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey_response_submit(
                token=invitation.token, answers={e.code: data[e.code] for e in ELEMENT_LIST},
                profile={name: data[name] for name in ("age_group", "sex", "education", "occupation")},
                suggestion=data["suggestion"], marked_as_complaint=data["marked_as_complaint"],
                service=data.get("service"),
            )
        except SurveyClosed:
            invitation.refresh_from_db()
            return _survey_closed(request, invitation, kiosk)
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            return render(request, "satisfaction/survey_done.html",
                          {"office": invitation.office, "already": False, "kiosk": kiosk})
    return render(request, "satisfaction/survey.html",
                  {"invitation": invitation, "office": invitation.office, "form": form, "kiosk": kiosk})


@public_rate_limit("ikm_qr")
def survey_qr(request, token: str):
    invitation = _invitation(token)
    return HttpResponse(qr_svg(request.build_absolute_uri(invitation.url)), content_type="image/svg+xml")


def _errors_to_form(form, exc: ValidationError) -> None:
    """The service's refusal shown on the form, on the field it names."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# ---- staff: handing out invitations ---------------------------------------------------------


def _issue(request, office, form, channel: str):
    """The invitation the officer asked for, or ``None`` with the refusal on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return survey_invitation_issue(actor=request.user, office=office, channel=channel,
                                       reference=form.cleaned_data["reference"],
                                       service=form.cleaned_data["service"])
    except ValidationError as exc:
        _errors_to_form(form, exc)
        return None


@login_required
def kiosk(request, code: str):
    """A tablet at the counter: the officer types the ticket number, the applicant answers."""
    office = office_for(request.user, code, action=ISSUE)
    form = InvitationForm(request.POST or None)
    invitation = _issue(request, office, form, Channel.KIOSK)
    if invitation is not None:
        if invitation.is_used:
            form.add_error("reference", _("Transaksi ini sudah mengisi survei."))
        elif invitation_expired(invitation):
            form.add_error("reference", _("Undangan survei transaksi ini sudah kedaluwarsa."))
        else:
            return redirect(invitation.url)
    return render(request, "satisfaction/kiosk.html", {"office": office, "form": form})


@login_required
def invitation_slip(request, code: str):
    """A printable slip with the QR link and the code, for the ticket or receipt."""
    office = office_for(request.user, code, action=ISSUE)
    form = InvitationForm(request.POST or None)
    invitation = _issue(request, office, form, Channel.QR)
    link = request.build_absolute_uri(invitation.url) if invitation else ""
    return render(request, "satisfaction/invitation.html", {
        "office": office, "form": form, "invitation": invitation, "link": link,
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
        except YearOutOfRange:
            raise BadQuery("periode", _("Tahun periode harus antara %(low)d dan %(high)d.") % {
                "low": MIN_YEAR, "high": MAX_YEAR}) from None
        except ValueError:
            raise BadQuery("periode", _("Periode “%(key)s” tidak dikenal: pakai 2024, 2024-S1, 2024-Q3 atau 2024-07.")
                           % {"key": key[:20].replace("\x00", "�")}) from None
    return selectors.default_period(office, default_kind)


def _service_from(request):
    code = request.GET.get("layanan")
    if not code:
        return None
    problem = bad_text(code, max_length=40)
    if problem:
        raise BadQuery("layanan", problem)
    service = Service.objects.filter(code=code).first()
    if service is None:
        raise BadQuery("layanan", _("Layanan “%(code)s” tidak dikenal.") % {"code": code})
    return service


def _period_choices(selected: Period) -> list[Period]:
    year = selected.year
    return [Period(year), *Period(year).parts("semester"), *Period(year).parts("quarter"),
            *Period(year).parts("month")]


def _years(first: int, office) -> range:
    """The years the period menu offers: from ``first`` up to the office's current year."""
    return range(max(first, MIN_YEAR), min(office.local_date().year, MAX_YEAR) + 1)


@login_required
@answers_bad_query
def dashboard(request, code: str):
    office = office_for(request.user, code, action=VIEW)
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
    rows = _element_rows(index)
    context = {
        "office": office, "period": period, "service": service, "index": index,
        "elements": rows, "weakest_rows": _weakest_rows(rows, index),
        "services": Service.objects.filter(is_active=True),
        "period_choices": _period_choices(period),
        "years": _years(max(years[0], period.year - 5), office),
        "by_service": selectors.ikm_by_service(office, period) if service is None else [],
        "breakdown": breakdown,
        "quarter_trend": quarter_trend,
        "achievements": achievements,
        "nrr_chart": nrr_bars(index.result.nrr, index.weakest, _("NRR per unsur")) if index.result else "",
        "trend_chart": trend_line(
            [(q.key.replace("-", " "), r.ikm_converted if r else None) for q, r in quarter_trend],
            _("IKM (konversi) per triwulan")),
        "year_chart": _year_chart(achievements),
        "other_offices": _other_offices(request.user, office),
    }
    return render(request, "satisfaction/dashboard.html", context)


def _year_chart(achievements) -> str:
    """Realisation per year, every year from the first target to the last: a year without a
    realisation is a gap, not bridged."""
    if not achievements:
        return ""
    by_year = {row.year: row for row in achievements}
    years = range(achievements[0].year, achievements[-1].year + 1)
    points = [(str(year), by_year[year].realised * 25 if year in by_year and by_year[year].realised is not None
               else None) for year in years]
    targets = [by_year[year].target if year in by_year else None for year in years]
    return trend_line(points, _("Realisasi IKM per tahun"), targets=targets)


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
    office = office_for(request.user, code, action=MANAGE if request.method == "POST" else VIEW)
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ikm_target_set(actor=request.user, office=office, year=data["year"], target=data["target"],
                           realised_entered=data["realised_entered"], source=data["source"])
        except ValidationError as exc:
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Target IKM tersimpan."))
            return redirect("satisfaction:targets", office.code)
    return render(request, "satisfaction/targets.html", {
        "office": office, "rows": selectors.yearly_achievements(office), "form": form,
    })


# ---- staff: the report ----------------------------------------------------------------------


def report_context(office, period: Period) -> dict:
    """Everything the report shows (HTML, PDF and XLSX share it)."""
    index = selectors.ikm_index(office, period)
    rows = _element_rows(index)
    return {
        "office": office, "period": period, "index": index, "elements": rows,
        "weakest_rows": _weakest_rows(rows, index),
        "profile": selectors.respondent_profile(office, period),
        "by_service": selectors.ikm_by_service(office, period),
        "plan": selectors.follow_up_plan(office, period),
        "suggestions": list(selectors.suggestions_in(office, period)[:50]),
        "achievements": [row for row in selectors.yearly_achievements(office) if row.year <= period.year],
        "generated_on": office.local_date(),
    }


@login_required
@answers_bad_query
def report(request, code: str):
    office = office_for(request.user, code, action=VIEW)
    period = _period_from(request, office)
    context = report_context(office, period)
    plan = context["plan"]
    context.update({
        "plan_form": FollowUpForm(initial={"text": plan.text if plan else ""}),
        "population_form": PopulationForm(initial={"population": context["index"].population
                                                   if context["index"].population_source == "entered" else None}),
        "period_choices": _period_choices(period),
        "years": _years(period.year - 4, office),
        "nrr_chart": nrr_bars(context["index"].result.nrr, context["index"].weakest, _("NRR per unsur"))
        if context["index"].result else "",
    })
    return render(request, "satisfaction/report.html", context)


def _report_url(office, period: Period) -> str:
    return f"{reverse('satisfaction:report', args=[office.code])}?periode={period.key}"


@login_required
@require_POST
@answers_bad_query
def report_follow_up(request, code: str):
    office = office_for(request.user, code, action=MANAGE)
    period = _period_from(request, office)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            follow_up_plan_save(actor=request.user, office=office, period_key=period.key,
                                text=form.cleaned_data["text"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Rencana tindak lanjut tersimpan."))
    else:
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
    return redirect(_report_url(office, period))


@login_required
@require_POST
@answers_bad_query
def report_population(request, code: str):
    office = office_for(request.user, code, action=MANAGE)
    period = _period_from(request, office)
    form = PopulationForm(request.POST)
    if form.is_valid():
        try:
            served_population_set(actor=request.user, office=office, period_key=period.key,
                                  population=form.cleaned_data["population"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Populasi tersimpan."))
    else:
        messages.error(request, _("Populasi harus bilangan bulat 0 sampai 10.000.000."))
    return redirect(_report_url(office, period))


@login_required
@answers_bad_query
def report_pdf(request, code: str):
    from maklumat.satisfaction.report_pdf import render_report_pdf

    office = office_for(request.user, code, action=VIEW)
    period = _period_from(request, office)
    body = render_report_pdf(report_context(office, period))  # the reader's language (docs/decisions.md)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ikm-{office.code}-{period.key}.pdf"'
    return response


@login_required
@answers_bad_query
def report_xlsx(request, code: str):
    from maklumat.satisfaction.report_xlsx import render_report_xlsx

    office = office_for(request.user, code, action=VIEW)
    period = _period_from(request, office)
    with translation.override("id"):
        body = render_report_xlsx(report_context(office, period))
    response = HttpResponse(
        body,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="ikm-{office.code}-{period.key}.xlsx"'
    return response


# ---- staff: suggestions and the complaint hand-off -------------------------------------------


@login_required
@answers_bad_query
def suggestions(request, code: str):
    office = office_for(request.user, code, action=VIEW)
    period = _period_from(request, office, default_kind="month")
    since = date(period.year, 1, 1)
    return render(request, "satisfaction/suggestions.html", {
        "office": office, "period": period,
        "rows": selectors.suggestions_in(office, period).order_by("-submitted_on", "-id")[:200],
        "handoff": selectors.suggestions_marked_as_complaints(office, since), "since": since,
        "period_choices": _period_choices(period),
    })


@login_required
@require_POST
def suggestion_mark(request, code: str, pk: int):
    office = office_for(request.user, code, action=MANAGE)
    response = get_scoped_or_404(SurveyResponse.objects.filter(office=office), request.user, pk=pk)
    if response.suggestion:
        suggestion_mark_as_complaint(actor=request.user, response=response)
        messages.success(request, _("Saran diteruskan ke daftar pengaduan."))
    target = request.POST.get("next") or request.GET.get("next")
    if not target:
        return redirect("satisfaction:suggestions", office.code)
    # Only a page of this site; a link elsewhere (open redirect) goes to the home page instead.
    return redirect(safe_next(request, target, reverse("portal:home")))
