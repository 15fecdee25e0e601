"""Benchmark of `maklumat compensation evaluate` (issues 3 and 15).

Generates N realistic Blitar applications as JSON Lines (default 1,000,000), then measures, in one
run so that the ratios compare like with like on a shared machine:
  * parse-only: decoding every line with the standard library's json and with orjson (one core);
  * evaluate: the real command, `maklumat compensation evaluate --office blitar ...`, as a
    subprocess (Django start-up included), stdout to a file, for the full and the compact output,
    pinned to one core, and with --jobs N (default 2) unpinned; then both again on one core with
    stdout to /dev/null (the same work without the kernel's page-cache writes);
and prints, per run, applications/second of wall-clock time and per CPU-second (user + system of the
command and its workers), the ratios evaluate / parse-only (CPU time against CPU time) and the load
average while it ran (the machine is shared: CPU time, not wall time, is the figure to compare).

    .venv/bin/python bench/evaluate.py [--count 1000000] [--jobs 2] [--keep FILE] [--input FILE]

It prepares its own SQLite database in a temporary MAKLUMAT_DATA_DIR (migrate + seed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

import orjson

SERVICES = ["baru"] * 55 + ["penggantian"] * 30 + ["hilang"] * 8 + ["rusak"] * 4 + ["percepatan"] * 3
FLAGS = [[]] * 95 + [["under_review"]] * 2 + [["field_check"]] * 2 + [["broker"]]


def generate(path: Path, count: int, seed: int = 3) -> None:
    rng = random.Random(seed)
    start = datetime(2025, 4, 14, 7, 30)
    with path.open("wb") as out:
        for number in range(count):
            day = start + timedelta(days=rng.randrange(0, 240))
            if day.weekday() >= 5:
                day -= timedelta(days=2)
            ticket = day + timedelta(minutes=rng.randrange(0, 420))
            wait = timedelta(minutes=rng.triangular(5, 200, 60))
            events = {"queue_ticket": (ticket - timedelta(minutes=10)).isoformat() + "+07:00",
                      "biometric_ticket": ticket.isoformat() + "+07:00"}
            if rng.random() < 0.97:
                events["biometric_start"] = (ticket + wait).isoformat(timespec="seconds") + "+07:00"
                payment = ticket + wait + timedelta(hours=rng.randrange(1, 72))
                events["payment"] = payment.isoformat(timespec="seconds") + "+07:00"
                if rng.random() < 0.9:
                    events["allocation"] = (payment + timedelta(hours=rng.randrange(2, 120))).isoformat(
                        timespec="seconds") + "+07:00"
            row = {
                "id": f"BLT-2025-{number:07d}", "service": rng.choice(SERVICES),
                "booking": "m_paspor" if rng.random() < 0.8 else "walk_in", "smart_queue": rng.random() < 0.9,
                "events": events, "flags": rng.choice(FLAGS),
            }
            out.write(orjson.dumps(row, option=orjson.OPT_APPEND_NEWLINE))


def pin_to_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def parse_only(path: Path, loads) -> float:
    """CPU seconds to decode every line of ``path`` with ``loads``."""
    began = time.process_time()
    with path.open("rb") as handle:
        for line in handle:
            loads(line)
    return time.process_time() - began


def run_command(command: list[str], env: dict, answers: Path, *, pinned: bool) -> tuple[float, float, float]:
    """Wall-clock, user CPU and system CPU seconds (workers included) of one command run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    with answers.open("wb") as sink:
        subprocess.run(command, env=env, check=True, stdout=sink, preexec_fn=pin_to_one_core if pinned else None)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for the --jobs runs")
    parser.add_argument("--keep", type=Path, help="write the generated input here and keep it")
    parser.add_argument("--input", type=Path, help="use this input instead of generating one (--count is ignored)")
    parser.add_argument("--answers", type=Path, help="directory for the answers file (default: a temporary one)")
    args = parser.parse_args()
    maklumat = str(Path(sys.executable).with_name("maklumat"))
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "MAKLUMAT_DATA_DIR": tmp}
        env.pop("DATABASE_URL", None)
        for step in (["migrate", "-v", "0"], ["seed"]):
            subprocess.run([maklumat, *step], env=env, check=True, stdout=subprocess.DEVNULL)
        if args.input:
            path = args.input
            with path.open("rb") as handle:
                count = sum(1 for line in handle if line.strip())
        else:
            path = args.keep or Path(tmp) / "applications.jsonl"
            count = args.count
            began = time.perf_counter()
            generate(path, count)
            print(f"generated {count:,} applications ({path.stat().st_size / 1e6:.0f} MB) "
                  f"in {time.perf_counter() - began:.1f} s")
        figures: dict[str, float] = {}
        pinned_cpu = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
        pin_to_one_core()
        for name, loads in (("json", json.loads), ("orjson", orjson.loads)):
            figures[name] = parse_only(path, loads)
            print(f"parse-only {name}: {figures[name]:.2f} CPU s, {count / figures[name]:,.0f} lines per CPU-second "
                  f"(load average {_load()})")
        if pinned_cpu is not None:
            os.sched_setaffinity(0, pinned_cpu)
        base = [maklumat, "compensation", "evaluate", "--office", "blitar", "--input", str(path),
                "--as-of", "2026-01-01T00:00:00+07:00"]
        # The last two runs write to /dev/null: the kernel's cost of putting 1.3 GB into the page cache
        # (system time, which varies with the machine's memory pressure) apart from the command's own.
        runs = [("full", [], True, False), ("compact", ["--output", "compact"], True, False),
                (f"full --jobs {args.jobs}", ["--jobs", str(args.jobs)], False, False),
                (f"compact --jobs {args.jobs}", ["--output", "compact", "--jobs", str(args.jobs)], False, False),
                ("full", [], True, True), ("compact", ["--output", "compact"], True, True)]
        for label, extra, pinned, discarded in runs:
            answers = Path(os.devnull) if discarded else (args.answers or Path(tmp)) / "answers.jsonl"
            wall, user, system = run_command([*base, *extra], env, answers, pinned=pinned)
            cpu = user + system
            target = "to /dev/null" if discarded else f"{answers.stat().st_size / 1e6:.0f} MB written to a file"
            print(f"evaluate {label} ({'one core' if pinned else 'unpinned'}, Django start-up included, "
                  f"{target}): {wall:.2f} s wall, "
                  f"{count / wall:,.0f} applications/s; {cpu:.2f} CPU s ({user:.2f} user, {system:.2f} system), "
                  f"{count / cpu:,.0f} applications per CPU-second; "
                  f"CPU ratio to parse-only json {cpu / figures['json']:.2f}x, orjson {cpu / figures['orjson']:.2f}x "
                  f"(load average {_load()})")
            if not discarded:
                answers.unlink()


if __name__ == "__main__":
    main()
