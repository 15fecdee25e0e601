"""Bad input never 500s: every entry answers 4xx (or the CLI's exit 2) naming the field."""

import json
import subprocess
import sys

import pytest
from django.core.exceptions import ValidationError

from maklumat.satisfaction.models import Channel, IkmTarget, ServedPopulation, SurveyResponse
from maklumat.satisfaction.services import (
    follow_up_plan_save,
    ikm_target_set,
    served_population_set,
    survey_response_submit,
)
from maklumat.satisfaction.tests.factories import invite

ANSWERS = {f"u{n}": 4 for n in range(1, 10)}
STAFF_PAGES = ["/kantor/blitar/ikm/", "/kantor/blitar/ikm/laporan/", "/kantor/blitar/ikm/laporan.pdf",
               "/kantor/blitar/ikm/laporan.xlsx", "/kantor/blitar/ikm/saran/"]


@pytest.mark.parametrize("path", STAFF_PAGES)
@pytest.mark.parametrize("query", ["periode=9999", "periode=2025-Q9", "periode=0000", "periode=2025%00",
                                   "periode=" + "2" * 5000])
def test_an_unreadable_period_is_400_naming_the_field_on_every_page(client_of, kasubsi, blitar, path, query):
    response = client_of(kasubsi).get(f"{path}?{query}")
    assert response.status_code == 400
    assert "Parameter “periode” tidak dapat dibaca." in response.content.decode()


@pytest.mark.parametrize("layanan", ["%00", "tidak-ada", "x" * 500])
def test_an_unreadable_service_is_400_naming_the_field(client_of, kasubsi, blitar, layanan):
    response = client_of(kasubsi).get(f"/kantor/blitar/ikm/?periode=2025&layanan={layanan}")
    assert response.status_code == 400
    assert "Parameter “layanan” tidak dapat dibaca." in response.content.decode()


@pytest.mark.parametrize(("query", "field"), [("period=9999", "period"), ("period=2025-Q9", "period"),
                                              ("period=2025%00", "period"), ("period=2025&service=%00", "service"),
                                              ("period=2025&service=zzz", "service")])
def test_the_index_api_answers_422_naming_the_field(client_of, kasubsi, blitar, query, field):
    response = client_of(kasubsi).get(f"/api/v1/offices/blitar/ikm?{query}")
    assert response.status_code == 422
    assert response.json()["detail"].startswith(f"{field}: ")


def _submit(client, token, body):
    return client.post(f"/api/v1/survei/{token}", json.dumps(body), content_type="application/json")


def test_a_nul_byte_in_the_suggestion_is_422_and_keeps_the_token(client, blitar):
    invitation = invite(blitar, Channel.QR)
    response = _submit(client, invitation.token, {**ANSWERS, "suggestion": "panas\x00sekali"})
    assert response.status_code == 422
    assert response.json()["detail"] == "suggestion: Teks mengandung karakter NUL."
    invitation.refresh_from_db()
    assert not invitation.is_used and SurveyResponse.objects.count() == 0


def test_an_over_long_suggestion_is_422(client, blitar):
    invitation = invite(blitar, Channel.QR)
    response = _submit(client, invitation.token, {**ANSWERS, "suggestion": "x" * 2001})
    assert response.status_code == 422 and SurveyResponse.objects.count() == 0


def test_the_service_refuses_an_over_long_suggestion_naming_the_field(blitar):
    invitation = invite(blitar, Channel.QR)
    with pytest.raises(ValidationError) as refused:
        survey_response_submit(token=invitation.token, answers=ANSWERS, suggestion="x" * 2001)
    assert refused.value.message_dict == {"suggestion": ["Teks terlalu panjang (paling banyak 2000 karakter)."]}


def test_the_service_refuses_an_answer_outside_one_to_four_naming_the_element(blitar):
    invitation = invite(blitar, Channel.QR)
    with pytest.raises(ValidationError) as refused:
        survey_response_submit(token=invitation.token, answers={**ANSWERS, "u3": 7, "u9": "x"})
    assert refused.value.message_dict == {"u3": ["Jawaban harus bilangan bulat 1–4."],
                                          "u9": ["Jawaban harus bilangan bulat 1–4."]}


def test_the_service_refuses_an_unknown_profile_choice(blitar):
    invitation = invite(blitar, Channel.QR)
    with pytest.raises(ValidationError) as refused:
        survey_response_submit(token=invitation.token, answers=ANSWERS, profile={"sex": "x"})
    assert list(refused.value.message_dict) == ["sex"]


@pytest.mark.parametrize("token", ["ABC%00DEF", "x" * 300, "ABC-DEF!"])
def test_a_malformed_token_is_404_on_page_api_and_qr(client, reference_data, token):
    assert client.get(f"/survei/{token}/").status_code == 404
    assert client.get(f"/survei/{token}/qr.svg").status_code == 404
    assert _submit(client, token, ANSWERS).status_code == 404
    assert client.get(f"/api/v1/survei/{token}/qr.png").status_code == 404


def test_a_nul_byte_in_the_typed_code_is_a_form_error(client, reference_data):
    response = client.get("/survei/?kode=AB%00CD")
    assert response.status_code == 200 and response.context["form"].errors["kode"]


def test_a_nul_byte_in_the_invitation_reference_is_a_form_error(client_of, officer, blitar):
    response = client_of(officer).post("/kantor/blitar/ikm/kios/", {"reference": "A-\x00017"})
    assert response.status_code == 200 and response.context["form"].errors["reference"]


