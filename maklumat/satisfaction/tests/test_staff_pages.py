"""Staff pages: dashboard, targets, report (HTML/PDF/XLSX), suggestions; roles and scoping."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from maklumat.audit.models import AuditEntry
from maklumat.satisfaction.models import FollowUpPlan, IkmTarget, ServedPopulation, SurveyResponse
from maklumat.satisfaction.tests.factories import make_response

PAGES = ["/kantor/blitar/ikm/", "/kantor/blitar/ikm/target/", "/kantor/blitar/ikm/laporan/",
         "/kantor/blitar/ikm/laporan.pdf", "/kantor/blitar/ikm/laporan.xlsx", "/kantor/blitar/ikm/saran/"]


@pytest.fixture
def answered(blitar):
    make_response(blitar, date(2025, 2, 3), (4, 4, 3, 4, 4, 4, 4, 3, 4), suggestion="Ruang tunggu panas.")
    make_response(blitar, date(2025, 8, 5), (3, 3, 2, 4, 3, 4, 4, 2, 3), age_group="30-39", sex="l")
    return blitar


@pytest.mark.parametrize("path", PAGES)
def test_outsider_gets_404_on_every_page(client_of, outsider, answered, path):
    assert client_of(outsider).get(path + "?periode=2025").status_code == 404


@pytest.mark.parametrize("path", PAGES)
def test_a_counter_officer_may_not_read_the_index(client_of, officer, answered, path):
    assert client_of(officer).get(path + "?periode=2025").status_code == 403


@pytest.mark.parametrize("path", PAGES)
def test_the_kanwil_supervisor_reads_every_page(client_of, supervisor, answered, path):
    assert client_of(supervisor).get(path + "?periode=2025").status_code == 200


def test_anonymous_is_sent_to_login(client, answered):
    response = client.get("/kantor/blitar/ikm/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_dashboard_shows_index_grade_sample_and_weakest(client_of, kasubsi, answered):
    ServedPopulation.objects.create(office=answered, period_key="2025", population=1000)
    html = client_of(kasubsi).get("/kantor/blitar/ikm/?periode=2025").content.decode()
    # IKM = (34 + 28) / 18 = 3.4444… → converted 86.11, interval 3.4444, grade B; sample 278 for N = 1,000
    assert "86,11" in html and "3,4444" in html and "Baik" in html
    assert "/ 278" in html and "sampel kurang" in html
    assert "terlemah" in html and "<svg" in html and "Triwulan III 2025" in html


def test_unknown_period_is_400_naming_the_field(client_of, kasubsi, answered):
    response = client_of(kasubsi).get("/kantor/blitar/ikm/?periode=2025-Q9")
    assert response.status_code == 400 and "periode" in response.content.decode()


def test_kasubsi_sets_a_target_with_an_audit_entry(client_of, kasubsi, blitar):
    response = client_of(kasubsi).post("/kantor/blitar/ikm/target/", {"year": 2022, "target": "3.20",
                                                                     "realised_entered": "3.88", "source": "LKjIP"})
    assert response.status_code == 302
    target = IkmTarget.objects.get(office=blitar, year=2022)
    assert (target.target, target.realised_entered) == (Decimal("3.20"), Decimal("3.88"))
    assert AuditEntry.objects.get(action="ikm_target.set").after["target"] == "3.20"
    html = client_of(kasubsi).get("/kantor/blitar/ikm/target/").content.decode()
    assert "121,25" in html


def test_a_supervisor_cannot_set_targets(client_of, supervisor, blitar):
    response = client_of(supervisor).post("/kantor/blitar/ikm/target/", {"year": 2022, "target": "3.20"})
    assert response.status_code == 403
    assert IkmTarget.objects.count() == 0


def test_a_target_outside_the_scale_is_refused(client_of, kasubsi, blitar):
    response = client_of(kasubsi).post("/kantor/blitar/ikm/target/", {"year": 2022, "target": "4.5"})
    assert response.status_code == 200
    assert IkmTarget.objects.count() == 0


def test_follow_up_plan_is_saved_and_audited_with_before_and_after(client_of, kasubsi, answered):
    client = client_of(kasubsi)
    client.post("/kantor/blitar/ikm/laporan/tindak-lanjut/?periode=2025", {"text": "Tambah kipas angin."})
    client.post("/kantor/blitar/ikm/laporan/tindak-lanjut/?periode=2025", {"text": "Tambah petugas prioritas."})
    assert FollowUpPlan.objects.get(office=answered, period_key="2025").text == "Tambah petugas prioritas."
    last = AuditEntry.objects.filter(action="ikm_follow_up.save").order_by("id").last()
    assert (last.before, last.after) == ({"text": "Tambah kipas angin."}, {"text": "Tambah petugas prioritas."})
    assert "Tambah petugas prioritas." in client.get("/kantor/blitar/ikm/laporan/?periode=2025").content.decode()


def test_a_supervisor_cannot_write_the_follow_up_plan(client_of, supervisor, answered):
    response = client_of(supervisor).post("/kantor/blitar/ikm/laporan/tindak-lanjut/?periode=2025", {"text": "x"})
    assert response.status_code == 403
    assert FollowUpPlan.objects.count() == 0


def test_entered_population_is_used_by_the_report(client_of, kasubsi, answered):
    client_of(kasubsi).post("/kantor/blitar/ikm/laporan/populasi/?periode=2025", {"population": "500"})
    html = client_of(kasubsi).get("/kantor/blitar/ikm/laporan/?periode=2025").content.decode()
    assert "Populasi: 500 · sampel minimum: 217 · responden: 2" in html


def test_report_pdf_is_a_pdf_named_for_office_and_period(client_of, kasubsi, answered):
    response = client_of(kasubsi).get("/kantor/blitar/ikm/laporan.pdf?periode=2025-S2")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="ikm-blitar-2025-S2.pdf"' in response["Content-Disposition"]


def test_report_xlsx_holds_the_nrr_table_and_the_answers(client_of, kasubsi, answered):
    response = client_of(kasubsi).get("/kantor/blitar/ikm/laporan.xlsx?periode=2025")
    book = load_workbook(io.BytesIO(response.content))
    summary = {row[1]: row[3] for row in book["Ringkasan"].iter_rows(values_only=True) if len(row) > 3}
    assert summary["IKM (nilai konversi)"] == 86.11
    assert summary["Mutu pelayanan"] == "B (Baik)"
    assert book["Jawaban"].max_row == 3  # header + two responses


def test_marking_a_suggestion_as_complaint_hands_it_off(client_of, kasubsi, answered):
    from maklumat.satisfaction.selectors import suggestions_marked_as_complaints

    row = SurveyResponse.objects.get(suggestion="Ruang tunggu panas.")
    response = client_of(kasubsi).post(f"/kantor/blitar/ikm/saran/{row.pk}/pengaduan/")
    assert response.status_code == 302
    assert list(suggestions_marked_as_complaints(answered, since=date(2020, 1, 1))) == [row]
    assert AuditEntry.objects.filter(action="ikm_suggestion.mark_complaint", object_id=str(row.pk)).count() == 1


def test_outsider_cannot_mark_a_suggestion(client_of, outsider, answered):
    row = SurveyResponse.objects.get(suggestion="Ruang tunggu panas.")
    assert client_of(outsider).post(f"/kantor/blitar/ikm/saran/{row.pk}/pengaduan/").status_code == 404
    row.refresh_from_db()
    assert not row.marked_as_complaint


def test_a_response_of_another_office_cannot_be_marked_through_this_office(client_of, kasubsi, answered, balikpapan):
    foreign = make_response(balikpapan, date(2025, 2, 3), suggestion="x")
    assert client_of(kasubsi).post(f"/kantor/blitar/ikm/saran/{foreign.pk}/pengaduan/").status_code == 404


def test_a_year_before_the_first_response_shows_its_entered_achievement(client_of, kasubsi, answered):
    IkmTarget.objects.create(office=answered, year=2021, target=Decimal("3.15"), realised_entered=Decimal("3.97"))
    response = client_of(kasubsi).get("/kantor/blitar/ikm/?periode=2021")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Belum ada jawaban survei pada periode ini." in html and "126,03" in html


@pytest.mark.parametrize("key", ["2025-S2", "2025-Q3", "2025-08"])
def test_dashboard_and_report_work_for_every_kind_of_period(client_of, kasubsi, answered, key):
    client = client_of(kasubsi)
    for path in ("/kantor/blitar/ikm/", "/kantor/blitar/ikm/laporan/", "/kantor/blitar/ikm/laporan.pdf"):
        assert client.get(f"{path}?periode={key}").status_code == 200
    # the August response alone: (3+3+2+4+3+4+4+2+3)/9 = 28/9 → 77.78
    assert "77,78" in client.get(f"/kantor/blitar/ikm/?periode={key}").content.decode()
