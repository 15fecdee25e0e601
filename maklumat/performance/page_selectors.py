"""What the Kinerja pages show, built on ``performance.selectors`` (the API's figures): the same
numbers, plus what only a page needs (months of the period, texts in Indonesian number style,
links are added by the templates). Reads only; the one write goes through the audited service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from maklumat.applications.events import STEP_LABELS
from maklumat.offices.models import Kanwil, Office
from maklumat.performance import charts, rules, selectors
from maklumat.performance.labels import promise_label
from maklumat.performance.models import DocumentTarget
from maklumat.performance.page_params import Month, month_label, month_short, months_between

AT_RISK_SHOWN = 15  # the rest are on the compensation watchlist, linked below the list
TREND_STEP = 0.01  # one percentage point: smaller moves are shown as "flat"


# ----- number texts in the active language (Indonesian: 27.053; 96,5 % / English: 27,053; 96.5 %) ----

def thousands(value: int | float | None) -> str:
    return "—" if value is None else f"{value:,.0f}".replace(",", get_format("THOUSAND_SEPARATOR"))


def percent(rate: float | None, places: int = 1) -> str:
    """A 0–1 rate as a percentage in the active language (``0.9654`` → ``96,5 %`` / ``96.5 %``)."""
    if rate is None:
        return "—"
    return f"{rate * 100:.{places}f}".replace(".", get_format("DECIMAL_SEPARATOR")) + " %"


def decimal_text(value, places: int = 2) -> str:
    return "—" if value is None else f"{float(value):.{places}f}".replace(".", get_format("DECIMAL_SEPARATOR"))


def rupiah(value: int | None) -> str:
    return "—" if value is None else "Rp " + thousands(value)


def minutes_text(value: float | None) -> str:
    if value is None:
        return "—"
    number = thousands(value) if float(value).is_integer() else decimal_text(value, 1)
    return f"{number} {_('mnt')}"


# ----- loading one office's period once ---------------------------------------------------------

@dataclass(frozen=True)
class MonthFigures:
    month: Month
    counts: dict[str, rules.PromiseCount]
    documents: int


def months_of(office: Office, *, start: date, end: date, as_of: datetime) -> list[MonthFigures]:
    """Each month of ``start``–``end`` (clipped to the period): promise counts and documents issued,
    counted the way ``office_kinerja`` counts (a clock by its start's local date, a document by its
    first handover), from the aggregates (two queries per figure)."""
    counts = selectors.promise_counts_for([office], start=start, end=end, as_of=as_of, by_month=True)
    documents = selectors.documents_issued_for([office], start=start, end=end, as_of=as_of, by_month=True)
    return [MonthFigures(month, counts[(office.pk, month.year, month.month)],
                         documents.get((office.pk, month.year, month.month), 0))
            for month in months_between(start, end)]


def yearly_target(office: Office, year: int) -> int | None:
    row = DocumentTarget.objects.filter(office=office, year=year).first()
    return row.documents if row else None


def target_save(*, actor, office: Office, year: int, target: int):
    """The target form's write, through kin's audited service (validation lives there)."""
    from maklumat.performance.services import document_target_set

    return document_target_set(actor=actor, office=office, year=year, documents=target)


# ----- the office page ------------------------------------------------------------------------------

def _promise_href(office: Office, code: str, start: date, end: date, status: str = "") -> str:
    url = reverse("performance:promise_rows", args=[office.code, code])
    query = f"?dari={start.isoformat()}&sampai={end.isoformat()}"
    return url + query + (f"&status={status}" if status else "")


def office_page(office: Office, *, start: date, end: date, as_of: datetime) -> dict:
    kinerja = selectors.office_kinerja(office, start=start, end=end, as_of=as_of)
    months = months_of(office, start=start, end=end, as_of=as_of)
    labels = [month_short(m.month) for m in months]
    promises = []
    for row in kinerja["promises"]:
        series = [m.counts[row["code"]].on_time_rate for m in months]
        promises.append({
            **row, "rate_text": percent(row["on_time_rate"]),
            "texts": {key: thousands(row[key]) for key in ("total", "met", "late", "open", "overdue")},
            "href": _promise_href(office, row["code"], start, end),
            "hrefs": {status: _promise_href(office, row["code"], start, end, status)
                      for status in ("met", "late", "open", "overdue")},
            "series": series,
            "spark": charts.sparkline(series, _("Tren %(promise)s") % {"promise": row["label"]}),
        })
    counts = [rules.PromiseCount(p["code"], p["met"], p["late"], p["open"], p["overdue"]) for p in kinerja["promises"]]
    overall = rules.combined_rate(counts)
    year = end.year
    target = yearly_target(office, year)
    issued = kinerja["documents_issued"]
    at_risk = at_risk_rows(office, as_of=as_of)
    report_month = Month.of(office.local_date(as_of)).previous()
    return {
        "office": office, "start": start, "end": end, "as_of_local": office.localtime(as_of),
        "period_label": f"{start.strftime('%d-%m-%Y')} – {end.strftime('%d-%m-%Y')}",
        "kinerja": kinerja, "promises": promises,
        "overall_rate": overall, "overall_rate_text": percent(overall),
        "overall_met": thousands(sum(c.met for c in counts)),
        "overall_decided": thousands(sum(c.decided for c in counts)),
        "trend_chart": charts.rate_trend([(p["label"], p["series"]) for p in promises], labels,
                                         _("Tepat waktu per bulan")),
        "at_risk": at_risk[:AT_RISK_SHOWN], "at_risk_count": len(at_risk),
        "at_risk_more": max(len(at_risk) - AT_RISK_SHOWN, 0),
        "compensation": compensation_rows(office, kinerja["compensation"]),
        "complaints": complaint_rows(office, kinerja["complaints"]),
        "complaint_steps": complaint_step_rates(office, start=start, end=end, as_of=as_of),
        "ikm": ikm_summary(kinerja["ikm"]),
        "documents": {
            "year": year, "issued": issued, "issued_text": thousands(issued), "target": target,
            "target_text": thousands(target),
            "achievement_text": percent(issued / target, 2) if target else "",
            "chart": charts.documents_bars(labels, [m.documents for m in months], target / 12 if target else None,
                                           _("Dokumen terbit per bulan")),
            "months": [(month_label(m.month), m.documents) for m in months],
        },
        "steps": bottlenecks(kinerja["steps"], step_labels(office, end),
                             href=lambda code: _step_href(office, start, end, step=code)),
        **officer_table(office, start=start, end=end, as_of=as_of),
        "effectiveness": effectiveness_rows(kinerja["effectiveness"]),
        "report_month": report_month, "report_month_label": month_label(report_month),
    }


def at_risk_rows(office: Office, *, as_of: datetime) -> list[dict]:
    """Who is at risk right now, each linked to the application."""
    risk = selectors.at_risk_now(office, as_of)
    rows = []
    for row in risk["waiting"]:
        rows.append({"number": row["number"], "href": reverse("applications:detail", args=[office.code, row["number"]]),
                     "label": _("Menunggu biometrik %(waited)s menit (peringatan %(warn)s, batas %(limit)s)") % {
                         "waited": row["waited_minutes"], "warn": row["warn_minutes"], "limit": row["limit_minutes"]},
                     "moment_text": _("tiket %(time)s") % {
                         "time": office.localtime(row["ticket_at"]).strftime("%H.%M")}})
    for row in risk["allocation_due_today"]:
        rows.append({"number": row["number"], "href": reverse("applications:detail", args=[office.code, row["number"]]),
                     "label": _("Alokasi paspor jatuh tempo hari ini"),
                     "moment_text": _("tenggat %(time)s") % {"time": local_moment_text(office, row["due"])}})
    return rows


def local_moment_text(office: Office, moment: datetime) -> str:
    """Office time; a deadline at midnight is the end of the day before ("30-11-2026 24.00"), as the
    office says it, not the start of the next."""
    local = office.localtime(moment)
    if (local.hour, local.minute, local.second) == (0, 0, 0):
        return (local.date() - timedelta(days=1)).strftime("%d-%m-%Y") + " 24.00"
    return local.strftime("%d-%m-%Y %H.%M")


def compensation_rows(office: Office, figures: dict) -> list[tuple[str, str, str]]:
    watch = reverse("compensation:watchlist", args=[office.code])
    return [
        (_("Berhak kompensasi"), thousands(figures.get("eligible")), watch),
        (_("Diklaim"), thousands(figures.get("claimed")), watch),
        (_("Dipenuhi"), thousands(figures.get("fulfilled")), watch),
        (_("Belum dipenuhi"), thousands(figures.get("outstanding")), watch),
        (_("Biaya (suvenir dan pengiriman)"), rupiah(figures.get("cost")),
         reverse("compensation:souvenirs", args=[office.code])),
    ]


def complaint_rows(office: Office, figures: dict) -> list[tuple[str, str, str]]:
    queue = reverse("complaints:queue", args=[office.code])
    recap = reverse("complaints:recap", args=[office.code])
    return [
        (_("Diterima"), thousands(figures.get("received")), recap),
        (_("Belum selesai"), thousands(figures.get("open")), f"{queue}?status=active"),
        (_("Lewat tenggat"), thousands(figures.get("overdue")), f"{recap}#overdue"),
        (_("Langkah tepat waktu"), percent(figures.get("on_time_rate")), f"{recap}#step-rates"),
    ]


def complaint_step_rates(office: Office, *, start: date, end: date, as_of: datetime) -> list[dict]:
    """Complaint handling on time per SOP step, summed over the monthly recaps of the months the period
    touches (the complaints area's definition, ``complaints.recap``: a step counts in the month its due
    time fell in, once that has passed and it is done or active; on time when done by its due time).
    The months are contiguous, so their sum is one window: from the first month's start to the last
    month's end or ``as_of``, read in one query instead of one recap per month."""
    from maklumat.complaints.labels import step_title
    from maklumat.complaints.models import ComplaintStep, StepStatus

    months = [month for month in months_between(start, end) if month.first <= office.local_date(as_of)]
    steps: dict[str, dict] = {}
    if months:
        lower = office.start_of_day(months[0].first)
        upper = min(as_of, office.start_of_day(months[-1].next().first))
        for step in (ComplaintStep.objects.filter(complaint__office=office, due_at__gte=lower, due_at__lt=upper,
                                                  status__in=[StepStatus.DONE, StepStatus.ACTIVE])
                     .only("code", "order", "activity_id", "activity_en", "status", "due_at", "completed_at")
                     .order_by("order", "code")):
            row = steps.setdefault(step.code, {"order": step.order, "label": step_title(step), "due": 0, "on_time": 0})
            row["due"] += 1
            if step.status == StepStatus.DONE and step.completed_at is not None and step.completed_at <= step.due_at:
                row["on_time"] += 1
    rows = sorted(steps.values(), key=lambda row: row["order"])
    for row in rows:
        share = row["on_time"] / row["due"] if row["due"] else None
        row["text"] = f"{thousands(row['on_time'])}/{thousands(row['due'])} ({percent(share)})" if share is not None \
            else "—"
    return rows


