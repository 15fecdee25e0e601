#!/usr/bin/env python3
"""Load benchmark of the queue: real gunicorn on PostgreSQL, 50 concurrent clients for 30 s.

Half the clients are kiosks issuing numbers (POST .../queue/tickets), half are counters calling
next (POST .../queue/counters/<id>/call-next), all through the token-authenticated API. Prints
requests/s, p50/p99 latency, duplicate numbers and double calls (both must be 0), then the same
server's requests/s on a trivial endpoint (GET /api/v1/queue/health) for comparison, and the CPU
each action costs relative to one trivial request: CPU seconds of the gunicorn processes (and,
separately, of the PostgreSQL backends serving them) per request, read from /proc.

``--offices N`` spreads the clients over N offices as a national deployment would (each office
gets its own kiosk token and counters; offices beyond the seeded ones are created as copies of
Blitar with the reference queue set-up). ``--pool`` turns on Django's PostgreSQL connection pool.

    .venv/bin/python bench/queue_load.py [--clients 50] [--offices 1] [--seconds 30] [--workers 4]
        [--threads 4] [--pool] [--database-url postgres://postgres@127.0.0.1:5432/maklumat_bench]
        [--think-ms 0] [--redis-url redis://127.0.0.1:6379/14]

With ``--think-ms M`` each client pauses between its requests for a time drawn from an exponential
distribution of mean M ms (and starts at such a random moment), so the clients act independently: a
fixed pause would keep all 50 in lockstep after the start gate and measure bursts of 50 simultaneous
requests instead of a queue's load.

The database named in --database-url is dropped and created afresh (only on 127.0.0.1/localhost).
Only loopback traffic; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter as Tally
from pathlib import Path
from urllib.parse import urlparse

from benchdb import fresh_database

ROOT = Path(__file__).resolve().parent.parent
OFFICE = "blitar"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--trivial-seconds", type=float, default=10)
    p.add_argument("--warmup-seconds", type=float, default=5,
                   help="queue and trivial requests before measuring, so every worker and thread has loaded its code, "
                        "caches and connections (a production server is warm)")
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--threads", type=int, default=4, help="gunicorn gthread threads per worker")
    p.add_argument("--think-ms", type=float, default=0,
                   help="mean pause between a client's requests, drawn from an exponential distribution per "
                        "request (independent clients, as people at kiosks and counters are); 0 = no pause")
    p.add_argument("--offices", type=int, default=1, help="spread the clients over this many offices")
    p.add_argument("--pool", action="store_true", help="Django's PostgreSQL connection pool (DATABASE_POOL=1)")
    p.add_argument("--redis-url", help="the cache (rate limits, the per-process cache's version) in Redis, as "
                                       "deployed (README: Running in production); default: the database cache")
    p.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL",
                                                            "postgres://postgres@127.0.0.1:5432/maklumat_bench"))
    return p.parse_args()


SETUP = r"""
import django, json, sys
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from maklumat.portal.management.commands.seed import run_seed_steps
run_seed_steps("seed_reference", lambda m: None)
from maklumat.accounts.models import User
from maklumat.accounts.roles import Role
from maklumat.accounts.services import token_create
from maklumat.offices.models import Office
from maklumat.queueing.models import Counter, QueueConfig, Step
from maklumat.queueing.seed import seed_office
n, n_offices = int(sys.argv[1]), int(sys.argv[2])
blitar = Office.objects.get(code="blitar")
offices = [blitar] + list(Office.objects.exclude(pk=blitar.pk).order_by("code")[: n_offices - 1])
for i in range(len(offices), n_offices):  # more offices than seeded: copies of Blitar
    office = Office.objects.create(code=f"bench-{i:02d}", name=f"Kantor Bench {i}", office_class=blitar.office_class,
                                   kanwil=blitar.kanwil, time_zone=blitar.time_zone, city="Bench")
    seed_office(office)
    offices.append(office)
