"""The what-if page: backtest and forecast beside each other, an edited plan compared, plans saved (audited)."""

from __future__ import annotations

import json
import re

import pytest

from maklumat.accounts.roles import Role
from maklumat.audit.models import AuditEntry
from maklumat.simulation.models import StaffingPlan

pytestmark = pytest.mark.django_db

PAGE = "/kantor/blitar/simulasi/"


@pytest.fixture
def recent_history(blitar):
    from datetime import timedelta

    from maklumat.simulation.tests.conftest import load_history

    today = blitar.local_date()
    load_history(blitar, count=300, start=today - timedelta(days=40), end=today - timedelta(days=1))
    return blitar


@pytest.fixture
def kakan(blitar, client_of):
    from maklumat.conftest import make_user

    return client_of(make_user("kakan.sim", Role.KEPALA_KANTOR, office=blitar))


def test_page_shows_the_backtest_and_the_forecast(recent_history, kakan):
    response = kakan.get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="uji-balik"' in html and 'id="prakiraan"' in html and "<svg" in html
    backtest = response.context["backtest"]
    assert backtest is not None and backtest.days > 20 and backtest.actual.mean_wait > 0
    assert response.context["scenario"].threshold_minutes == 120  # Blitar's policy data
    assert not response.context["edited"]


def test_an_edited_plan_is_compared_with_the_current_one(recent_history, kakan):
    response = kakan.get(PAGE, {"run": "1", "s-biometric-08": "0", "s-biometric-09": "0", "s-biometric-10": "0"})
    assert response.status_code == 200 and response.context["edited"]
    assert response.context["plan_figures"].mean_wait > response.context["current_figures"].mean_wait


def test_a_bad_counter_value_is_named_and_ignored_never_a_500(recent_history, kakan):
    response = kakan.get(PAGE, {"run": "1", "s-intake-08": "banyak"})
    assert response.status_code == 200
    assert response.context["problems"] == {"s-intake-08": "banyak"}


def test_saving_a_plan_is_audited_and_reloads_it(blitar, kakan):
    staffing = {"biometric": {"08": 3, "09": 3}, "intake": {"08": 1}}
    response = kakan.post(PAGE + "rencana/", {"name": "Senin sibuk", "staffing": json.dumps(staffing),
                                             "room_hours": "[8, 9]"})
    plan = StaffingPlan.objects.get(office=blitar, name="Senin sibuk")
    assert response.status_code == 302 and re.search(rf"rencana={plan.pk}$", response["Location"])
    assert plan.staffing == staffing and plan.room_hours == [8, 9]
    entry = AuditEntry.objects.get(action="staffing_plan.save")
    assert entry.office == blitar and entry.after["staffing"] == staffing and entry.before is None


def test_a_bad_plan_is_refused_and_nothing_is_saved(blitar, kakan):
    before = AuditEntry.objects.count()
    response = kakan.post(PAGE + "rencana/", {"name": "X", "staffing": json.dumps({"kasir": {"08": 1}}),
                                             "room_hours": "[]"})
    assert response.status_code == 302
    assert not StaffingPlan.objects.exists()
    assert AuditEntry.objects.count() == before
    response = kakan.post(PAGE + "rencana/", {"name": "X", "staffing": "{not json", "room_hours": "[]"})
    assert response.status_code == 302 and not StaffingPlan.objects.exists()


def test_kasubsi_sets_and_clears_todays_delay_audited(blitar, client_of):
    from maklumat.conftest import make_user
    from maklumat.simulation.models import WaitDelay

    kasubsi = client_of(make_user("kasubsi.delay", Role.KASUBSI, office=blitar))
    url = "/kantor/blitar/antrian/tambahan-tunggu/"
    assert kasubsi.post(url, {"minutes": "20", "reason": "SIMKIM lambat"}).status_code == 302
    delay = WaitDelay.objects.get(office=blitar)
    assert (delay.day, delay.minutes, delay.reason) == (blitar.local_date(), 20, "SIMKIM lambat")
    assert AuditEntry.objects.filter(action="wait_delay.set", office=blitar).count() == 1
    # a delay without a reason, or out of range, is refused and nothing changes
    kasubsi.post(url, {"minutes": "30", "reason": ""})
    kasubsi.post(url, {"minutes": "999", "reason": "x"})
    assert WaitDelay.objects.get(office=blitar).minutes == 20
    kasubsi.post(url, {"minutes": "0", "reason": ""})
    assert not WaitDelay.objects.exists()
    assert AuditEntry.objects.filter(action="wait_delay.clear", office=blitar).count() == 1