def ikm_summary(figures: dict) -> dict:
    """IKM as the office reports it: the index (1–4) with its converted value (× 25) and grade."""
    index, grade, target = figures.get("index"), figures.get("grade"), figures.get("target")
    note = _("%(n)s responden") % {"n": thousands(figures.get("respondents") or 0)}
    if index is not None:
        converted = _("konversi %(value)s, mutu %(grade)s") % {"value": decimal_text(index * 25), "grade": grade}
        note = f"{converted} · {note}"
    achievement = figures.get("achievement")
    return {**figures, "value_text": decimal_text(index), "target_text": decimal_text(target) if target else "",
            "achievement_text": decimal_text(achievement) + " %" if achievement is not None else "", "note": note}


def bottlenecks(steps: list[dict], labels: dict[str, str], href=None) -> list[dict]:
    """SOP steps sorted by the share of measured durations outside the norm, largest first; ``href``
    (step code → URL) links each count to the steps behind it."""
    rows = []
    for step in steps:
        measured = step["measured"]
        outside = measured - step["within_norm"] if step["norm_minutes"] is not None else None
        share = outside / measured if measured and outside is not None else None
        rows.append({**step, "label": labels.get(step["code"], step["code"]), "share": share,
                     "outside_text": f"{thousands(outside)} ({percent(share)})" if share is not None else "—",
                     "measured_text": thousands(measured), "href": href(step["code"]) if href else "",
                     "bar": round(60 * share) if share else 0,
                     "norm_text": minutes_text(step["norm_minutes"]),
                     "median_text": minutes_text(step["median_minutes"]),
                     "p90_text": minutes_text(step["p90_minutes"])})
    rows.sort(key=lambda row: (row["share"] is None, -(row["share"] or 0), row["code"]))
    return rows


