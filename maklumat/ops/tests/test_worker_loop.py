"""The shared worker loop: stop signals, database blips with backoff, stale connections."""

import os
import signal

import pytest
from django.db import OperationalError

from maklumat.lib import worker
from maklumat.lib.worker import Stop, backoff_seconds, run_loop


@pytest.fixture(autouse=True)
def no_database(monkeypatch):
    """These tests run passes without a database; a connection another test left open stays untouched."""
    monkeypatch.setattr(worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(worker.connections, "close_all", lambda: None)


class FakeClock:
    """Records sleeps instead of sleeping."""

    def __init__(self):
        self.slept = []

    def __call__(self, seconds):
        self.slept.append(seconds)


def test_database_loss_is_retried_with_growing_pauses_then_the_worker_carries_on():
    # given a pass that loses the database twice, then succeeds
    clock = FakeClock()
    stop = Stop(sleep=clock, step=1000)
    outcomes = [OperationalError("server closed the connection"), OperationalError("connection refused"), None]
    calls = []

    def one_pass():
        calls.append(len(calls))
        outcome = outcomes[len(calls) - 1]
        if outcome is not None:
            raise outcome
        stop.set()  # the third pass succeeds; stop after it

    # when the loop runs
    status = run_loop(one_pass, interval=30, stop=stop, handle_signals=False)

    # then it retried after 1 s and 2 s, ran the successful pass, and exited cleanly
    assert calls == [0, 1, 2]
    assert clock.slept == [1, 2]
    assert status == 0


def test_backoff_doubles_up_to_the_cap():
    assert [backoff_seconds(n, maximum=60) for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]


def test_sigterm_during_a_pass_finishes_the_pass_then_exits_zero():
    # given a pass that receives SIGTERM half-way
    finished = []

    def one_pass():
        os.kill(os.getpid(), signal.SIGTERM)
        finished.append(True)  # still runs: the signal only asks the loop to stop

    before = signal.getsignal(signal.SIGTERM)
    # when the loop runs with its signal handlers
    status = run_loop(one_pass, interval=3600)
    # then the pass ran to its end once, the loop returned 0 without waiting an hour,
    # and the previous handler is back
    assert finished == [True]
    assert status == 0
    assert signal.getsignal(signal.SIGTERM) is before


def test_sigint_stops_the_loop_during_the_pause():
    calls = []
    clock_calls = []

    def sleep(seconds):
        clock_calls.append(seconds)
        if len(clock_calls) == 3:
            os.kill(os.getpid(), signal.SIGINT)

    def one_pass():
        calls.append(1)

    status = run_loop(one_pass, interval=3600, stop=Stop(sleep=sleep, step=1))
    assert status == 0
    assert calls == [1]  # stopped in the first pause, no second pass
    assert len(clock_calls) == 3


def test_stale_connections_are_closed_before_every_pass(monkeypatch):
    events = []
    monkeypatch.setattr(worker, "close_old_connections", lambda: events.append("close"))
    stop = Stop(sleep=lambda s: None)

    def one_pass():
        events.append("pass")
        if events.count("pass") == 2:
            stop.set()

    run_loop(one_pass, interval=1, stop=stop, handle_signals=False)
    assert events == ["close", "pass", "close", "pass"]


def test_a_bug_in_the_pass_is_not_swallowed():
    def one_pass():
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        run_loop(one_pass, interval=1, stop=Stop(sleep=lambda s: None), handle_signals=False)