out = {"offices": []}
for o, office in enumerate(offices):
    QueueConfig.objects.filter(office=office).update(walk_in_daily_quota=None)
    intake = Step.objects.get(office=office, code="intake")
    kiosk = User.objects.create_user(f"bench.kiosk{o}", role=Role.DUTA_LAYANAN, office=office)
    entry = {"code": office.code, "kiosk": token_create(user=kiosk), "counters": []}
    for i in range(max(1, n // len(offices) + (1 if o < n % len(offices) else 0))):
        user = User.objects.create_user(f"bench.loket{o}.{i}", role=Role.PETUGAS_LOKET, office=office)
        counter = Counter.objects.create(office=office, name=f"Bench {i}")
        counter.steps.set([intake])
        entry["counters"].append([counter.pk, token_create(user=user)])
    out["offices"].append(entry)
print(json.dumps(out))
"""

CHECK = r"""
import django, json
django.setup()
from django.db.models import Count
from maklumat.queueing.models import Call, DaySequence, Ticket
dups = Ticket.objects.values("series", "day", "number").annotate(n=Count("id")).filter(n__gt=1).count()
double = Call.objects.filter(is_recall=False).values("ticket").annotate(n=Count("id")).filter(n__gt=1).count()
gaps = sum(seq.last_number - Ticket.objects.filter(series=seq.series, day=seq.day).count()
           for seq in DaySequence.objects.all())
print(json.dumps({"tickets": Ticket.objects.count(), "calls": Call.objects.count(), "dup_numbers": dups,
                  "double_calls": double, "gaps": gaps}))
"""


def _cpu_of(pid: int) -> float:
    """User + system CPU seconds of one process (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            out += [int(x) for x in (task / "children").read_text().split()]
    return out


def _backends(url: str) -> list[int]:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    with psycopg.connect(host=parsed.hostname, port=parsed.port or 5432, user=parsed.username,
                         password=parsed.password, dbname="postgres", autocommit=True) as conn:
        return [r[0] for r in conn.execute("select pid from pg_stat_activity where datname = %s", [name])]


class CpuMeter:
    """CPU seconds spent by the server (gunicorn master + workers) and its PostgreSQL backends."""

    def __init__(self, server_pid: int, url: str):
        self.server_pid, self.url = server_pid, url

    def read(self) -> tuple[float, dict[int, float]]:
        app = _cpu_of(self.server_pid) + sum(_cpu_of(p) for p in _children(self.server_pid))
        return app, {p: _cpu_of(p) for p in _backends(self.url)}

    @staticmethod
    def spent(before, after) -> tuple[float, float]:
        app = after[0] - before[0]
        db = sum(cpu - before[1].get(pid, 0.0) for pid, cpu in after[1].items())
        return app, db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_django(code: str, env: dict, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=300,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


class Client(threading.Thread):
    """One client: a kiosk or a counter, with its own keep-alive connection."""

    def __init__(self, port, method, path, token, deadline, think, start_gate):
        super().__init__(daemon=True)
        self.port, self.method, self.path, self.token = port, method, path, token
        self.deadline, self.think, self.gate = deadline, think, start_gate
        self.latencies: list[float] = []
        self.bodies: list[dict] = []
        self.errors: Tally = Tally()

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        body = json.dumps({"step": "intake", "ticket_class": "general"}) if self.method == "POST" else None
        pause = random.Random(id(self)).expovariate  # each client its own stream of pauses
        self.gate.wait()
        if self.think:  # start at a random moment of the first pause, not all at the gate's instant
            time.sleep(pause(1 / self.think))
        while time.monotonic() < self.deadline[0]:
            started = time.perf_counter()
            try:
                conn.request(self.method, self.path, body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
            except (OSError, http.client.HTTPException) as exc:
                self.errors[type(exc).__name__] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                continue
            self.latencies.append(time.perf_counter() - started)
            if response.status >= 400:
                self.errors[response.status] += 1
            elif self.method == "POST":
                self.bodies.append(json.loads(payload))
            if self.think:
                time.sleep(pause(1 / self.think))
        conn.close()


def drive(port, clients_spec, seconds, think):
    gate = threading.Barrier(len(clients_spec) + 1)
    deadline = [float("inf")]
    clients = [Client(port, method, path, token, deadline, think, gate) for method, path, token in clients_spec]
    for client in clients:
        client.start()
    gate.wait()
    started = time.monotonic()
    deadline[0] = started + seconds
    for client in clients:
        client.join(timeout=seconds + 30)
    elapsed = time.monotonic() - started
    return clients, elapsed


def percentile(values, q):
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    args = parse_args()
    fresh_database(args.database_url)
    data_dir = tempfile.mkdtemp(prefix="maklumat-bench-")
    env = {**os.environ, "DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": "maklumat.settings",
           "MAKLUMAT_DATA_DIR": data_dir, "LOG_LEVEL": "WARNING", "PUBLIC_RATE_LIMIT": "100000000"}
    if args.pool:
        env["DATABASE_POOL"] = "1"
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    counters = max(1, args.clients // 2)
    setup = run_django(SETUP, env, str(counters), str(max(1, args.offices)))
    port = free_port()
    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or "gunicorn"
    server = subprocess.Popen([gunicorn, "maklumat.wsgi", "--bind", f"127.0.0.1:{port}", "--workers",
                               str(args.workers), "--worker-class", "gthread", "--threads", str(args.threads),
                               # kiosks and counter screens keep their connection across pauses (nginx: 75 s)
                               "--keep-alive", "75",
                               "--log-level", "warning"], env=env, cwd=ROOT)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        kiosks = args.clients - counters
        offices = setup["offices"]
        spec = [("POST", f"/api/v1/offices/{offices[i % len(offices)]['code']}/queue/tickets",
                 offices[i % len(offices)]["kiosk"]) for i in range(kiosks)]
        spec += [("POST", f"/api/v1/offices/{o['code']}/queue/counters/{pk}/call-next", token)
                 for o in offices for pk, token in o["counters"]]
        # Warm up: every worker imports its URLs and code on its first request (long on a busy machine).
        warm_until = time.monotonic() + 120
        while time.monotonic() < warm_until:
            warm, _ = drive(port, [("GET", "/api/v1/queue/health", None)] * 16, 2, 0)
            if all(c.latencies and not c.errors and max(c.latencies) < 1 for c in warm):
                break
        drive(port, spec + [("GET", "/api/v1/queue/health", None)] * 8, args.warmup_seconds, 0)
        meter = CpuMeter(server.pid, args.database_url)
        before = meter.read()
        clients, elapsed = drive(port, spec, args.seconds, args.think_ms / 1000)
        queue_cpu = CpuMeter.spent(before, meter.read())
        before = meter.read()
        trivial, trivial_elapsed = drive(port, [("GET", "/api/v1/queue/health", None)] * args.clients,
                                         args.trivial_seconds, args.think_ms / 1000)
        trivial_cpu = CpuMeter.spent(before, meter.read())
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
    check = run_django(CHECK, env)
    shutil.rmtree(data_dir, ignore_errors=True)

    latencies = [x for c in clients for x in c.latencies]
    errors = sum((c.errors for c in clients), Tally())
    # Numbers repeat across offices (each office has its A-001): a duplicate is one office's number twice.
    numbers = [(c.path.split("/")[4], b["number"]) for c in clients if "tickets" in c.path for b in c.bodies]
    called = [b["ticket"]["id"] for c in clients if "call-next" in c.path for b in c.bodies if b["ticket"]]
    dup_numbers = len(numbers) - len(set(numbers))
    double_calls = len(called) - len(set(called))
    http_errors = sum(n for kind, n in errors.items() if isinstance(kind, int))  # answered (timeouts were not)
    rps = len(latencies) / elapsed
    trivial_rps = sum(len(c.latencies) for c in trivial) / trivial_elapsed
    trivial_errors = sum((c.errors for c in trivial), Tally())
    trivial_lat = [x for c in trivial for x in c.latencies]
    print(f"queue load: {args.clients} clients ({kiosks} kiosks issuing, {len(spec) - kiosks} counters calling "
          f"next) over {len(offices)} office(s), {elapsed:.1f} s, gunicorn {args.workers} workers x {args.threads} "
          f"threads, PostgreSQL{' with connection pool' if args.pool else ''}, "
          f"cache {'Redis' if args.redis_url else 'database'}, think {args.think_ms:g} ms (mean)")
    print(f"  requests:          {len(latencies)} ({len(numbers)} issued, {len(called)} called, "
          f"{len(latencies) - len(numbers) - len(called) - http_errors} empty calls), errors {dict(errors)}")
    print(f"  requests/s:        {rps:.1f}")
    p50, p99 = 1000 * percentile(latencies, .5), 1000 * percentile(latencies, .99)
    print(f"  latency p50/p99:   {p50:.1f} ms / {p99:.1f} ms")
    for kind, marker in (("issue", "tickets"), ("call next", "call-next")):
        lat = [x for c in clients if marker in c.path for x in c.latencies]
        print(f"    {kind:<10} p50/p99: {1000 * percentile(lat, .5):.1f} ms / {1000 * percentile(lat, .99):.1f} ms")
    print(f"  duplicate numbers: {dup_numbers} (database: {check['dup_numbers']}, gaps {check['gaps']})")
    print(f"  double calls:      {double_calls} (database: {check['double_calls']})")
    print(f"trivial endpoint: {trivial_rps:.1f} requests/s, p50/p99 {1000 * percentile(trivial_lat, .5):.1f} / "
          f"{1000 * percentile(trivial_lat, .99):.1f} ms, errors {dict(trivial_errors)}")
    trivial_n = sum(len(c.latencies) for c in trivial)
    per_action = [cpu / max(1, len(latencies)) for cpu in queue_cpu]
    per_trivial = [cpu / max(1, trivial_n) for cpu in trivial_cpu]
    for kind, a, t in (("app (gunicorn)", per_action[0], per_trivial[0]), ("database", per_action[1], per_trivial[1])):
        ratio = f"{a / t:.1f}x" if t else "n/a"
        print(f"CPU per request, {kind:<14}: queue action {1000 * a:.2f} ms, trivial {1000 * t:.2f} ms -> {ratio}")
    app_ratio = per_action[0] / per_trivial[0] if per_trivial[0] else float("nan")
    print(f"CPU per action = {app_ratio:.1f}x the trivial endpoint (goal <= 3x)")
    share = f"{100 * rps / trivial_rps:.0f} %" if trivial_rps else "n/a"
    print(f"queue throughput = {share} of trivial (goal >= 50 %); "
          f"p99 goal < 100 ms: {'met' if percentile(latencies, .99) < 0.1 else 'NOT met'}")
    if dup_numbers or double_calls or check["dup_numbers"] or check["double_calls"] or check["gaps"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