def step_labels(office: Office, on: date) -> dict[str, str]:
    """What each SOP step is called on a screen (applications' short labels), never its code."""
    return {code: str(label) for code, label in STEP_LABELS.items()}


def officer_table(office: Office, *, start: date, end: date, as_of: datetime) -> dict:
    rows = selectors.officer_kinerja(office, start=start, end=end, as_of=as_of)
    return {
        "officer_headings": [_("Petugas"), _("Langkah diukur"), _("Dalam norma"), _("Median"), _("Panggilan")],
        "officers": [{"cells": [row["name"] or "—", row["steps_measured"], row["steps_within_norm"],
                                minutes_text(row["median_minutes"]), row["calls"]],
                      "href": _step_href(office, start, end, officer=row["officer"]) if row["steps_measured"] else ""}
                     for row in rows],
    }


def _step_href(office: Office, start: date, end: date, *, step: str = "", officer: int | None = None) -> str:
    url = reverse("performance:step_rows", args=[office.code])
    query = f"?dari={start.isoformat()}&sampai={end.isoformat()}"
    return url + query + (f"&langkah={step}" if step else "") + (f"&petugas={officer}" if officer else "")


def step_norms(office: Office, on: date) -> list[tuple[str, int]]:
    """The issuance SOP steps in force at the office on ``on`` with their norms (minutes)."""
    return selectors.office_settings([office], on=on)[office.pk].norms


