"""Kinerja selectors on seeded rows: exact counts per promise, steps, officers, side figures."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maklumat.calendar.selectors import work_calendar_for
from maklumat.compensation.models import (
    Claim,
    CompensationPolicy,
    Fulfilment,
    FulfilmentStatus,
    Remedy,
    SouvenirItem,
    SouvenirMovement,
)
from maklumat.performance import selectors
from maklumat.performance.models import DocumentTarget
from maklumat.performance.tests.conftest import AS_OF, make_application, wib
from maklumat.satisfaction.models import IkmTarget, SurveyResponse

JULY = {"start": date(2025, 7, 1), "end": date(2025, 7, 31), "as_of": AS_OF}


def promises(result):
    return {row["code"]: (row["total"], row["met"], row["late"], row["open"], row["overdue"], row["on_time_rate"])
            for row in result["promises"]}


def test_each_promise_counts_the_clocks_started_in_the_period(blitar, july):
    result = selectors.office_kinerja(blitar, **JULY)
    assert promises(result) == {
        "payment": (4, 2, 0, 1, 1, 0.6667),
        "allocation": (4, 3, 0, 0, 1, 0.75),
        "completion": (4, 2, 1, 0, 1, 0.5),
        "pickup": (3, 3, 0, 0, 0, 1.0),
        "biometric_wait": (2, 1, 1, 0, 0, 0.5),
    }
    assert result["documents_issued"] == 3


def test_figures_as_of_an_earlier_moment_treat_later_events_as_not_happened(blitar, july):
    result = selectors.office_kinerja(blitar, start=date(2025, 7, 1), end=date(2025, 7, 31), as_of=wib(2025, 7, 8, 9))
    # As of 8 Jul 09:00: A's wait was met, B has waited one hour (open); F's June-billed payment is not July's.
    assert promises(result)["biometric_wait"] == (2, 1, 0, 1, 0, 1.0)
    assert promises(result)["allocation"] == (1, 1, 0, 0, 0, 1.0)  # F only: A, B, C not yet paid
    assert result["documents_issued"] == 1


def test_steps_report_measured_within_norm_median_and_p90(blitar, july):
    steps = {row["code"]: row for row in selectors.office_kinerja(blitar, **JULY)["steps"]}
    assert steps["biometric"] == {"code": "biometric", "norm_minutes": 5, "measured": 2, "within_norm": 1,
                                  "median_minutes": 7.0, "p90_minutes": 10.0}
    assert steps["interview"]["measured"] == 0
    assert steps["interview"]["median_minutes"] is None


def test_officer_figures_come_from_the_step_events_they_recorded(blitar, july, officer):
    rows = selectors.officer_kinerja(blitar, **JULY)
    assert rows == [{"officer": officer.pk, "name": "Budi", "steps_measured": 2, "steps_within_norm": 1,
                     "median_minutes": 7.0, "calls": 0}]


def test_the_period_is_the_office_local_date(blitar, july):
    june = selectors.office_kinerja(blitar, start=date(2025, 6, 1), end=date(2025, 6, 30), as_of=AS_OF)
    assert promises(june)["payment"] == (1, 1, 0, 0, 0, 1.0)  # F, billed 30 Jun 23:30 WIB (16:30 UTC)


def test_loading_an_office_month_takes_a_fixed_number_of_queries(blitar, july):
    make_application(blitar, "G", events={"billing_issued": wib(2025, 7, 2, 10)})
    with CaptureQueriesContext(connection) as few:
        selectors.office_kinerja(blitar, **JULY)
    for number in range(20):
        make_application(blitar, f"H{number}", events={"billing_issued": wib(2025, 7, 3, 10),
                                                       "payment": wib(2025, 7, 4, 10)})
    with CaptureQueriesContext(connection) as many:
        selectors.office_kinerja(blitar, **JULY)
    assert len(many) == len(few)


def test_target_for_a_whole_year_is_the_yearly_target(blitar):
    result = selectors.office_kinerja(blitar, start=date(2024, 1, 1), end=date(2024, 12, 31),
                                      as_of=datetime.fromisoformat("2025-01-15T12:00+07:00"))
    assert result["target"] == {"documents": 27_053, "issued": 0, "achievement_percent": 0.0}


def test_target_for_a_month_is_pro_rata_by_working_days(blitar, july):
    DocumentTarget.objects.create(office=blitar, year=2025, documents=24_000)
    calendar = work_calendar_for(blitar)
    in_july = len(list(calendar.working_days(date(2025, 7, 1), date(2025, 7, 31))))
    in_year = len(list(calendar.working_days(date(2025, 1, 1), date(2025, 12, 31))))
    expected = int(Decimal(24_000 * in_july / in_year).quantize(Decimal(1), rounding="ROUND_HALF_UP"))
    target = selectors.office_kinerja(blitar, **JULY)["target"]
    assert in_july == 23
    assert target["documents"] == expected
    assert target["issued"] == 3


def test_no_target_gives_null_documents_and_achievement(blitar, july):
    assert selectors.office_kinerja(blitar, **JULY)["target"] == {"documents": None, "issued": 3,
                                                                  "achievement_percent": None}


def test_compensation_counts_eligible_claimed_fulfilled_outstanding_and_cost(blitar, july, kasubsi):
    policy = CompensationPolicy.objects.get(office=blitar, effective_from=date(2025, 3, 25))
    claim = Claim.objects.create(application=july["B"], policy=policy, decision={}, recorded_by=kasubsi)
    Claim.objects.filter(pk=claim.pk).update(recorded_at=wib(2025, 7, 8, 12))
    souvenir = Fulfilment.objects.create(claim=claim, remedy=Remedy.SOUVENIR, status=FulfilmentStatus.DONE,
                                         fulfilled_at=wib(2025, 7, 8, 12, 30))
    Fulfilment.objects.create(claim=claim, remedy=Remedy.APOLOGY)
    item = SouvenirItem.objects.create(office=blitar, name="Gantungan kunci", unit_cost=15_000)
    SouvenirMovement.objects.create(item=item, quantity=-1, reason="kompensasi", fulfilment=souvenir, by=kasubsi)
    result = selectors.office_kinerja(blitar, **JULY)["compensation"]
    assert result == {"eligible": 1, "claimed": 1, "fulfilled": 1, "outstanding": 1, "cost": 15_000}


def test_compensation_cost_is_null_when_a_given_souvenir_has_no_unit_cost(blitar, july, kasubsi):
    policy = CompensationPolicy.objects.get(office=blitar, effective_from=date(2025, 3, 25))
    claim = Claim.objects.create(application=july["B"], policy=policy, decision={}, recorded_by=kasubsi)
    souvenir = Fulfilment.objects.create(claim=claim, remedy=Remedy.SOUVENIR, status=FulfilmentStatus.DONE,
                                         fulfilled_at=wib(2025, 7, 8, 12, 30))
    item = SouvenirItem.objects.create(office=blitar, name="Pin")
    SouvenirMovement.objects.create(item=item, quantity=-1, reason="kompensasi", fulfilment=souvenir, by=kasubsi)
    assert selectors.office_kinerja(blitar, **JULY)["compensation"]["cost"] is None


def test_ikm_and_effectiveness_from_the_period_responses(blitar, july):
    answers = {"u1": 4, "u2": 3, "u3": 3, "u4": 4, "u5": 4, "u6": 4, "u7": 4, "u8": 3, "u9": 3}
    SurveyResponse.objects.create(office=blitar, channel="qr", submitted_on=date(2025, 7, 10), **answers)
    SurveyResponse.objects.create(office=blitar, channel="qr", submitted_on=date(2025, 7, 11),
                                  **{**answers, "u2": 4})
    IkmTarget.objects.update_or_create(office=blitar, year=2025, defaults={"target": Decimal("3.40")})
    result = selectors.office_kinerja(blitar, **JULY)
    # NRR u1 4, u2 3.5, u3 3, u4 4, u5 4, u6 4, u7 4, u8 3, u9 3: the satisfaction area's index (4 places)
    assert result["ikm"] == {"index": 3.6112, "grade": "A", "respondents": 2, "target": 3.4, "achievement": 106.21}
    indicators = {row["code"]: row["value"] for row in result["effectiveness"]}
    assert indicators == {"program_understanding": 3.75, "on_target": 20.0, "on_time": 68.75,
                          "goal_achievement": 106.21, "real_change": None}
    assert all(row["definition"] and row["label"] and row["unit"] for row in result["effectiveness"])


def test_kanwil_ranks_offices_by_their_combined_on_time_rate(blitar, pamekasan, july):
    make_application(pamekasan, "P1", events={"billing_issued": wib(2025, 7, 7, 9), "payment": wib(2025, 7, 7, 10),
                                              "allocation": wib(2025, 7, 8, 10)})
    result = selectors.kanwil_kinerja(blitar.kanwil, **JULY)
    ranked = [(row["office"], row["rank"], row["on_time_rate"]) for row in result["offices"]]
    # Pamekasan's P1: paid and allocated on time, not ready by its due (overdue): 2 of 3.
    assert ranked[:2] == [("blitar", 1, 0.6875), ("pamekasan", 2, 0.6667)]
    assert all(row["rank"] is None for row in result["offices"][2:])
    totals = {row["code"]: row["total"] for row in result["promises"]}
    assert totals["payment"] == 5 and totals["allocation"] == 5
    assert result["kanwil"] == blitar.kanwil.code
    assert result["documents_issued"] == 3


def test_at_risk_lists_waits_past_the_warning_and_allocations_due_today(blitar):
    make_application(blitar, "W", events={"biometric_ticket": wib(2025, 7, 15, 8)})
    make_application(blitar, "Q", events={"biometric_ticket": wib(2025, 7, 15, 9)})
    make_application(blitar, "P", events={"payment": wib(2025, 7, 11, 10)})  # due end of Tue 15
    risk = selectors.at_risk_now(blitar, wib(2025, 7, 15, 9, 50))
    assert [(row["number"], row["waited_minutes"], row["warn_minutes"], row["limit_minutes"])
            for row in risk["waiting"]] == [("W", 110, 105, 120)]
    assert [row["number"] for row in risk["allocation_due_today"]] == ["P"]


def test_monthly_trend_has_twelve_months_with_july_figures(blitar, july):
    trend = selectors.monthly_trend(blitar, 2025, AS_OF)
    assert [row["month"] for row in trend] == list(range(1, 13))
    july_rows = {row["code"]: row["total"] for row in trend[6]["promises"]}
    assert july_rows["allocation"] == 4
    assert {row["code"]: row["total"] for row in trend[5]["promises"]}["payment"] == 1


def test_promise_applications_lists_the_rows_behind_a_figure(blitar, july):
    rows = selectors.promise_applications(blitar, code="allocation", status="overdue", **JULY)
    assert [row["number"] for row in rows] == ["B"]


@pytest.mark.parametrize("office_code", ["jayapura"])
def test_a_wit_office_counts_by_its_own_local_date(reference_data, office_code):
    from maklumat.offices.models import Office

    jayapura = Office.objects.get(code=office_code)
    ticket = datetime.fromisoformat("2025-06-30T15:30:00+00:00")  # 1 July 00:30 WIT
    make_application(jayapura, "J", events={"billing_issued": ticket})
    july = selectors.office_kinerja(jayapura, **JULY)
    june = selectors.office_kinerja(jayapura, start=date(2025, 6, 1), end=date(2025, 6, 30), as_of=AS_OF)
    assert promises(july)["payment"][0] == 1
    assert promises(june)["payment"][0] == 0


def _complaint(office, code, received, *, resolved=None, steps=()):
    from maklumat.complaints.models import Complaint, ComplaintStep
    from maklumat.standards.models import SopVersion

    complaint = Complaint.objects.create(
        office=office, tracking_code=code, channel="walk_in", subject="Uji", description="Uji",
        received_at=received, resolved_at=resolved, status="resolved" if resolved else "open",
        sop_version=SopVersion.objects.first())
    for order, (status, started, due, done) in enumerate(steps, start=1):
        ComplaintStep.objects.create(complaint=complaint, order=order, code=f"s{order}", behaviour="pass",
                                     actor_role="petugas_yankomas", activity_id="Uji", norm_minutes=30,
                                     status=status, started_at=started, due_at=due, completed_at=done)
    return complaint


def test_complaints_received_open_overdue_and_recap_on_time_rate(blitar):
    _complaint(blitar, "X", wib(2025, 7, 10, 9), resolved=wib(2025, 7, 10, 11), steps=[
        ("done", wib(2025, 7, 10, 9), wib(2025, 7, 10, 9, 2), wib(2025, 7, 10, 9, 1)),
        ("done", wib(2025, 7, 10, 9, 1), wib(2025, 7, 10, 9, 31), wib(2025, 7, 10, 10))])
    _complaint(blitar, "Y", wib(2025, 7, 20, 9), steps=[
        ("done", wib(2025, 7, 20, 9), wib(2025, 7, 20, 9, 2), wib(2025, 7, 20, 9, 1)),
        ("active", wib(2025, 7, 20, 9, 1), wib(2025, 7, 20, 9, 31), None)])
    _complaint(blitar, "Z", wib(2025, 6, 30, 9), resolved=wib(2025, 6, 30, 10))
    result = selectors.office_kinerja(blitar, **JULY)["complaints"]
    # Steps fallen due in July: X1 kept, X2 late, Y1 kept, Y2 still open past due: 2 of 4.
    assert result == {"received": 2, "open": 1, "overdue": 1, "on_time_rate": 0.5}


def test_rollup_side_figures_keep_each_office_own_time_zone(blitar, jayapura, july, kasubsi):
    """The roll-ups read every time zone's complaints and compensation in the same queries, each
    zone with its own bounds: an office's row equals its own figures near the period's edges."""
    from zoneinfo import ZoneInfo

    def wit(*args):
        return datetime(*args, tzinfo=ZoneInfo("Asia/Jayapura"))

    step = ("done", wit(2025, 7, 1, 0, 10), wit(2025, 7, 1, 0, 40), wit(2025, 7, 1, 0, 30))
    _complaint(jayapura, "J1", wit(2025, 7, 1, 0, 30), steps=[step])  # 30 Jun 22:30 WIB: July in WIT
    _complaint(jayapura, "J2", wit(2025, 8, 1, 0, 30), steps=[  # 31 Jul 22:30 WIB: August in WIT
        ("active", wit(2025, 8, 1, 0, 30), wit(2025, 8, 1, 1), None)])
    _complaint(blitar, "B1", wib(2025, 7, 31, 23, 30), resolved=wib(2025, 8, 1, 9), steps=[  # 1 Aug WIT
        ("done", wib(2025, 7, 31, 23, 30), wib(2025, 7, 31, 23, 50), wib(2025, 8, 1, 8))])
    policy = CompensationPolicy.objects.get(office=blitar, effective_from=date(2025, 3, 25))
    early = Claim.objects.create(application=july["A"], policy=policy, decision={}, recorded_by=kasubsi)
    late = Claim.objects.create(application=july["B"], policy=policy, decision={}, recorded_by=kasubsi)
    Claim.objects.filter(pk=early.pk).update(recorded_at=wib(2025, 6, 30, 23, 30))  # 1 Jul in WIT
    Claim.objects.filter(pk=late.pk).update(recorded_at=wib(2025, 7, 31, 23, 30))  # 1 Aug in WIT
    Fulfilment.objects.create(claim=late, remedy=Remedy.APOLOGY, status=FulfilmentStatus.DONE,
                              fulfilled_at=wib(2025, 7, 31, 23, 45))
    period = {"start": date(2025, 7, 1), "end": date(2025, 7, 31), "as_of": wib(2025, 8, 5, 12)}
    national = {row["office"]: row for row in selectors.national_kinerja(**period)["offices"]}
    for office in (blitar, jayapura):
        own = selectors.office_kinerja(office, **period)
        assert (national[office.code]["complaints"], national[office.code]["compensation"]) == (
            own["complaints"], own["compensation"])
    assert national["jayapura"]["complaints"] == {"received": 1, "open": 1, "overdue": 0, "on_time_rate": 1.0}
    assert national["blitar"]["complaints"]["received"] == 1
    assert national["blitar"]["compensation"]["claimed"] == 1
    assert national["blitar"]["compensation"]["fulfilled"] == 1
