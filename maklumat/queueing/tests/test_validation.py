"""Validation lives in the services, so kiosk, officer form, API and the M-Paspor feed refuse the same
input; bad input (NUL bytes, over-long text, absurd dates, impossible offsets) is a 4xx naming the
field, never a 500 — on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from maklumat.accounts.services import token_create
from maklumat.queueing.models import Booking, Ticket
from maklumat.queueing.services import QueueError, booking_check_in, booking_register, officer_ticket_issue

TICKETS = "/api/v1/offices/blitar/queue/tickets"
CHECK_IN = "/api/v1/offices/blitar/queue/check-in"
BOOKINGS = "/api/v1/offices/blitar/queue/bookings"


def bearer(user):
    return {"Authorization": f"Bearer {token_create(user=user)}"}


def post(client, path, payload, user):
    return client.post(path, payload, content_type="application/json", headers=bearer(user))


# --- one phone rule for every entry -----------------------------------------------------------------

@pytest.mark.parametrize("phone", ["12ab", "0812-3456-7890", "0812345", "1" * 40])
def test_the_api_refuses_the_phone_numbers_the_kiosk_form_refuses(client, duta, queue, phone):
    response = post(client, TICKETS, {"step": "intake", "phone": phone}, duta)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("phone: ")
    assert Ticket.objects.count() == 0


def test_a_check_in_through_the_api_with_a_bad_phone_is_refused_and_the_booking_stays_open(client, duta, queue):
    now = timezone.now()
    Booking.objects.create(office=queue.office, code="MP1", applicant_name="X", slot_start=now,
                           slot_end=now + timedelta(minutes=30))
    response = post(client, CHECK_IN, {"code": "MP1", "phone": "12ab"}, duta)
    assert response.status_code == 422
    assert response.json()["detail"] == "phone: Nomor telepon tidak valid: 8–15 angka, boleh diawali +."
    assert Booking.objects.get().checked_in_at is None and Ticket.objects.count() == 0


def test_the_service_refuses_a_bad_phone_whoever_calls_it(duta, queue):
    with pytest.raises(QueueError) as refused:
        officer_ticket_issue(office=queue.office, actor=duta, series=queue.series["A"], step=queue.steps["intake"],
                             phone="call me maybe")
    assert refused.value.field == "phone"
    assert Ticket.objects.count() == 0


def test_the_service_keeps_a_good_phone_without_spaces(duta, queue):
    ticket = officer_ticket_issue(office=queue.office, actor=duta, series=queue.series["A"],
                                  step=queue.steps["intake"], phone=" +6281234567890 ")
    assert ticket.phone == "+6281234567890"


def test_the_mpaspor_feed_refuses_a_booking_phone_the_kiosk_would_refuse(client, kasubsi, queue):
    now = timezone.now()
    row = {"code": "MP2", "applicant_name": "A", "slot_start": now.isoformat(),
           "slot_end": (now + timedelta(minutes=30)).isoformat(), "phone": "nope"}
    response = post(client, BOOKINGS, [row], kasubsi)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("baris 1 (MP2): phone: Nomor telepon tidak valid")
    assert Booking.objects.count() == 0


# --- NUL bytes and over-long text -------------------------------------------------------------------

def test_a_nul_byte_in_the_step_is_422_naming_the_field(client, duta, queue):
    response = post(client, TICKETS, {"step": "intake\x00"}, duta)
    assert response.status_code == 422
    assert response.json()["detail"] == "step: Teks mengandung karakter NUL."


def test_an_over_long_step_is_422_naming_the_field(client, duta, queue):
    response = post(client, TICKETS, {"step": "x" * 5000}, duta)
    assert response.status_code == 422
    assert response.json()["detail"].startswith("step: Teks terlalu panjang")


@pytest.mark.parametrize(("code", "message"), [("MP\x001", "code: Teks mengandung karakter NUL."),
                                               ("M" * 41, "code: Teks terlalu panjang (paling banyak 40 karakter).")])
def test_a_check_in_code_with_a_nul_byte_or_too_long_is_422(client, duta, queue, code, message):
    response = post(client, CHECK_IN, {"code": code}, duta)
    assert response.status_code == 422
    assert response.json()["detail"] == message


def test_a_nul_in_the_ticket_class_is_422_naming_the_field(client, duta, queue):
    response = post(client, TICKETS, {"step": "intake", "ticket_class": "gen\x00eral"}, duta)
    assert response.status_code == 422
    assert response.json()["detail"] == "ticket_class: Kelas antrian tidak dikenal: general."


@pytest.mark.parametrize(("field", "value", "message"), [
    ("code", "B" * 41, "code: Teks terlalu panjang (paling banyak 40 karakter)."),
    ("code", "B\x00", "code: Teks mengandung karakter NUL."),
    ("applicant_name", "N" * 201, "applicant_name: Teks terlalu panjang (paling banyak 200 karakter)."),
    ("applicant_name", "Sri\x00", "applicant_name: Teks mengandung karakter NUL."),
])
def test_the_booking_feed_refuses_nul_bytes_and_over_long_text_naming_the_field(client, kasubsi, queue, field,
                                                                               value, message):
    now = timezone.now()
    row = {"code": "MP3", "applicant_name": "A", "slot_start": now.isoformat(),
           "slot_end": (now + timedelta(minutes=30)).isoformat(), field: value}
    response = post(client, BOOKINGS, [row], kasubsi)
    assert response.status_code == 422
    assert response.json()["detail"].endswith(message)
    assert "\x00" not in response.json()["detail"]
    assert Booking.objects.count() == 0


# --- booking times: offsets within ±14:00, years that can be real ----------------------------------

@pytest.mark.parametrize(("start", "end", "message"), [
    ("2025-06-02T09:00:00+15:00", "2025-06-02T09:30:00+15:00", "slot_start: Zona waktu slot di luar ±14:00."),
    ("2025-06-02T09:00:00+07:00", "2025-06-02T09:30:00-14:30", "slot_end: Zona waktu slot di luar ±14:00."),
    ("9999-12-31T23:00:00+07:00", "9999-12-31T23:30:00+07:00", "slot_start: Waktu slot 9999-12-31 23:00 di luar"),
    ("0001-01-01T00:00:00+07:00", "0001-01-01T00:30:00+07:00", "slot_start: Waktu slot 0001-01-01 00:00 di luar"),
    ("2025-06-02T09:00:00+07:00", "2025-06-05T09:00:00+07:00", "slot_end: Slot lebih dari satu hari."),
    ("2025-06-02T09:00:00+07:00", "2025-06-02T08:00:00+07:00", "slot_end: Slot selesai sebelum mulai."),
])
def test_the_booking_feed_refuses_impossible_slots_naming_the_field(client, kasubsi, queue, clock, start, end,
                                                                   message):
    clock(datetime.fromisoformat("2025-06-01T12:00:00+07:00"))
    response = post(client, BOOKINGS, [{"code": "MP4", "applicant_name": "A", "slot_start": start,
                                        "slot_end": end}], kasubsi)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(f"baris 1 (MP4): {message}")
    assert Booking.objects.count() == 0


def test_a_slot_without_a_time_zone_is_refused_by_the_service(kasubsi, queue):
    with pytest.raises(QueueError) as refused:
        booking_register(office=queue.office, actor=kasubsi, code="MP5", applicant_name="A",
                         slot_start=datetime(2025, 6, 2, 9), slot_end=datetime(2025, 6, 2, 9, 30))
    assert (refused.value.field, refused.value.message) == ("slot_start", "Waktu slot harus menyertakan zona waktu.")


def test_check_in_refuses_a_code_with_a_nul_byte_in_the_service(duta, queue):
    with pytest.raises(QueueError) as refused:
        booking_check_in(office=queue.office, actor=duta, code="MP\x00")
    assert refused.value.field == "code"


# --- statistics periods ---------------------------------------------------------------------------

def stats(client, name="statistics", **params):
    return client.get(reverse(f"queueing:{name}", kwargs={"code": "blitar"}), params)


@pytest.mark.parametrize(("params", "message"), [
    ({"dari": "9999-12-31"}, "dari: Tanggal 9999-12-31 di luar rentang statistik"),
    ({"dari": "0001-01-01"}, "dari: Tanggal 0001-01-01 di luar rentang statistik"),
    ({"dari": "2025-06-02", "sampai": "9999-12-31"}, "sampai: Tanggal 9999-12-31 di luar rentang statistik"),
    ({"dari": "2025-06-02\x00"}, "dari: Teks mengandung karakter NUL."),
    ({"dari": "2" * 5000}, "dari: Teks terlalu panjang"),
    ({"dari": "2025-06-02", "sampai": "2025-06-01"}, "sampai: Tanggal akhir sebelum tanggal awal."),
    ({"dari": "2023-01-01", "sampai": "2025-06-01"}, "sampai: Periode paling panjang satu tahun."),
])
@pytest.mark.parametrize("name", ["statistics", "statistics_xlsx"])
def test_absurd_statistics_periods_are_400_naming_the_field(client_of, kasubsi, queue, clock, name, params,
                                                            message):
    clock(datetime.fromisoformat("2025-06-02T12:00:00+07:00"))
    response = stats(client_of(kasubsi), name, **params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_sane_statistics_period_still_opens(client_of, kasubsi, queue, clock):
    clock(datetime.fromisoformat("2025-06-02T12:00:00+07:00"))
    assert stats(client_of(kasubsi), dari="2025-01-01", sampai="2025-06-02").status_code == 200


# --- the admin refuses what the service refuses -----------------------------------------------------

def _admin_booking_form(queue, **fields):
    from maklumat.queueing.admin import BookingAdminForm

    data = {"office": queue.office.pk, "code": "MP9", "applicant_name": "Sri", "phone": "",
            "ticket_class": "general", "slot_start": "2025-06-02 09:00:00", "slot_end": "2025-06-02 09:30:00",
            **fields}
    return BookingAdminForm(data=data)


def test_the_admin_booking_form_refuses_the_phone_the_service_refuses(queue, clock):
    clock(datetime.fromisoformat("2025-06-01T12:00:00+07:00"))
    form = _admin_booking_form(queue, phone="abc")
    assert not form.is_valid()
    assert form.errors["phone"] == ["Nomor telepon tidak valid: 8–15 angka, boleh diawali +."]


def test_the_admin_booking_form_refuses_a_slot_that_ends_before_it_starts(queue, clock):
    clock(datetime.fromisoformat("2025-06-01T12:00:00+07:00"))
    form = _admin_booking_form(queue, slot_end="2025-06-02 08:00:00")
    assert not form.is_valid()
    assert form.errors["slot_end"] == ["Slot selesai sebelum mulai."]


def test_the_admin_booking_form_accepts_a_good_booking_as_the_service_stores_it(queue, clock):
    clock(datetime.fromisoformat("2025-06-01T12:00:00+07:00"))
    form = _admin_booking_form(queue, code=" mp9 ", phone=" 081234567890 ")
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["code"], form.cleaned_data["phone"]) == ("MP9", "081234567890")