def officer_name(pk: int) -> str:
    user = get_user_model().objects.filter(pk=pk).first()
    return (user.get_full_name() or user.get_username()) if user else "—"


def step_row_list(office: Office, *, step: str | None, officer: int | None, start: date, end: date,
                  as_of: datetime) -> list[dict]:
    """The measured steps behind a step or officer figure, in office time, each linked to its application."""
    rows = selectors.step_applications(office, step=step, officer=officer, start=start, end=end, as_of=as_of)
    labels = step_labels(office, end)
    names = {user.pk: user.get_full_name() or user.get_username()
             for user in get_user_model().objects.filter(pk__in={row["officer"] for row in rows if row["officer"]})}
    return [{**row, "href": reverse("applications:detail", args=[office.code, row["number"]]),
             "label": labels.get(row["code"], row["code"]), "finished_local": office.localtime(row["finished"]),
             "minutes_text": minutes_text(float(rules.half_up(row["minutes"], 1))),
             "norm_text": minutes_text(row["norm_minutes"]),
             "officer_name": names.get(row["officer"], "—")} for row in rows]


def effectiveness_rows(rows: list[dict]) -> list[dict]:
    return [{**row, "value_text": value_text(row["code"], row["value"], row["unit"])} for row in rows]


def value_text(code: str, value, unit: str) -> str:
    """An indicator's value with its unit (selectors give percentages as 0–100, a change in points)."""
    if value is None:
        return "—"
    sign = "+" if code == "real_change" and value > 0 else ""
    return f"{sign}{decimal_text(value, 2)} {unit}"


STATUS_LABELS = {"met": _lazy("tepat waktu"), "late": _lazy("terlambat"), "open": _lazy("berjalan"),
                 "overdue": _lazy("lewat tenggat")}


