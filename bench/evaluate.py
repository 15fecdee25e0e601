"""Benchmark of `maklumat compensation evaluate` (issue 3).

Generates N realistic Blitar applications as JSON Lines (default 1,000,000), then measures on
one core:
  * parse-only: decoding every line with orjson (the fastest JSON parser we use);
  * evaluate: the real command, `maklumat compensation evaluate --office blitar ...`, as a
    subprocess pinned to one CPU, stdout to a file (Django start-up included);
and prints applications/second and the ratio evaluate / parse-only.

    .venv/bin/python bench/evaluate.py [--count 1000000] [--keep FILE]

It prepares its own SQLite database in a temporary MAKLUMAT_DATA_DIR (migrate + seed).
"""

from __future__ import annotations

import argparse
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


def parse_only(path: Path) -> float:
    loads = orjson.loads
    began = time.perf_counter()
    with path.open("rb") as handle:
        for line in handle:
            loads(line)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="write the generated input here and keep it")
    args = parser.parse_args()
    pin_to_one_core()
    maklumat = str(Path(sys.executable).with_name("maklumat"))
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "MAKLUMAT_DATA_DIR": tmp}
        env.pop("DATABASE_URL", None)
        for step in (["migrate", "-v", "0"], ["seed"]):
            subprocess.run([maklumat, *step], env=env, check=True, stdout=subprocess.DEVNULL)
        path = args.keep or Path(tmp) / "applications.jsonl"
        began = time.perf_counter()
        generate(path, args.count)
        print(f"generated {args.count:,} applications ({path.stat().st_size / 1e6:.0f} MB) "
              f"in {time.perf_counter() - began:.1f} s")
        parse_seconds = min(parse_only(path) for _ in range(2))
        print(f"parse-only (orjson {orjson.__version__}): {parse_seconds:.2f} s, "
              f"{args.count / parse_seconds:,.0f} lines/s")
        command = [maklumat, "compensation", "evaluate", "--office", "blitar", "--input", str(path),
                   "--as-of", "2026-01-01T00:00:00+07:00"]
        began = time.perf_counter()
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        answers = Path(tmp) / "answers.jsonl"
        with answers.open("wb") as sink:
            subprocess.run(command, env=env, check=True, stdout=sink, preexec_fn=pin_to_one_core)
        evaluate_seconds = time.perf_counter() - began
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu_seconds = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
        print(f"evaluate (one core, Django start-up included, {answers.stat().st_size / 1e6:.0f} MB of answers "
              f"written to a file): {evaluate_seconds:.2f} s, {args.count / evaluate_seconds:,.0f} applications/s")
        print(f"  CPU time of that run (user + system): {cpu_seconds:.2f} s, "
              f"{args.count / cpu_seconds:,.0f} applications per CPU-second")
        print(f"ratio evaluate / parse-only: {evaluate_seconds / parse_seconds:.2f}x (wall clock)")


if __name__ == "__main__":
    main()
