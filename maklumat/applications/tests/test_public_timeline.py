"""The applicant's own timeline (issue 14 item 1): opened with the number and the secret code from the
receipt; a wrong code and an unknown number get the same answer after the same work; rate-limited;
office time; nothing personal; the compensation owed and how to claim it."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from maklumat.applications.access import code_matches, display_code, new_access_code, normalize_code
from maklumat.applications.services import application_create, application_event_record
from maklumat.calendar.selectors import work_calendar_for
from maklumat.compensation.labels import remedy_label
from maklumat.standards.models import Service

URL = "/lacak-paspor/"
WIB = ZoneInfo("Asia/Jakarta")


def make(office, officer=None, number="MNE-1", **extra):
    return application_create(actor=None, office=office, number=number, service=Service.objects.get(code="baru"),
                              booking_channel="walk_in", applicant_name="Siti Rahmawati",
                              applicant_nik="1603011234567890", applicant_phone="081234567890",
                              applicant_address="Jl. Merdeka 1", **extra)


def without_tokens(html: str) -> str:
    html = re.sub(r'"X-CSRFToken": "[^"]*"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


@pytest.mark.django_db
def test_the_number_and_its_code_open_the_timeline_with_the_deadline_in_office_time(client, muara_enim):
    application = make(muara_enim)
    payment = timezone.now() - timedelta(hours=1)
    application_event_record(application=application, name="payment", at=payment, source="loket")
    answer = client.get(URL, {"kantor": "muara-enim", "nomor": "MNE-1", "kode": display_code(application.access_code)})
    assert answer.status_code == 200
    html = answer.content.decode()
    due = muara_enim.localtime(work_calendar_for(muara_enim).end_of_nth_working_day(payment, 3)) - timedelta(days=1)
    assert "Paspor siap paling lambat" in html and f"{due.day} " in html and "pukul 24.00" in html
    assert "Paspor selesai dalam 3 hari kerja setelah pembayaran" in html  # the clock's own label
    for personal in ("Siti", "1603011234567890", "0812", "Merdeka"):
        assert personal not in html
    assert answer["Cache-Control"].startswith("max-age=0") and answer["Referrer-Policy"] == "no-referrer"


@pytest.mark.django_db
def test_a_wrong_code_and_an_unknown_number_get_the_same_answer_after_the_same_work(client, muara_enim):
    application = make(muara_enim)
    wrong = "AAAA-AAAA" if application.access_code != "AAAAAAAA" else "BBBB-BBBB"
    with CaptureQueriesContext(connection) as wrong_code:
        known = client.post(URL, {"kantor": "muara-enim", "nomor": "MNE-1", "kode": wrong})
    with CaptureQueriesContext(connection) as unknown_number:
        unknown = client.post(URL, {"kantor": "muara-enim", "nomor": "MNE-1", "kode": wrong} | {"nomor": "MNE-2"})
    assert known.status_code == unknown.status_code == 200
    assert without_tokens(known.content.decode()).replace("MNE-1", "X") == \
        without_tokens(unknown.content.decode()).replace("MNE-2", "X")
    assert "tidak cocok" in known.content.decode()
    def lookups(context):  # the rate-limit counter's cache queries aside, the same statements run
        return [q["sql"].replace("MNE-2", "MNE-1") for q in context.captured_queries if "applications_" in q["sql"]]

    assert lookups(wrong_code) == lookups(unknown_number) and len(lookups(wrong_code)) == 1


@pytest.mark.django_db
@override_settings(PUBLIC_RATE_LIMIT=60)
def test_guessing_codes_is_stopped_by_the_rate_limit(client, muara_enim):
    make(muara_enim)
    codes = [client.post(URL, {"kantor": "muara-enim", "nomor": "MNE-1", "kode": f"AAAA{n:04d}"}).status_code
             for n in range(21)]
    assert codes[:20] == [200] * 20 and codes[20] == 429


@pytest.mark.django_db
def test_late_allocation_shows_the_delay_and_the_home_delivery_owed_without_a_claim(client, muara_enim):
    application = make(muara_enim)
    application_event_record(application=application, name="payment", at=datetime(2025, 7, 10, 10, tzinfo=WIB))
    application_event_record(application=application, name="allocation", at=datetime(2025, 7, 15, 8, tzinfo=WIB))
    html = client.get(URL, {"kantor": "muara-enim", "nomor": "MNE-1", "kode": application.access_code}).content.decode()
    assert "Ada keterlambatan" in html
    assert "Alokasi paspor paling lambat 2 hari kerja setelah pembayaran" in html
    assert "Senin, 14 Juli 2025 pukul 24.00" in html  # the end of the 2nd working day, office time
    assert "Anda berhak atas kompensasi" in html and remedy_label("home_delivery") in html
    assert "Tidak perlu mengajukan klaim" in html


@pytest.mark.django_db
def test_the_page_reads_in_english_when_asked(client, muara_enim, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    application = make(muara_enim)
    application_event_record(application=application, name="payment", at=datetime(2025, 7, 10, 10, tzinfo=WIB))
    html = client.get(URL, {"kantor": "muara-enim", "nomor": "MNE-1", "kode": application.access_code},
                      ).content.decode()
    assert "Passport allocation at most 2 working days after payment" in html


@pytest.mark.django_db
def test_the_receipt_prints_the_code_and_a_qr_that_opens_the_timeline(client, muara_enim):
    from maklumat.conftest import make_user

    application = make(muara_enim)
    clerk = make_user("loket.mne", "petugas_loket", office=muara_enim)
    client.force_login(clerk)
    answer = client.get("/kantor/muara-enim/permohonan/MNE-1/tanda-terima/")
    html = answer.content.decode()
    assert answer.status_code == 200 and display_code(application.access_code) in html and "<svg" in html
    link = re.search(r'href="(http://testserver/lacak-paspor/[^"]+)"', html)
    query = parse_qs(urlparse(link.group(1).replace("&amp;", "&")).query)
    assert query == {"kantor": ["muara-enim"], "nomor": ["MNE-1"], "kode": [application.access_code]}
    client.logout()
    assert "Permohonan MNE-1" in client.get(URL, {k: v[0] for k, v in query.items()}).content.decode()


def test_codes_are_drawn_from_the_unambiguous_alphabet_and_typed_loosely():
    code = new_access_code()
    assert len(code) == 8 and not set(code) & set("01OIL")
    assert normalize_code(f" {code[:4].lower()}-{code[4:]} ") == code
    assert code_matches(code, display_code(code)) and not code_matches(code, "")
    assert not code_matches(None, code)


@pytest.mark.django_db
def test_every_application_gets_its_own_code(muara_enim):
    codes = {make(muara_enim, number=f"MNE-{n}").access_code for n in range(20)}
    assert len(codes) == 20


@pytest.mark.django_db
def test_a_lost_passport_promises_no_date_and_says_why(client, muara_enim):
    application = application_create(actor=None, office=muara_enim, number="MNE-9",
                                     service=Service.objects.get(code="hilang"), booking_channel="walk_in",
                                     applicant_name="Siti")
    application_event_record(application=application, name="payment", at=datetime(2025, 7, 10, 10, tzinfo=WIB))
    html = client.get(URL, {"kantor": "muara-enim", "nomor": "MNE-9", "kode": application.access_code}).content.decode()
    assert "bergantung pada hasil pemeriksaan" in html and "Paspor siap paling lambat" not in html


@pytest.mark.django_db
def test_steps_passed_without_their_own_times_are_not_shown_as_to_come(muara_enim):
    from maklumat.applications.public import public_timeline

    application = make(muara_enim)
    application_event_record(application=application, name="intake_start", at=datetime(2025, 7, 10, 9, tzinfo=WIB))
    application_event_record(application=application, name="interview_finish", at=datetime(2025, 7, 10, 10, tzinfo=WIB))
    steps = public_timeline(application, as_of=datetime(2025, 7, 10, 11, tzinfo=WIB))["steps"]
    assert [s["state"] for s in steps[:5]] == ["running", "passed", "passed", "done", "to_come"]


@pytest.mark.django_db
def test_a_ready_passport_has_passed_every_step_up_to_the_kasi_check(muara_enim):
    from maklumat.applications.public import public_timeline

    application = make(muara_enim)
    application_event_record(application=application, name="ready", at=datetime(2025, 7, 14, 10, tzinfo=WIB))
    steps = public_timeline(application, as_of=datetime(2025, 7, 14, 11, tzinfo=WIB))["steps"]
    assert [s["state"] for s in steps] == ["passed"] * 9 + ["to_come"] * 2