def promise_row_list(office: Office, *, code: str, status: str | None, start: date, end: date,
                     as_of: datetime) -> list[dict]:
    """The applications behind a promise figure, in office time, each linked to its page."""
    rows = selectors.promise_applications(office, code=code, status=status, start=start, end=end, as_of=as_of)
    return [{**row, "href": reverse("applications:detail", args=[office.code, row["number"]]),
             "status_label": STATUS_LABELS.get(row["status"], row["status"]),
             "started_local": office.localtime(row["started"]), "due_local": office.localtime(row["due"]),
             "kept_local": office.localtime(row["kept"]) if row["kept"] else None} for row in rows]


# ----- the report card --------------------------------------------------------------------------

def report_card(office: Office, *, month: Month, as_of: datetime) -> dict:
    """One month's figures as the PDF and XLSX lay them out."""
    kinerja = selectors.office_kinerja(office, start=month.first, end=month.last, as_of=as_of)
    previous = selectors.office_kinerja(office, start=month.previous().first, end=month.previous().last, as_of=as_of)
    before = {row["code"]: row["on_time_rate"] for row in previous["promises"]}
    target = yearly_target(office, month.year)
    return {
        "office": office, "month": month, "month_label": month_label(month),
        "previous_label": month_label(month.previous()), "as_of_local": office.localtime(as_of),
        "promises": [{**row, "rate_text": percent(row["on_time_rate"]),
                      "previous": before.get(row["code"]), "previous_text": percent(before.get(row["code"])),
                      "trend": trend(row["on_time_rate"], before.get(row["code"]))} for row in kinerja["promises"]],
        "steps": bottlenecks(kinerja["steps"], step_labels(office, month.last)),
        "documents_issued": kinerja["documents_issued"], "yearly_target": target,
        "compensation": compensation_rows(office, kinerja["compensation"]),
        "complaints": complaint_rows(office, kinerja["complaints"]),
        "ikm": ikm_summary(kinerja["ikm"]),
        "effectiveness": effectiveness_rows(kinerja["effectiveness"]),
        "kinerja": kinerja,
    }


def trend(current: float | None, previous: float | None) -> str:
    if current is None or previous is None:
        return ""
    if current - previous >= TREND_STEP:
        return "up"
    if previous - current >= TREND_STEP:
        return "down"
    return "flat"


# ----- league tables ----------------------------------------------------------------------------

SORT_ALL = "semua"
# Column headings of the league tables (the full label is the heading's tooltip).
SHORT_LABELS = {"payment": _lazy("Bayar PNBP"), "allocation": _lazy("Alokasi"), "completion": _lazy("Selesai"),
                "pickup": _lazy("Diambil"), "biometric_wait": _lazy("Tunggu biometrik")}


