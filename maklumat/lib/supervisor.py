"""A tiny process supervisor for `maklumat demo`: one server and its workers, stopped together.

- SIGTERM, SIGINT and SIGHUP stop the server and every worker (SIGTERM, then SIGKILL after
  ``stop_timeout``), and ``run`` returns 0.
- A worker that exits is restarted; one that dies soon after starting waits 1, 2, 4 … 30 s
  first, so a worker that cannot start does not spin.
- When the server exits on its own, the workers are stopped and its exit status returned.
- Children run in their own session (a terminal's Ctrl-C reaches only the supervisor, which then
  stops them in order) and, on Linux, get SIGTERM if the supervisor itself is killed (-9).

In production systemd does this job (deploy/*.service); this is for the one-command demo.
"""

from __future__ import annotations

import contextlib
import ctypes
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # runs in the child between fork and exec
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _label(argv: Sequence[str]) -> str:
    argv = list(argv)
    return " ".join(argv[argv.index("maklumat") + 1:] if "maklumat" in argv else argv)


class Child:
    def __init__(self, label: str, argv: Sequence[str]):
        self.label = label
        self.argv = list(argv)
        self.process: subprocess.Popen | None = None
        self.started_at = 0.0
        self.quick_deaths = 0
        self.restart_at: float | None = None


class Supervisor:
    def __init__(self, server: Sequence[str], workers: Sequence[Sequence[str]], *, env: dict | None = None,
                 stop_timeout: float = 10.0, settle: float = 10.0, max_restart_delay: float = 30.0,
                 log: Callable[[str], None] = print, poll: float = 0.2):
        self.server = Child("server", server)
        self.workers = [Child(_label(argv), argv) for argv in workers]
        self.env = env
        self.stop_timeout = stop_timeout
        self.settle = settle
        self.max_restart_delay = max_restart_delay
        self.log = log
        self.poll = poll
        self.stop_requested = False

    def request_stop(self, *_args) -> None:
        self.stop_requested = True

    def _start(self, child: Child) -> None:
        child.process = subprocess.Popen(child.argv, env=self.env, start_new_session=True,
                                         preexec_fn=_die_with_parent)
        child.started_at = time.monotonic()
        child.restart_at = None

    def children(self) -> list[Child]:
        return [self.server, *self.workers]

    def run(self) -> int:
        previous = {signum: signal.signal(signum, self.request_stop) for signum in STOP_SIGNALS}
        try:
            for child in self.children():
                self._start(child)
            status = self._watch()
        finally:
            self._stop_all()
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        return status

    def _watch(self) -> int:
        while not self.stop_requested:
            code = self.server.process.poll()
            if code is not None:
                self.log(f"server exited with status {code}; stopping the workers")
                return code or 1
            now = time.monotonic()
            for worker in self.workers:
                self._tend(worker, now)
            time.sleep(self.poll)
        return 0

    def _tend(self, worker: Child, now: float) -> None:
        if worker.restart_at is not None:
            if now >= worker.restart_at:
                self.log(f"restarting worker: {worker.label}")
                self._start(worker)
            return
        code = worker.process.poll()
        if code is None:
            return
        lived = now - worker.started_at
        worker.quick_deaths = worker.quick_deaths + 1 if lived < self.settle else 0
        delay = min(self.max_restart_delay, 2 ** (worker.quick_deaths - 1)) if worker.quick_deaths else 0.0
        self.log(f"worker exited with status {code}: {worker.label}; restart in {delay:.0f} s")
        worker.restart_at = now + delay

    def _stop_all(self) -> None:
        running = [c.process for c in self.children() if c.process is not None and c.process.poll() is None]
        for process in running:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + self.stop_timeout
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