def test_a_year_overflow_target_is_refused_naming_the_field(client_of, kasubsi, blitar):
    response = client_of(kasubsi).post("/kantor/blitar/ikm/target/", {"year": "99999", "target": "3.2"})
    assert response.status_code == 200 and "year" in response.context["form"].errors
    with pytest.raises(ValidationError) as refused:
        ikm_target_set(actor=kasubsi, office=blitar, year=9999, target=3)
    assert refused.value.message_dict == {"year": ["Tahun harus antara 2000 dan 2100."]}
    assert IkmTarget.objects.count() == 0


def test_a_population_overflow_is_refused_naming_the_field(client_of, kasubsi, blitar):
    response = client_of(kasubsi).post("/kantor/blitar/ikm/laporan/populasi/?periode=2025",
                                       {"population": "99999999999"}, follow=True)
    assert response.status_code == 200 and ServedPopulation.objects.count() == 0
    with pytest.raises(ValidationError) as refused:
        served_population_set(actor=kasubsi, office=blitar, period_key="2025", population=99_999_999_999)
    assert list(refused.value.message_dict) == ["population"]


def test_a_plan_with_a_nul_byte_or_a_bad_period_is_refused_naming_the_field(kasubsi, blitar):
    with pytest.raises(ValidationError) as nul:
        follow_up_plan_save(actor=kasubsi, office=blitar, period_key="2025", text="a\x00b")
    with pytest.raises(ValidationError) as period:
        follow_up_plan_save(actor=kasubsi, office=blitar, period_key="9999", text="ok")
    assert (list(nul.value.message_dict), list(period.value.message_dict)) == (["text"], ["periode"])


# ---- the CLI ---------------------------------------------------------------------------------


def run_cli(tmp_path, text: str, *extra: str) -> subprocess.CompletedProcess:
    path = tmp_path / "jawaban.csv"
    path.write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "maklumat", "ikm", "compute", "--input", str(path), *extra],
                          capture_output=True, text=True, timeout=60)


HEADER = "tanggal,u1,u2,u3,u4,u5,u6,u7,u8,u9\n"


def test_absurd_dates_in_the_csv_are_reported_per_row(tmp_path):
    text = HEADER + ("2025-02-01,4,4,4,4,4,4,4,4,4\n9999-12-31,4,4,4,4,4,4,4,4,4\n"
                     "2025-02-30,3,3,3,3,3,3,3,3,3\n0001-01-01,3,3,3,3,3,3,3,3,3\n,3,3,3,3,3,3,3,3,3\n")
    done = run_cli(tmp_path, text)
    assert (done.returncode, done.stdout) == (2, "")
    lines = done.stderr.splitlines()
    assert lines[0].startswith("row 3: tanggal: 9999-12-31 is outside 2000-01-01 … ")
    assert lines[1:] == ["row 4: tanggal: '2025-02-30' is not a date (YYYY-MM-DD)",
                         lines[2], "row 6: tanggal: empty, expected a date YYYY-MM-DD"]
    assert lines[2].startswith("row 5: tanggal: 0001-01-01 is outside 2000-01-01 … ")


@pytest.mark.parametrize(("period", "message"), [
    ("9999", "period: unknown period '9999': the year must lie between 2000 and 2100"),
    ("2025-Q9", "period: unknown period '2025-Q9': use 2024, 2024-S1, 2024-Q3 or 2024-07"),
])
def test_an_unreadable_period_option_is_bad_input(tmp_path, period, message):
    done = run_cli(tmp_path, HEADER + "2025-02-01,4,4,4,4,4,4,4,4,4\n", "--period", period)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", message + "\n")


def test_the_period_option_counts_only_rows_dated_in_it(tmp_path):
    text = HEADER + "2025-02-01,4,4,4,4,4,4,4,4,4\n01/04/2025,1,1,1,1,1,1,1,1,1\n"
    done = run_cli(tmp_path, text, "--period", "2025-Q1")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["respondents"] == 1


def test_the_period_option_needs_a_date_column(tmp_path):
    done = run_cli(tmp_path, "u1,u2,u3,u4,u5,u6,u7,u8,u9\n4,4,4,4,4,4,4,4,4\n", "--period", "2025")
    assert (done.returncode, done.stderr) == (2, "row 1: tanggal: missing column, needed with --period\n")


def test_an_absurd_population_is_bad_input(tmp_path):
    done = run_cli(tmp_path, "u1,u2,u3,u4,u5,u6,u7,u8,u9\n4,4,4,4,4,4,4,4,4\n", "--population", "99999999999")
    assert (done.returncode, done.stdout, done.stderr) == (2, "", "population: 99999999999 is more than 10000000\n")


@pytest.mark.parametrize(("query", "detail"), [
    ("periode=9999", "Tahun periode harus antara 2000 dan 2100."),
    ("periode=2025-Q9", "Periode “2025-Q9” tidak dikenal: pakai 2024, 2024-S1, 2024-Q3 atau 2024-07."),
])
def test_the_400_page_says_in_indonesian_what_is_wrong(client_of, kasubsi, blitar, query, detail):
    response = client_of(kasubsi).get(f"/kantor/blitar/ikm/?{query}")
    assert response.status_code == 400
    assert response.context["detail"] == detail
