"""One source per published rule: the counter warning and the waiting tables follow the office's
wait promise (asked from the policy area through ``lib.areas.ask``), never a constant of their own."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse

from maklumat.conftest import make_user
from maklumat.queueing.tests.conftest import office_queue

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2025, 6, 2, 13, 0, tzinfo=WIB)


def url(name, code="blitar", **kwargs):
    return reverse(f"queueing:{name}", kwargs={"code": code, **kwargs})


def waiting_at_biometrics(queue, actor, minutes: int):
    from maklumat.queueing.services import officer_ticket_issue

    return officer_ticket_issue(office=queue.office, actor=actor, series=queue.series["A"],
                                step=queue.steps["biometric"], now=NOW - timedelta(minutes=minutes))


def counter_page(client, queue, code="blitar"):
    return client.get(url("counter_waiting", code=code, counter_id=queue.counters["Loket 3"].pk)).content.decode()


def test_a_promise_with_another_threshold_moves_the_counter_warning(client_of, officer, queue, clock, wait_promise):
    # given an office whose policy owes compensation after 60 minutes and warns from 45
    clock(NOW)
    wait_promise(limit=timedelta(minutes=60), warn_after=timedelta(minutes=45))
    waiting_at_biometrics(queue, officer, minutes=50)
    # when the biometric counter looks at its queue
    page = counter_page(client_of(officer), queue)
    # then the warning uses the policy's own numbers
    assert "1 pemohon menunggu biometrik lebih dari 45 menit: panggil sekarang sebelum lewat 1 jam" in page
    assert "(hak kompensasi, Maklumat Uji 2025)" in page
    assert "wait-warn" in page and "lewat 45 menit" in page
    assert "2 jam" not in page and "1 jam 45 menit" not in page


def test_the_same_wait_is_no_warning_under_the_two_hour_promise(client_of, officer, queue, clock, wait_promise):
    clock(NOW)
    wait_promise(limit=timedelta(hours=2), warn_after=timedelta(hours=1, minutes=45))
    waiting_at_biometrics(queue, officer, minutes=50)
    page = counter_page(client_of(officer), queue)
    assert "wait-ok" in page
    assert "menunggu biometrik lebih dari" not in page


def test_a_wait_past_the_promised_limit_is_highlighted_as_owed_in_the_waiting_table(client_of, kasubsi, officer,
                                                                                   queue, clock, wait_promise):
    clock(NOW)
    wait_promise(limit=timedelta(minutes=60), warn_after=timedelta(minutes=45))
    waiting_at_biometrics(queue, officer, minutes=61)
    page = client_of(kasubsi).get(url("overview")).content.decode()
    assert 'class="wait-breach"' in page
    assert "lebih dari 1 jam: berhak kompensasi" in page


def test_the_waiting_table_follows_the_promise_of_the_office_not_a_constant(officer, queue, wait_promise):
    from maklumat.queueing import selectors

    waiting_at_biometrics(queue, officer, minutes=100)
    wait_promise(limit=timedelta(minutes=90), warn_after=timedelta(minutes=80))
    assert [r.alert for r in selectors.waiting_tickets(queue.office, [queue.steps["biometric"].pk], now=NOW,
                                                       promise=selectors.wait_promise(queue.office, NOW.date()))
            ] == ["breach"]
    wait_promise(limit=timedelta(hours=2), warn_after=timedelta(hours=1, minutes=45))
    assert [r.alert for r in selectors.waiting_tickets(queue.office, [queue.steps["biometric"].pk], now=NOW,
                                                       promise=selectors.wait_promise(queue.office, NOW.date()))
            ] == ["ok"]


def test_an_office_without_a_wait_policy_promises_nothing_on_its_screens(client_of, pamekasan, clock,
                                                                         no_wait_promise):
    # given Pamekasan (no compensation policy) with a number waiting three hours at biometrics
    clock(NOW)
    queue = office_queue(pamekasan)
    officer = make_user("loket.pamekasan", "petugas_loket", office=pamekasan)
    kasubsi = make_user("kasubsi.pamekasan", "kasubsi", office=pamekasan)
    waiting_at_biometrics(queue, officer, minutes=180)
    # when the counter and the overview show the queue
    counter = counter_page(client_of(officer), queue, code="pamekasan")
    overview = client_of(kasubsi).get(url("overview", code="pamekasan")).content.decode()
    # then nobody is told of a compensation the office never promised
    for page in (counter, overview):
        assert "A-001" in page
        assert "berhak kompensasi" not in page and "hak kompensasi" not in page
        assert "wait-breach" not in page and "wait-warn" not in page
        assert "2 jam" not in page


def test_the_promise_is_asked_for_the_office_and_its_day(officer, queue, monkeypatch):
    from maklumat.lib import areas
    from maklumat.queueing import selectors

    asked = []
    monkeypatch.setattr(areas, "ask", lambda *args: asked.append(args))
    assert selectors.wait_promise(queue.office, NOW.date()) is None
    assert asked == [("promises", "biometric_wait_promise", queue.office, NOW.date())]


def test_the_warning_speaks_english_with_the_policys_numbers(client_of, officer, queue, clock, wait_promise):
    clock(NOW)
    wait_promise(limit=timedelta(minutes=90), warn_after=timedelta(minutes=75))
    waiting_at_biometrics(queue, officer, minutes=80)
    client = client_of(officer)
    client.cookies["django_language"] = "en"
    page = counter_page(client, queue)
    assert "1 applicant has waited for biometrics more than 1 h 15 min: call now, before 1 h 30 min have passed" in page
    assert "past 1 h 15 min" in page


def test_the_promise_kept_for_the_hot_path_follows_a_policy_deleted(blitar):
    """The promise is cached per process (counter screens poll it); a policy deleted invalidates it."""
    from django.apps import apps

    from maklumat.queueing import selectors

    day = NOW.date()
    assert selectors.wait_promise(blitar, day) is not None
    apps.get_model("compensation", "CompensationPolicy").objects.filter(office=blitar).delete()
    assert selectors.wait_promise(blitar, day) is None
