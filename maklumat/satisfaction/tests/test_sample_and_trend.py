"""Small samples say so, and the trend leaves gaps for empty periods instead of bridging them."""

import re
from datetime import date

import pytest

from maklumat.satisfaction.charts import trend_line
from maklumat.satisfaction.models import Channel, ServedPopulation, SurveyResponse
from maklumat.satisfaction.periods import period_parse
from maklumat.satisfaction.rules import ELEMENTS
from maklumat.satisfaction.selectors import ikm_index
from maklumat.satisfaction.tests.factories import make_response

SHORT = ("Sampel belum memenuhi. 277 responden, kurang 1 dari sampel minimum 278 (Krejcie–Morgan, populasi 1000). "
         "Indeks ini belum mewakili penerima layanan periode ini.")
MET = "Sampel memenuhi: 278 responden, sampel minimum 278 (Krejcie–Morgan, populasi 1000)."
UNKNOWN = ("Kecukupan sampel tidak dapat dinilai. Populasi penerima layanan periode ini belum diketahui (tidak ada "
           "permohonan diserahkan dan populasi belum dimasukkan); 2 responden tidak dapat dibandingkan dengan sampel "
           "minimum Krejcie–Morgan.")


def _responses(office, count: int, day: date = date(2025, 2, 3)) -> None:
    SurveyResponse.objects.bulk_create([
        SurveyResponse(office=office, submitted_on=day, channel=Channel.WEB, **dict.fromkeys(ELEMENTS, 4))
        for _ in range(count)])


def _text(html: str) -> str:
    """The visible text of the sample notice, tags removed and spaces collapsed."""
    match = re.search(r'<p class="[^"]*\bsample\b[^"]*"[^>]*>(.*?)</p>', html, re.S)
    assert match, "no sample notice on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", match[1]).split()).replace(" .", ".")


@pytest.mark.parametrize(("count", "status", "text"), [(277, "short", SHORT), (278, "met", MET)])
def test_the_dashboard_says_whether_the_sample_is_met_at_the_boundary(client_of, kasubsi, blitar, count, status,
                                                                      text):
    # given 1,000 served in 2025 (sample 278) and count respondents
    ServedPopulation.objects.create(office=blitar, period_key="2025", population=1000)
    _responses(blitar, count)
    assert ikm_index(blitar, period_parse("2025")).sample_status == status
    # when the Kasubsi opens the dashboard
    html = client_of(kasubsi).get("/kantor/blitar/ikm/?periode=2025").content.decode()
    # then the notice says exactly that
    assert _text(html) == text
    assert ("sampel memenuhi" in html) == (status == "met")


def test_two_responses_without_a_known_population_never_show_sample_met(client_of, kasubsi, blitar):
    # given two responses and no handover or entered population (the old page said "sampel memenuhi")
    make_response(blitar, date(2025, 2, 3))
    make_response(blitar, date(2025, 2, 4))
    index = ikm_index(blitar, period_parse("2025"))
    assert (index.population, index.sample_needed, index.sample_status, index.sample_met) == (0, 0, "unknown", False)
    html = client_of(kasubsi).get("/kantor/blitar/ikm/?periode=2025").content.decode()
    assert _text(html) == UNKNOWN
    assert "sampel memenuhi" not in html.lower()
    assert "populasi belum diketahui" in html


def test_the_api_reports_the_sample_status(client_of, kasubsi, blitar):
    make_response(blitar, date(2025, 2, 3))
    make_response(blitar, date(2025, 2, 4))
    body = client_of(kasubsi).get("/api/v1/offices/blitar/ikm?period=2025").json()
    assert (body["sample_met"], body["sample_status"]) == (False, "unknown")


def test_the_report_xlsx_and_pdf_state_the_sample(client_of, kasubsi, blitar):
    import io

    from openpyxl import load_workbook

    ServedPopulation.objects.create(office=blitar, period_key="2025", population=1000)
    make_response(blitar, date(2025, 2, 3))
    client = client_of(kasubsi)
    book = load_workbook(io.BytesIO(client.get("/kantor/blitar/ikm/laporan.xlsx?periode=2025").content))
    rows = {row[0]: row[1] for row in book["Ringkasan"].iter_rows(values_only=True) if row and row[0]}
    assert rows["Kecukupan sampel"] == "belum memenuhi (responden kurang dari sampel minimum)"
    assert client.get("/kantor/blitar/ikm/laporan.pdf?periode=2025").status_code == 200


# ---- the trend -----------------------------------------------------------------------------


def _polylines(svg: str) -> list[int]:
    """The number of points of each drawn trend line."""
    return [len(points.split()) for points in re.findall(r'<polyline class="trend" points="([^"]*)"', svg)]


def test_an_empty_period_between_two_is_a_gap_not_a_line():
    svg = trend_line([("Q1", 80), ("Q2", None), ("Q3", 90)], "t")
    assert _polylines(svg) == []  # two lone points: nothing joins them across Q2
    assert svg.count("<circle") == 2 and svg.count('class="gap"') == 1


def test_runs_of_periods_with_data_are_joined_and_stop_at_the_gap():
    svg = trend_line([("Q1", 80), ("Q2", 82), ("Q3", None), ("Q4", 90), ("Q5", 91), ("Q6", 92)], "t")
    assert _polylines(svg) == [2, 3]


def test_the_target_line_is_not_bridged_either():
    svg = trend_line([("2021", 90), ("2022", None), ("2023", 95)], "t", targets=[3, None, 3.5])
    assert 'stroke="#777" stroke-width="2"' not in svg


def test_the_dashboard_trend_shows_an_empty_quarter_as_a_dash(client_of, kasubsi, blitar):
    # given answers in Q1 and Q3 of 2025, none in Q2
    make_response(blitar, date(2025, 2, 3))
    make_response(blitar, date(2025, 8, 5), (3, 3, 3, 3, 3, 3, 3, 3, 3))
    html = client_of(kasubsi).get("/kantor/blitar/ikm/?periode=2025").content.decode()
    table = re.search(r'<table class="table compact trend-table">(.*?)</table>', html, re.S)[1]
    q2 = re.search(r"<tr><td>Triwulan II 2025</td>(.*?)</tr>", table, re.S)[1]
    assert re.sub(r"<[^>]+>", "|", q2).replace("||", "|").strip("|").split("|") == ["0", "—", "—"]
    trend = html[html.index("Tren IKM per triwulan"):]
    assert _polylines(trend[:trend.index("</svg>")]) == []
