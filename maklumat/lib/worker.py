"""One loop for every long-running worker (SLA sweep, pickup cancellation, any later one).

``run_loop(one_pass, interval=...)`` calls ``one_pass()`` every ``interval`` seconds until it is
told to stop, and does the three things a worker that runs for months must do (Healthchecks'
``sendalerts`` does the same):

- **SIGTERM / SIGINT** finish the pass in progress, then the loop returns 0 (systemd, the demo
  and Ctrl-C stop it cleanly; a pass is never cut in half by the signal).
- **Stale connections** are closed before each pass (``close_old_connections``), so a connection
  the database dropped overnight is replaced instead of failing the next pass.
- **A lost database** (``OperationalError`` / ``InterfaceError``: a restart, a network blip) does
  not kill the worker: it logs, closes the connections and retries with a growing pause
  (1, 2, 4 … up to ``max_backoff`` seconds); the first successful pass resets the pause.

Any other exception is a bug and propagates (the service manager restarts the worker, loudly).
"""

from __future__ import annotations

import logging
import signal
import time
from collections.abc import Callable

from django.db import InterfaceError, OperationalError, close_old_connections, connections

log = logging.getLogger("maklumat.worker")

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Stop:
    """A stop flag the signal handlers set; ``wait`` sleeps in short steps so a stop is prompt."""

    def __init__(self, sleep: Callable[[float], None] = time.sleep, step: float = 0.2):
        self.requested = False
        self._sleep = sleep
        self._step = step

    def set(self, *_args) -> None:
        self.requested = True

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True when a stop was requested (possibly before sleeping)."""
        remaining = seconds
        while remaining > 0 and not self.requested:
            chunk = min(self._step, remaining)
            self._sleep(chunk)
            remaining -= chunk
        return self.requested


def backoff_seconds(failures: int, *, base: float = 1.0, maximum: float = 60.0) -> float:
    """Pause after the n-th consecutive database failure: 1, 2, 4, … capped at ``maximum``."""
    return min(maximum, base * 2 ** max(0, failures - 1))


def run_loop(
    one_pass: Callable[[], object],
    *,
    interval: float,
    name: str = "worker",
    stop: Stop | None = None,
    max_backoff: float = 60.0,
    handle_signals: bool = True,
) -> int:
    """Run ``one_pass`` every ``interval`` seconds until SIGTERM/SIGINT; returns the exit status (0)."""
    stop = stop or Stop()
    previous = {}
    if handle_signals:
        for signum in STOP_SIGNALS:
            previous[signum] = signal.signal(signum, stop.set)
    failures = 0
    try:
        while not stop.requested:
            close_old_connections()
            try:
                one_pass()
            except (OperationalError, InterfaceError) as exc:
                failures += 1
                pause = backoff_seconds(failures, maximum=max_backoff)
                log.warning("%s: database unavailable (%s); retrying in %.0f s (failure %d)",
                            name, str(exc).strip() or type(exc).__name__, pause, failures)
                connections.close_all()
                stop.wait(pause)
                continue
            if failures:
                log.info("%s: database back after %d failed pass(es)", name, failures)
            failures = 0
            stop.wait(max(0.0, interval))
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    log.info("%s: stopped", name)
    return 0
