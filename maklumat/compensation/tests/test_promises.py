"""One source per published rule: the biometric wait promise comes from the policy in force (data),
on the office's own date; changing the threshold moves the decision, the warning and the watchlist."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from maklumat.applications.services import application_event_record
from maklumat.compensation.models import CompensationPolicy
from maklumat.compensation.promises import DEFAULT_WARN_BEFORE_MINUTES, biometric_wait_promise
from maklumat.compensation.selectors import application_decisions, watchlist
from maklumat.compensation.tests.fixtures import application_with
from maklumat.lib.areas import ask
from maklumat.lib.promises import WaitPromise

WIB = ZoneInfo("Asia/Jakarta")


def blitar_spec() -> dict:
    return copy.deepcopy(CompensationPolicy.objects.get(code="blitar-2025").spec)


def wait_condition(spec: dict) -> dict:
    return next(c for c in spec["conditions"] if c["type"] == "wait_over")


def policy_at(office, *, minutes: int = 120, warn_before: int | None = 15, effective_from: date = date(2025, 1, 1),
              code: str | None = None) -> CompensationPolicy:
    spec = blitar_spec()
    spec["code"], spec["office"] = code or f"{office.code}-test", office.code
    spec["effective_from"] = effective_from.isoformat()
    wait = wait_condition(spec)
    wait["minutes"] = minutes
    if warn_before is None:
        wait.pop("warn_before_minutes", None)
    else:
        wait["warn_before_minutes"] = warn_before
    return CompensationPolicy.objects.create(office=office, code=spec["code"], title_id=f"Kebijakan uji {office.code}",
                                             title_en=f"Test policy {office.code}", effective_from=effective_from,
                                             spec=spec)


def test_blitar_promises_2_hours_warning_from_1_h_45_min_from_its_policy_data(blitar):
    promise = biometric_wait_promise(blitar, date(2025, 5, 8))
    title = "Kebijakan pemberian kompensasi kepada penerima layanan Kanim Blitar 2025"
    assert promise == WaitPromise(policy_code="blitar-2025", policy_title=title, limit=timedelta(hours=2),
                                  warn_after=timedelta(hours=1, minutes=45))


def test_queueing_gets_the_same_answer_through_the_extension_point(blitar):
    assert ask("promises", "biometric_wait_promise", blitar, date(2025, 5, 8)) == biometric_wait_promise(
        blitar, date(2025, 5, 8))


def test_an_office_without_a_wait_policy_promises_nothing(pamekasan, muara_enim):
    assert biometric_wait_promise(pamekasan, date(2025, 5, 8)) is None
    assert biometric_wait_promise(muara_enim, date(2025, 5, 8)) is None  # its policy is about allocation
    assert ask("promises", "biometric_wait_promise", pamekasan, date(2025, 5, 8)) is None


def test_no_promise_before_the_policy_took_effect(blitar):
    assert biometric_wait_promise(blitar, date(2025, 3, 24)) is None
    assert biometric_wait_promise(blitar, date(2025, 3, 25)) is not None


def test_warning_lead_defaults_when_the_policy_does_not_set_it(pamekasan):
    policy_at(pamekasan, minutes=90, warn_before=None)
    promise = biometric_wait_promise(pamekasan, date(2025, 5, 8))
    assert promise.warn_after == timedelta(minutes=90 - DEFAULT_WARN_BEFORE_MINUTES)


def test_changing_the_threshold_in_data_moves_decision_warning_and_watchlist_together(blitar):
    # Given an applicant waiting since 08:00, seen at 09:40 (1 h 40 min) and one served after 1 h 35 min
    waiting = application_with(blitar, "BLT-W")
    application_event_record(application=waiting, name="biometric_ticket", at=datetime(2025, 5, 8, 8, tzinfo=WIB))
    served = application_with(blitar, "BLT-S", wait_minutes=95)
    as_of = datetime(2025, 5, 8, 9, 40, tzinfo=WIB)
    # With Blitar's 2 hours: not eligible, no warning yet (warning from 1 h 45 min)
    assert [d.decision for d in application_decisions(served, as_of=as_of)] == ["not_eligible"]
    assert watchlist(blitar, as_of=as_of)["soon"] == []
    # When the policy's data says 90 minutes (warning 15 minutes before)
    policy = CompensationPolicy.objects.get(code="blitar-2025")
    spec = copy.deepcopy(policy.spec)
    wait_condition(spec)["minutes"] = 90
    policy.spec = spec
    policy.save(update_fields=["spec"])
    # Then the decision, the promise other areas read and the watchlist all follow
    assert [d.decision for d in application_decisions(served, as_of=as_of)] == ["eligible"]
    assert biometric_wait_promise(blitar, date(2025, 5, 8)).warn_after == timedelta(minutes=75)
    lists = watchlist(blitar, as_of=as_of)
    assert sorted(row.application.number for row in lists["eligible"]) == ["BLT-S", "BLT-W"]


def test_watchlist_warns_from_the_policy_warning_not_a_constant(blitar):
    # Given a wait of 1 h 35 min and a policy whose warning lead is 30 minutes (warn from 1 h 30 min)
    waiting = application_with(blitar, "BLT-W")
    application_event_record(application=waiting, name="biometric_ticket", at=datetime(2025, 5, 8, 8, tzinfo=WIB))
    as_of = datetime(2025, 5, 8, 9, 35, tzinfo=WIB)
    assert watchlist(blitar, as_of=as_of)["soon"] == []
    policy = CompensationPolicy.objects.get(code="blitar-2025")
    spec = copy.deepcopy(policy.spec)
    wait_condition(spec)["warn_before_minutes"] = 30
    policy.spec = spec
    policy.save(update_fields=["spec"])
    # Then it is about to breach
    [row] = watchlist(blitar, as_of=as_of)["soon"]
    assert row.application.number == "BLT-W" and row.why == "Menunggu 1 jam 35 menit sejak nomor antrian biometrik"


def test_watchlist_page_states_the_policy_warning_and_none_without_a_policy(client_of, officer, blitar, pamekasan):
    from maklumat.accounts.roles import Role
    from maklumat.conftest import make_user

    page = client_of(officer).get("/kantor/blitar/kompensasi/").content.decode()
    assert "Menunggu 1 jam 45 menit atau lebih sejak nomor antrian biometrik (batas 2 jam" in page
    other = make_user("loket.pamekasan", Role.PETUGAS_LOKET, office=pamekasan)
    page = client_of(other).get("/kantor/pamekasan/kompensasi/").content.decode()
    assert "sejak nomor antrian biometrik" not in page and "1 jam 45 menit" not in page


@pytest.mark.parametrize("office_code, zone", [("balikpapan", "Asia/Makassar"), ("jayapura", "Asia/Jayapura")])
def test_policy_in_force_and_watchlist_follow_the_office_date_at_midnight(office_code, zone, reference_data):
    from maklumat.offices.models import Office

    office = Office.objects.get(code=office_code)
    tz = ZoneInfo(zone)
    # Given a 30-minute wait policy (warning 15 minutes before) in force from 1 June 2025, office time
    policy_at(office, minutes=30, warn_before=15, effective_from=date(2025, 6, 1))
    late_evening = datetime(2025, 5, 31, 23, 30, tzinfo=tz)  # still 31 May at the office
    after_midnight = datetime(2025, 6, 1, 0, 30, tzinfo=tz)  # 1 June at the office, 31 May in UTC
    assert after_midnight.astimezone(ZoneInfo("UTC")).date() == date(2025, 5, 31)
    # Then the promise follows the office's date, not UTC's or the server's
    assert biometric_wait_promise(office, office.local_date(late_evening)) is None
    assert biometric_wait_promise(office, office.local_date(after_midnight)).limit == timedelta(minutes=30)
    # And the watchlist: an applicant ticketed 23:10 the evening before is not under the policy
    before = application_with(office, "X-1")
    application_event_record(application=before, name="biometric_ticket", at=datetime(2025, 5, 31, 23, 10, tzinfo=tz))
    after = application_with(office, "X-2")
    application_event_record(application=after, name="biometric_ticket", at=datetime(2025, 6, 1, 0, 10, tzinfo=tz))
    assert watchlist(office, as_of=late_evening)["soon"] == []
    [row] = watchlist(office, as_of=after_midnight)["soon"]
    assert row.application.number == "X-2" and row.why == "Menunggu 0 jam 20 menit sejak nomor antrian biometrik"