def _league(current: dict, previous: dict, offices: dict[str, Office], month: Month, sort: str) -> dict:
    before = {row["office"]: row for row in previous["offices"]}
    rows = []
    for row in current["offices"]:
        office = offices[row["office"]]
        prior = before.get(row["office"], {"on_time_rate": None, "promises": []})
        prior_rates = {p["code"]: p["on_time_rate"] for p in prior["promises"]}
        cells = []
        for promise in row["promises"]:
            decided = promise["met"] + promise["late"] + promise["overdue"]
            cells.append({**promise, "decided": decided, "rate_text": percent(promise["on_time_rate"]),
                          "previous_text": percent(prior_rates.get(promise["code"])),
                          "trend": trend(promise["on_time_rate"], prior_rates.get(promise["code"]))})
        rows.append({"office": office, "rank": row["rank"], "rate": row["on_time_rate"],
                     "rate_text": percent(row["on_time_rate"]), "previous": prior["on_time_rate"],
                     "previous_text": percent(prior["on_time_rate"]),
                     "trend": trend(row["on_time_rate"], prior["on_time_rate"]), "cells": cells,
                     "documents": row["documents_issued"], "documents_text": thousands(row["documents_issued"]),
                     "href": reverse("performance:office", args=[office.code])
                     + f"?dari={month.first.isoformat()}&sampai={month.last.isoformat()}"})
    codes = [p["code"] for p in current["promises"]]
    if sort in codes:
        # Rank by one promise: the same standard competition ranking, on that promise's rate.
        ranking = rules.ranks({r["office"].code: next(c["on_time_rate"] for c in r["cells"] if c["code"] == sort)
                               for r in rows})
        for r in rows:
            r["rank"] = ranking[r["office"].code]
        rows.sort(key=lambda r: (r["rank"] is None, r["rank"] or 0, r["office"].code))
    for promise_index in range(len(codes)):
        ranking = rules.ranks({r["office"].code: r["cells"][promise_index]["on_time_rate"] for r in rows})
        for r in rows:
            r["cells"][promise_index]["rank"] = ranking[r["office"].code]
    counts = [rules.PromiseCount(p["code"], p["met"], p["late"], p["open"], p["overdue"]) for p in current["promises"]]
    totals = {
        "rate": current["on_time_rate"], "rate_text": percent(current["on_time_rate"]),
        "met": thousands(sum(c.met for c in counts)), "decided": thousands(sum(c.decided for c in counts)),
        "documents": current["documents_issued"], "documents_text": thousands(current["documents_issued"]),
        "promises": [{**p, "decided": p["met"] + p["late"] + p["overdue"], "rate_text": percent(p["on_time_rate"]),
                      "met_text": thousands(p["met"]), "decided_text": thousands(p["met"] + p["late"] + p["overdue"])}
                     for p in current["promises"]],
    }
    return {
        "month": month, "month_label": month_label(month), "previous_label": month_label(month.previous()),
        "rows": rows, "totals": totals, "kinerja": current,
        "promise_columns": [{"code": code, "label": promise_label(code), "short": SHORT_LABELS.get(code, code)}
                            for code in codes],
        "sort": sort if sort in codes else SORT_ALL,
        "sort_choices": [(SORT_ALL, _("Semua janji")), *((code, promise_label(code)) for code in codes)],
    }


def kanwil_league(kanwil: Kanwil, *, month: Month, as_of: datetime, sort: str = SORT_ALL) -> dict:
    current = selectors.kanwil_kinerja(kanwil, start=month.first, end=month.last, as_of=as_of)
    previous = selectors.kanwil_kinerja(kanwil, start=month.previous().first, end=month.previous().last, as_of=as_of)
    offices = {office.code: office for office in selectors.kanwil_offices(kanwil)}
    return _league(current, previous, offices, month, sort)


def national_league(*, month: Month, as_of: datetime, sort: str = SORT_ALL) -> dict:
    current = selectors.national_kinerja(start=month.first, end=month.last, as_of=as_of)
    previous = selectors.national_kinerja(start=month.previous().first, end=month.previous().last, as_of=as_of)
    offices = {office.code: office for office in Office.objects.select_related("kanwil")}
    context = _league(current, previous, offices, month, sort)
    for row in context["rows"]:
        row["kanwil_href"] = reverse("performance:kanwil", args=[row["office"].kanwil.code])
    return context


# ----- the public card --------------------------------------------------------------------------

def public_card(office: Office, *, as_of: datetime) -> dict:
    """Last full month's aggregates for the public standards page: rates and counts only, no names,
    numbers or any row of an applicant."""
    month = Month.of(office.local_date(as_of)).previous()
    kinerja = selectors.office_kinerja(office, start=month.first, end=month.last, as_of=as_of)
    promises = [{"code": p["code"], "label": p["label"], "on_time_rate": p["on_time_rate"],
                 "rate_text": percent(p["on_time_rate"]), "met": thousands(p["met"]),
                 "decided": thousands(p["met"] + p["late"] + p["overdue"])} for p in kinerja["promises"]]
    complaints = kinerja["complaints"]
    received = complaints.get("received") or 0
    return {
        "month_label": month_label(month), "promises": promises,
        "ikm_text": decimal_text(kinerja["ikm"].get("index")),
        "complaints_received": thousands(received),
        "complaints_resolved": thousands(max(received - (complaints.get("open") or 0), 0)),
        "documents_text": thousands(kinerja["documents_issued"]),
    }
