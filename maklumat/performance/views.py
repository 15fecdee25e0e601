"""Kinerja pages: an office's promise-keeping, the Kanwil and national league tables, the monthly
report card (PDF/XLSX) and the yearly document target form. Thin: scope, read, render."""

from __future__ import annotations

from functools import wraps
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from maklumat.accounts.permissions import authorize, may
from maklumat.accounts.roles import Reach
from maklumat.lib.validation import bad_text
from maklumat.offices.models import Kanwil
from maklumat.offices.scoping import office_for, visible_offices
from maklumat.performance import page_selectors, rules
from maklumat.performance.labels import promise_label
from maklumat.performance.page_params import BadQuery, parse_month, parse_range

VIEW = "performance.view"
VIEW_KANWIL = "performance.view_kanwil"
VIEW_NATIONAL = "performance.view_national"
TARGET_SET = "performance.target_set"
ROWS_PER_PAGE = 100
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def answers_bad_query(view):
    """A ``BadQuery`` becomes a 400 page in the site's layout naming the field, never a 500."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadQuery as exc:
            return render(request, "errors/error.html", {
                "status": 400, "title": _("Permintaan tidak sah"),
                "message": _("Parameter “%(field)s” tidak dapat dibaca.") % {"field": exc.field},
                "detail": exc.message, "english": f"Bad request: {exc.field}: {exc.message}",
            }, status=400)

    return wrapper


@login_required
@answers_bad_query
def office_page(request, code: str):
    """Kinerja Maklumat: how well one office keeps its promise over ``dari``–``sampai``."""
    office = office_for(request.user, code, action=VIEW)
    start, end = parse_range(request.GET, office.local_date())
    context = page_selectors.office_page(office, start=start, end=end, as_of=timezone.now())
    context["may_set_target"] = may(request.user, TARGET_SET)
    context["other_offices"] = visible_offices(request.user).exclude(pk=office.pk).order_by("name")[:30]
    return render(request, "performance/office.html", context)


@login_required
@answers_bad_query
def promise_rows(request, code: str, promise: str):
    """The applications behind one promise figure (``status`` = met|late|open|overdue or all)."""
    office = office_for(request.user, code, action=VIEW)
    if promise not in rules.PROMISE_CODES:
        raise Http404("Janji tidak dikenal")
    start, end = parse_range(request.GET, office.local_date())
    status = request.GET.get("status", "")
    if status not in ("", *rules.STATUSES):
        raise BadQuery("status", "harus met, late, open atau overdue")
    rows = page_selectors.promise_row_list(office, code=promise, status=status or None, start=start, end=end,
                                           as_of=timezone.now())
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("halaman"))
    return render(request, "performance/promise_rows.html", {
        "office": office, "promise": promise, "promise_label": promise_label(promise), "status": status,
        "status_label": page_selectors.STATUS_LABELS.get(status, ""), "rows": page, "count": len(rows),
        "start": start, "end": end,
        "statuses": page_selectors.STATUS_LABELS.items(),
    })


@login_required
@answers_bad_query
def step_rows(request, code: str):
    """The measured SOP steps behind a step or officer figure (``langkah`` = step, ``petugas`` = officer)."""
    office = office_for(request.user, code, action=VIEW)
    start, end = parse_range(request.GET, office.local_date())
    step = request.GET.get("langkah", "") or None
    if step is not None and step not in dict(page_selectors.step_norms(office, end)):
        raise BadQuery("langkah", "bukan langkah SOP penerbitan kantor ini")
    officer = request.GET.get("petugas", "") or None
    if officer is not None:
        if not officer.isascii() or not officer.isdigit() or len(officer) > 18:
            raise BadQuery("petugas", "harus nomor petugas")
        officer = int(officer)
    rows = page_selectors.step_row_list(office, step=step, officer=officer, start=start, end=end,
                                        as_of=timezone.now())
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("halaman"))
    query = f"dari={start.isoformat()}&sampai={end.isoformat()}" + (f"&langkah={step}" if step else "") + (
        f"&petugas={officer}" if officer else "")
    return render(request, "performance/step_rows.html", {
        "office": office, "rows": page, "count": len(rows), "start": start, "end": end, "query": query,
        "step_label": page_selectors.step_labels(office, end).get(step, "") if step else "",
        "officer_name": page_selectors.officer_name(officer) if officer else "",
    })


@login_required
@require_POST
def target_set(request, code: str):
    """The yearly document target, through the audited service (Kasi and Kepala Kantor)."""
    office = office_for(request.user, code, action=TARGET_SET)
    raw_year, raw_target = request.POST.get("year", ""), request.POST.get("target", "")
    back = reverse("performance:office", args=[office.code])
    try:
        year, target = int(raw_year), int(raw_target.replace(".", "").strip())
    except ValueError:
        messages.error(request, _("Target dan tahun harus berupa bilangan bulat."))
        return redirect(back)
    try:
        page_selectors.target_save(actor=request.user, office=office, year=year, target=target)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Target dokumen tahun %(year)s disimpan.") % {"year": year})
        today = office.local_date()
        if year < today.year:  # show the year the target was set for (the current year is the default)
            return redirect(f"{back}?dari={year}-01-01&sampai={year}-12-31")
    return redirect(back)


@login_required
@answers_bad_query
def office_report(request, code: str):
    """The monthly report card: ``bulan=YYYY-MM``, ``format=pdf|xlsx``. The PDF is in the reader's language
    (the request's, like the complaint recap); the XLSX stays Indonesian, as filed (docs/decisions.md)."""
    office = office_for(request.user, code, action=VIEW)
    month = parse_month(request.GET.get("bulan"), "bulan", office.local_date())
    fmt = request.GET.get("format", "pdf")
    if fmt not in ("pdf", "xlsx"):
        raise BadQuery("format", "harus pdf atau xlsx")
    if fmt == "pdf":
        from maklumat.performance.report_pdf import render_report_card_pdf

        card = page_selectors.report_card(office, month=month, as_of=timezone.now())
        response = HttpResponse(render_report_card_pdf(card), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="rapor-kinerja-{office.code}-{month.key}.pdf"'
        return response
    with translation.override("id"):
        card = page_selectors.report_card(office, month=month, as_of=timezone.now())
        from maklumat.performance.report_xlsx import render_report_card_xlsx

        response = HttpResponse(render_report_card_xlsx(card), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="rapor-kinerja-{office.code}-{month.key}.xlsx"'
    return response


def _kanwil_for(user, code: str) -> tuple[Kanwil, list]:
    """The Kanwil and its offices: 404 unless the user's reach is that Kanwil or the nation (an office's
    staff see their office, not its Kanwil; the same answer as the API's)."""
    kanwil = None if bad_text(code, max_length=60) else Kanwil.objects.filter(code=code).first()
    offices = list(visible_offices(user).filter(kanwil=kanwil).order_by("name")) if kanwil else []
    if kanwil is None or not offices or user.reach == Reach.OFFICE:
        raise Http404("Kanwil tidak ditemukan")
    authorize(user, VIEW_KANWIL)
    return kanwil, offices


def _league_response(request, *, context: dict, template: str, filename: str):
    if request.GET.get("format") == "xlsx":
        from maklumat.performance.report_xlsx import render_league_xlsx

        with translation.override("id"):
            body = render_league_xlsx(context)
        response = HttpResponse(body, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    if request.GET.get("format") not in (None, ""):
        raise BadQuery("format", "harus xlsx atau kosong")
    return render(request, template, context)


@login_required
@answers_bad_query
def kanwil_page(request, code: str):
    """The Kanwil's league table of its offices for one month, with the trend against the month before."""
    kanwil, _offices = _kanwil_for(request.user, code)
    # A Kanwil's offices share its province's zone: the first one's date is the Kanwil's.
    month = parse_month(request.GET.get("bulan"), "bulan", _offices[0].local_date())
    context = page_selectors.kanwil_league(kanwil, month=month, as_of=timezone.now(), sort=_sort(request))
    context.update(scope="kanwil", kanwil=kanwil, scope_name=kanwil.name)
    return _league_response(request, context=context, template="performance/league.html",
                            filename=f"kinerja-{kanwil.code}-{month.key}")


@login_required
@answers_bad_query
def national_page(request):
    """The Directorate General's league table of every office, with national totals (national
    supervisors; others 403, as the API answers)."""
    authorize(request.user, VIEW_NATIONAL)
    month = parse_month(request.GET.get("bulan"), "bulan", _wib_today())
    context = page_selectors.national_league(month=month, as_of=timezone.now(), sort=_sort(request))
    context.update(scope="national", scope_name=_("Nasional"))
    return _league_response(request, context=context, template="performance/league.html",
                            filename=f"kinerja-nasional-{month.key}")


def _sort(request) -> str:
    sort = request.GET.get("urut", page_selectors.SORT_ALL)
    if sort != page_selectors.SORT_ALL and sort not in rules.PROMISE_CODES:
        raise BadQuery("urut", "bukan janji yang dikenal")
    return sort


def _wib_today():
    """The Directorate General's own office date (Jakarta, WIB): the national page's default month."""
    return timezone.now().astimezone(ZoneInfo("Asia/Jakarta")).date()
