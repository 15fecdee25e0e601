"""Both workers loop through the shared helper; one pass without --loop."""

from django.core.management import call_command

from maklumat.applications.management.commands import pickup_cancel_expired
from maklumat.complaints.management.commands import complaints


def _capture(monkeypatch, module):
    seen = {}

    def fake_run_loop(one_pass, *, interval, name):
        seen.update(interval=interval, name=name)
        one_pass()
        return 0

    monkeypatch.setattr(module, "run_loop", fake_run_loop)
    return seen


def test_pickup_cancel_expired_loop_uses_the_shared_loop_hourly_by_default(db, monkeypatch):
    seen = _capture(monkeypatch, pickup_cancel_expired)
    call_command("pickup_cancel_expired", "--loop")
    assert seen == {"interval": 3600, "name": "pickup_cancel_expired"}


def test_pickup_cancel_expired_every_is_the_older_spelling_of_loop_interval(db, monkeypatch):
    seen = _capture(monkeypatch, pickup_cancel_expired)
    call_command("pickup_cancel_expired", "--every", "120")
    assert seen == {"interval": 120, "name": "pickup_cancel_expired"}


def test_pickup_cancel_expired_without_loop_runs_one_pass(db, monkeypatch, capsys):
    seen = _capture(monkeypatch, pickup_cancel_expired)
    call_command("pickup_cancel_expired")
    assert seen == {}
    assert "0 paspor dibatalkan" in capsys.readouterr().out


def test_complaints_sweep_loop_uses_the_shared_loop(db, monkeypatch):
    seen = _capture(monkeypatch, complaints)
    call_command("complaints", "sweep", "--loop", "--interval", "30")
    assert seen == {"interval": 30, "name": "complaints sweep"}
