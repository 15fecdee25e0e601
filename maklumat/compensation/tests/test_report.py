"""The monthly compensation report: cases by condition and remedy, costs, outstanding remedies with
their age in working days; the same figures as Kinerja; HTML, PDF, XLSX and the rows behind each figure."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from maklumat.calendar.selectors import work_calendar_for
from maklumat.compensation import services
from maklumat.compensation.models import Claim, CompensationPolicy, Fulfilment, FulfilmentStatus, Remedy, SouvenirItem
from maklumat.compensation.report import monthly_report
from maklumat.compensation.rules.report import MonthError, cases_by_condition, month_days, parse_month
from maklumat.compensation.tests.fixtures import AFTER, application_with
from maklumat.performance import selectors as kinerja

WIB = ZoneInfo("Asia/Jakarta")
MAY_END = datetime(2025, 6, 2, 9, 0, tzinfo=WIB)  # a moment after the month
REPORT = "/kantor/blitar/kompensasi/laporan/"


# ----- the pure rules ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "problem"), [
    ("", "TTTT-BB"), ("Mei 2025", "TTTT-BB"), ("2025-13", "01 sampai 12"), ("1999-12", "sebelum 2000"),
    ("2025-07", "belum terjadi"),
])
def test_a_month_that_cannot_be_reported_is_refused_with_the_reason(text, problem):
    with pytest.raises(MonthError, match=problem):
        parse_month(text, today=date(2025, 6, 15))


def test_month_days_and_a_readable_month():
    assert parse_month("2025-5", today=date(2025, 6, 15)) == (2025, 5)
    assert month_days(2024, 2) == (date(2024, 2, 1), date(2024, 2, 29))


def test_cases_by_condition_counts_where_each_condition_held_in_the_policy_order():
    conditions = [{"code": "a", "conditions": [{"code": "a1"}, {"code": "a2"}]}, {"code": "b"}]
    decisions = [[{"code": "a", "held": True}, {"code": "a1", "held": True}, {"code": "a2", "held": False}],
                 [{"code": "a", "held": True}, {"code": "a2", "held": True}, {"code": "x", "held": True}]]
    assert cases_by_condition(conditions, decisions) == [("a", 0, 2), ("a1", 1, 1), ("a2", 1, 1), ("b", 0, 0)]


# ----- a month of compensation at Blitar -------------------------------------------------------

def _claim(blitar, yankomas, number: str, at: datetime) -> Claim:
    application = application_with(blitar, number, wait_minutes=121)
    claim = services.claim_record(actor=yankomas, application=application,
                                  policy=CompensationPolicy.objects.get(code="blitar-2025"), as_of=AFTER)
    Claim.objects.filter(pk=claim.pk).update(recorded_at=at)
    return claim


def _done_at(claim: Claim, remedy: str, at: datetime) -> None:
    Fulfilment.objects.filter(claim=claim, remedy=remedy).update(fulfilled_at=at)


@pytest.fixture
def may(blitar, yankomas):
    """Two claims in May 2025 (one fully given, with a souvenir at Rp 15.000 and a home delivery at
    Rp 25.000), one claim in April whose souvenir was given in May, one in June (not May's)."""
    item = SouvenirItem.objects.create(office=blitar, name="Gantungan kunci")
    services.souvenir_stock_receive(actor=yankomas, item=item, quantity=10, reason="", unit_cost=15_000)
    first = _claim(blitar, yankomas, "BLT-1", datetime(2025, 5, 8, 16, 0, tzinfo=WIB))
    for fulfil in (services.remedy_fulfil_apology,):
        fulfil(claim=first, actor=yankomas)
    services.remedy_fulfil_priority_service(claim=first, actor=yankomas, ticket_number="K-001")
    services.remedy_fulfil_souvenir(claim=first, actor=yankomas, item=item)
    for remedy in ("apology", "priority_service", "souvenir"):
        _done_at(first, remedy, datetime(2025, 5, 8, 16, 30, tzinfo=WIB))
    Fulfilment.objects.create(claim=first, remedy=Remedy.HOME_DELIVERY, status=FulfilmentStatus.DONE,
                              fulfilled_at=datetime(2025, 5, 20, 10, 0, tzinfo=WIB), courier="Pos Indonesia",
                              courier_cost=25_000)
    second = _claim(blitar, yankomas, "BLT-2", datetime(2025, 5, 30, 15, 0, tzinfo=WIB))
    april = _claim(blitar, yankomas, "BLT-3", datetime(2025, 4, 30, 15, 0, tzinfo=WIB))
    services.remedy_fulfil_souvenir(claim=april, actor=yankomas, item=item)
    _done_at(april, "souvenir", datetime(2025, 5, 2, 9, 0, tzinfo=WIB))
    june = _claim(blitar, yankomas, "BLT-4", datetime(2025, 6, 2, 8, 0, tzinfo=WIB))
    return {"first": first, "second": second, "april": april, "june": june, "item": item}


def test_the_report_counts_agree_with_kinerja_for_the_month(blitar, may):
    report = monthly_report(blitar, year=2025, month=5, as_of=MAY_END)
    figures = kinerja.office_kinerja(blitar, start=date(2025, 5, 1), end=date(2025, 5, 31),
                                     as_of=MAY_END)["compensation"]
    assert (report.counts.claimed, report.counts.fulfilled, report.counts.outstanding, report.total_cost) == (
        figures["claimed"], figures["fulfilled"], figures["outstanding"], figures["cost"])
    # May: 2 claims; 5 remedies given (BLT-1's four, BLT-3's souvenir); BLT-2's three and BLT-3's two open.
    assert (report.counts.claimed, report.counts.fulfilled, report.counts.outstanding) == (2, 5, 5)
    assert report.total_cost == 15_000 * 2 + 25_000


def test_cases_by_condition_use_the_policys_labels(blitar, may):
    report = monthly_report(blitar, year=2025, month=5, as_of=MAY_END)
    [policy] = report.policies
    assert policy.claims == 2
    rows = {row.code: (row.label, row.cases) for row in policy.conditions}
    assert rows["b_wait_over_2h"] == ("Menunggu lebih dari 2 jam untuk foto dan sidik jari", 2)
    assert [row.code for row in policy.conditions][0] == "a_service_new_or_replacement"


def test_remedies_costs_and_outstanding_with_their_age_in_working_days(blitar, may):
    report = monthly_report(blitar, year=2025, month=5, as_of=MAY_END)
    assert [(r.code, r.owed, r.given, r.outstanding) for r in report.remedies] == [
        ("apology", 2, 1, 2), ("priority_service", 2, 1, 2), ("souvenir", 2, 2, 1), ("home_delivery", 1, 1, 0)]
    assert [(s.name, s.given, s.cost, s.priced) for s in report.souvenirs] == [("Gantungan kunci", 2, 30_000, True)]
    assert (report.deliveries, report.delivery_cost, report.deliveries_unpriced) == (1, 25_000, 0)
    calendar = work_calendar_for(blitar)
    ages = {(row.fulfilment.claim.application.number, row.fulfilment.remedy): row.age for row in report.outstanding}
    assert ages[("BLT-3", "apology")] == calendar.working_days_between(date(2025, 4, 30), date(2025, 5, 31))
    assert ages[("BLT-2", "souvenir")] == calendar.working_days_between(date(2025, 5, 30), date(2025, 5, 31)) == 0
    assert len(ages) == 5 and ("BLT-4", "apology") not in ages


def test_a_delivery_without_courier_cost_leaves_the_total_unknown_as_kinerja_does(blitar, may):
    Fulfilment.objects.filter(remedy=Remedy.HOME_DELIVERY).update(courier_cost=None)
    report = monthly_report(blitar, year=2025, month=5, as_of=MAY_END)
    assert report.total_cost is None and report.deliveries_unpriced == 1
    assert kinerja.office_kinerja(blitar, start=date(2025, 5, 1), end=date(2025, 5, 31),
                                  as_of=MAY_END)["compensation"]["cost"] is None


def test_the_report_makes_the_same_number_of_queries_with_three_times_the_claims(blitar, yankomas, may):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            monthly_report(blitar, year=2025, month=5, as_of=MAY_END)
        return len(queries.captured_queries)

    small = count()
    for i in range(4):
        claim = _claim(blitar, yankomas, f"BLT-MORE-{i}", datetime(2025, 5, 12 + i, 10, 0, tzinfo=WIB))
        services.remedy_fulfil_souvenir(claim=claim, actor=yankomas, item=may["item"])
        _done_at(claim, "souvenir", datetime(2025, 5, 12 + i, 10, 30, tzinfo=WIB))
    assert count() == small


# ----- the pages -------------------------------------------------------------------------------

def test_the_page_links_every_figure_to_its_rows(client_of, kasubsi, may):
    page = client_of(kasubsi).get(REPORT, {"bulan": "2025-05"}).content.decode()
    rows = "/kantor/blitar/kompensasi/laporan/rincian/?bulan=2025-05&amp;set="
    assert f'<a href="{rows}claims">2</a>' in page
    assert f'<a href="{rows}given">5</a>' in page
    assert "Rp 55.000" in page and "Menunggu lebih dari 2 jam untuk foto dan sidik jari" in page
    assert f'{rows}claims&amp;kebijakan=blitar-2025&amp;kondisi=b_wait_over_2h">2</a>' in page
    assert f'{rows}souvenirs&amp;suvenir={may["item"].pk}">2</a>' in page


def test_the_rows_behind_a_condition_and_a_remedy(client_of, kasubsi, may):
    client = client_of(kasubsi)
    claims = client.get(REPORT + "rincian/", {"bulan": "2025-05", "set": "claims", "kebijakan": "blitar-2025",
                                               "kondisi": "b_wait_over_2h"}).content.decode()
    assert "BLT-1" in claims and "BLT-2" in claims and "BLT-3" not in claims and "2 baris" in claims
    assert "Syarat yang terpenuhi: <strong>Menunggu lebih dari 2 jam untuk foto dan sidik jari</strong>" in claims
    open_souvenirs = client.get(REPORT + "rincian/", {"bulan": "2025-05", "set": "outstanding",
                                                       "bentuk": "souvenir"}).content.decode()
    assert "BLT-2" in open_souvenirs and "BLT-1" not in open_souvenirs and "1 baris" in open_souvenirs


def test_bad_month_and_unknown_rows_are_named_not_a_500(client_of, kasubsi, may):
    client = client_of(kasubsi)
    page = client.get(REPORT, {"bulan": "2025-13"})
    assert page.status_code == 200 and "bulan harus 01 sampai 12" in page.content.decode()
    rows = client.get(REPORT + "rincian/", {"set": "<script>", "bentuk": "gold"})
    assert rows.status_code == 200 and "Rincian tidak dikenal" in rows.content.decode()
    huge = client.get(REPORT + "rincian/", {"bulan": "2025-05", "set": "souvenirs", "suvenir": "9" * 30})
    assert huge.status_code == 200 and "2 baris" in huge.content.decode()


def test_pdf_and_xlsx_carry_the_same_figures(client_of, kasubsi, may):
    client = client_of(kasubsi)
    pdf = client.get("/kantor/blitar/kompensasi/laporan.pdf", {"bulan": "2025-05"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    xlsx = client.get("/kantor/blitar/kompensasi/laporan.xlsx", {"bulan": "2025-05"})
    book = load_workbook(io.BytesIO(xlsx.content))
    summary = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(values_only=True) if row and row[0]}
    assert (summary["Klaim dicatat"], summary["Kompensasi diberikan"], summary["Belum diberikan"],
            summary["Biaya (Rp)"]) == (2, 5, 5, 55_000)
    outstanding = list(book["Belum diberikan"].iter_rows(min_row=2, values_only=True))
    assert len(outstanding) == 5 and outstanding[0][0] == "BLT-3"


def test_english_reader_gets_the_english_condition_labels(client_of, kasubsi, may):
    client = client_of(kasubsi)
    client.cookies["django_language"] = "en"
    page = client.get(REPORT, {"bulan": "2025-05"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Waited more than 2 hours for photo and fingerprints" in page


def test_kasubsi_sees_the_menu_entry_the_counter_does_not(client_of, kasubsi, officer):
    assert REPORT in client_of(kasubsi).get("/dasbor/").content.decode()
    assert REPORT not in client_of(officer).get("/dasbor/").content.decode()


def test_moment_is_cut_at_as_of_for_the_running_month(blitar, may):
    report = monthly_report(blitar, year=2025, month=5, as_of=datetime(2025, 5, 9, 8, 0, tzinfo=WIB))
    assert report.running and report.on == date(2025, 5, 9)
    assert report.counts.claimed == 1 and report.moment == datetime(2025, 5, 9, 8, 0, tzinfo=WIB)
    assert timedelta(0) < report.moment - report.lower
