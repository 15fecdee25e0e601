"""Queue pages: kiosk, ticket, counter screen, overview; roles refused, outsiders get 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from maklumat.queueing.models import Booking, Call, Ticket
from maklumat.queueing.tests import conftest


def issue(queue, officer, code="A", step="intake", now=None, **kwargs):
    """A ticket of today (the pages show the office's current day)."""
    from django.utils import timezone

    return conftest.issue(queue, officer, code, step, now=now or timezone.now(), **kwargs)


def url(name, **kwargs):
    return reverse(f"queueing:{name}", kwargs={"code": "blitar", **kwargs})


def test_kiosk_shows_the_services_and_classes_allowed_to_walk_in(client, paired, queue):
    response = client.get(url("kiosk"))
    assert response.status_code == 200
    picks = [f'value="{queue.steps[s].pk}:{c}"' for s in ("intake", "handover") for c in ("general", "priority")]
    assert all(pick.encode() in response.content for pick in picks)
    assert b":compensation" not in response.content
    assert f'value="{queue.steps["biometric"].pk}:'.encode() not in response.content


def test_kiosk_button_issues_a_ticket_and_opens_the_printable_ticket(client, paired, queue):
    response = client.post(url("kiosk"), {"pick": f"{queue.steps['intake'].pk}:priority", "phone": "081234567890"})
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith(url("kiosk") + "tiket/") and response["Location"].endswith("?print=1")
    assert (ticket.display_number, ticket.origin, ticket.phone) == ("P-001", "kiosk", "081234567890")
    page = client.get(response["Location"]).content.decode()
    assert "P-001" in page and "Prioritas" in page and "Pemeriksaan berkas" in page and "Perkiraan tunggu" in page


def test_kiosk_refuses_a_bad_phone_number_and_issues_nothing(client, paired, queue):
    response = client.post(url("kiosk"), {"pick": f"{queue.steps['intake'].pk}:general", "phone": "12ab"})
    assert response.status_code == 400
    assert "Nomor telepon tidak valid" in response.content.decode()
    assert Ticket.objects.count() == 0


def test_kiosk_check_in_with_an_unknown_code_says_so(client, paired, queue):
    response = client.post(url("kiosk_check_in"), {"code": "NOPE"})
    assert response.status_code == 400
    assert "Kode booking NOPE tidak ditemukan" in response.content.decode()


def test_kiosk_check_in_inside_the_window(client, paired, queue):
    from django.utils import timezone

    now = timezone.now()
    Booking.objects.create(office=queue.office, code="MPNOW", applicant_name="X", slot_start=now,
                           slot_end=now + timezone.timedelta(minutes=30))
    response = client.post(url("kiosk_check_in"), {"code": "mpnow"})
    assert response.status_code == 302
    assert Ticket.objects.get().origin == "booking"


def test_counter_screen_full_cycle_call_recall_transfer_end(client_of, officer, queue):
    issue(queue, officer)
    client = client_of(officer)
    intake, bio = queue.counters["Loket 1"], queue.counters["Loket 3"]
    assert client.post(url("counter_action", counter_id=intake.pk, action="call-next")).status_code == 302
    page = client.get(url("counter", counter_id=intake.pk)).content.decode()
    assert "A-001" in page and "Panggil ulang" in page
    client.post(url("counter_action", counter_id=intake.pk, action="recall"))
    client.post(url("counter_action", counter_id=intake.pk, action="transfer"),
                {"step": queue.steps["biometric"].pk})
    assert Ticket.objects.get().step.code == "biometric"
    client.post(url("counter_action", counter_id=bio.pk, action="call-next"))
    client.post(url("counter_action", counter_id=bio.pk, action="end"))
    ticket = Ticket.objects.get()
    assert ticket.status == "done"
    assert list(Call.objects.order_by("id").values_list("counter__name", "is_recall")) == [
        ("Loket 1", False), ("Loket 1", True), ("Loket 3", False)]


def test_counter_action_without_a_ticket_shows_the_reason(client_of, officer, queue):
    response = client_of(officer).post(url("counter_action", counter_id=queue.counters["Loket 1"].pk, action="end"),
                                       follow=True)
    assert "Tidak ada nomor yang sedang dilayani" in response.content.decode()


def test_counter_screen_warns_past_the_promise_warning_at_biometrics(client_of, officer, queue, wait_promise):
    from datetime import timedelta

    from django.utils import timezone

    wait_promise(limit=timedelta(hours=2), warn_after=timedelta(hours=1, minutes=45))
    issue(queue, officer, step="biometric", now=timezone.now() - timedelta(minutes=106))
    page = client_of(officer).get(url("counter", counter_id=queue.counters["Loket 3"].pk)).content.decode()
    assert "lebih dari 1 jam 45 menit: panggil sekarang sebelum lewat 2 jam (hak kompensasi, Maklumat Uji 2025)" in page
    assert "wait-warn" in page


def test_counter_waiting_list_is_in_calling_order(client_of, officer, queue):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    issue(queue, officer, "A", now=now - timedelta(minutes=30))
    issue(queue, officer, "P", now=now - timedelta(minutes=5))
    page = client_of(officer).get(url("counter_waiting", counter_id=queue.counters["Loket 1"].pk)).content.decode()
    assert page.index("P-001") < page.index("A-001")


@pytest.mark.parametrize("name", ["overview", "kiosk_devices", "statistics", "statistics_xlsx"])
def test_outsider_gets_404_on_every_office_page(client_of, outsider, queue, name):
    assert client_of(outsider).get(url(name)).status_code == 404


def test_outsider_gets_404_on_counters_tickets_and_actions(client_of, outsider, officer, queue):
    ticket = issue(queue, officer)
    client = client_of(outsider)
    counter = queue.counters["Loket 1"]
    assert client.get(url("counter", counter_id=counter.pk)).status_code == 404
    assert client.post(url("counter_action", counter_id=counter.pk, action="call-next")).status_code == 404
    assert client.get(url("ticket", ticket_id=ticket.pk)).status_code == 404
    assert Ticket.objects.get().status == "waiting"


def test_guessing_another_offices_counter_id_under_ones_own_office_is_404(client_of, officer, pamekasan, queue):
    from maklumat.queueing.models import Counter

    other = Counter.objects.filter(office=pamekasan).first()
    assert client_of(officer).get(url("counter", counter_id=other.pk)).status_code == 404


def test_roles_that_may_not_serve_at_a_counter_are_refused(client_of, duta, yankomas, supervisor, queue):
    counter = queue.counters["Loket 1"]
    for user in (duta, yankomas, supervisor):
        client = client_of(user)
        assert client.post(url("counter_action", counter_id=counter.pk, action="call-next")).status_code == 403
    assert Call.objects.count() == 0


def test_counter_officer_cannot_read_statistics_but_kasubsi_and_supervisor_can(client_of, officer, kasubsi,
                                                                              supervisor, queue):
    assert client_of(officer).get(url("statistics")).status_code == 403
    assert client_of(kasubsi).get(url("statistics")).status_code == 200
    assert client_of(supervisor).get(url("statistics")).status_code == 200


def test_anonymous_visitors_are_sent_to_login_for_staff_pages(client, queue):
    response = client.get(url("overview"))
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_officer_issue_form_links_an_application_by_number(client_of, duta, queue, application):
    response = client_of(duta).post(url("officer_issue"), {
        "series": queue.series["A"].pk, "step": queue.steps["biometric"].pk, "application_number": "BLT-2025-0001"})
    assert response.status_code == 302
    assert Ticket.objects.get().application_id == application.pk


def test_officer_issue_form_refuses_an_unknown_application_and_issues_nothing(client_of, duta, queue):
    response = client_of(duta).post(url("officer_issue"), {
        "series": queue.series["A"].pk, "step": queue.steps["intake"].pk, "application_number": "NOPE"}, follow=True)
    assert "NOPE tidak ada di kantor ini" in response.content.decode()
    assert Ticket.objects.count() == 0


def test_overview_lists_counters_and_waiting(client_of, officer, queue, django_assert_max_num_queries):
    for _ in range(5):
        issue(queue, officer)
    client = client_of(officer)
    with django_assert_max_num_queries(20):
        page = client.get(url("overview")).content.decode()
    assert "Loket 1" in page and "A-005" in page


def test_kiosk_speaks_english_when_chosen(client, paired, queue):
    client.cookies["django_language"] = "en"
    page = client.get(url("kiosk")).content.decode()
    assert "Take a queue number" in page and "Booked in M-Paspor?" in page


def test_counter_screen_query_count_does_not_grow_with_the_queue(client_of, officer, queue,
                                                                 django_assert_max_num_queries):
    for i in range(30):
        issue(queue, officer, "P" if i % 3 == 0 else "A")
    client = client_of(officer)
    # The screen also reads the pause, the parked numbers and the undoable no-show (counter desk, issue 16),
    # and the anti-starvation limit's policy; +1 when the per-process cache re-reads its shared version.
    with django_assert_max_num_queries(17):
        page = client.get(url("counter", counter_id=queue.counters["Loket 1"].pk)).content.decode()
    assert "A-020" in page


def test_complaint_staff_may_not_run_the_kiosk_but_may_give_numbers(client_of, yankomas, queue):
    client = client_of(yankomas)
    assert client.get(url("kiosk")).status_code == 403
    response = client.post(url("officer_issue"), {"series": queue.series["A"].pk, "step": queue.steps["intake"].pk})
    assert response.status_code == 302
    assert Ticket.objects.get().origin == "officer"


def test_kiosk_with_an_unknown_class_answers_400_not_500(client, paired, queue):
    response = client.post(url("kiosk"), {"pick": f"{queue.steps['intake'].pk}:vip"})
    assert response.status_code == 400
    assert "Kelas antrian tidak dikenal" in response.content.decode()


def test_overview_asks_to_staff_the_idle_priority_room(client_of, kasubsi, officer, queue):
    from datetime import timedelta

    from django.utils import timezone

    from maklumat.queueing.services import call_next

    now = timezone.now()
    issue(queue, officer, "P", now=now - timedelta(minutes=40))
    issue(queue, officer, "P", now=now - timedelta(minutes=10))
    client = client_of(kasubsi)
    assert "2 nomor prioritas menunggu" in client.get(url("overview")).content.decode()
    call_next(counter=queue.counters["Ruang Prioritas"], actor=officer, now=now)
    assert "nomor prioritas menunggu" not in client.get(url("overview")).content.decode()


def test_printed_ticket_carries_one_single_use_survey_qr(client_of, duta, queue):
    from maklumat.satisfaction.models import SurveyInvitation

    ticket = issue(queue, duta)
    client = client_of(duta)
    first = client.get(url("ticket", ticket_id=ticket.pk)).content.decode()
    client.get(url("ticket", ticket_id=ticket.pk))  # printing again must not make a second invitation
    invitation = SurveyInvitation.objects.get()
    assert invitation.reference == f"antrian:{ticket.day:%Y%m%d}:{ticket.display_number}"
    assert invitation.channel == "qr" and invitation.office == ticket.office
    assert "<svg" in first and "survei IKM" in first


def test_the_ticket_prints_without_a_survey_qr_when_no_area_runs_surveys(client_of, duta, queue, monkeypatch):
    from maklumat.lib import areas

    monkeypatch.setattr(areas, "ask", lambda module, function, *args, **kwargs: None)
    ticket = issue(queue, duta)
    page = client_of(duta).get(url("ticket", ticket_id=ticket.pk)).content.decode()
    assert "A-001" in page
    assert "<svg" not in page and "survei IKM" not in page
