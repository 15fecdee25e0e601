#!/usr/bin/env python3
"""CPU per queue request in one process, without a server: issue, call next and the trivial endpoint.

Each request goes through the whole Django stack (WSGI handler, every middleware, the API's token
authentication, the view, the JSON answer) on PostgreSQL, one after the other in this process, so
the CPU time of this process (``time.process_time``) is what one request costs the application
(the database's own CPU is not in it). Rounds alternate the three kinds, and the figures are the
medians of the rounds, so a busy shared machine changes all three alike; the ratio to the trivial
endpoint is the figure to compare. Also prints the SQL statements each action sends, and with
``--profile`` where the CPU goes (cProfile, by function and by area of the code).

    .venv/bin/python bench/queue_cpu.py [--requests 300] [--rounds 3] [--profile]
        [--database-url postgres://postgres@127.0.0.1:5432/maklumat_bench]

The database named in --database-url is dropped and created afresh (only on 127.0.0.1/localhost).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections import defaultdict

from benchdb import fresh_database
from queue_load import SETUP, run_django


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--requests", type=int, default=300, help="requests of each kind per round")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--profile", action="store_true", help="cProfile one round of each action")
    p.add_argument("--office", type=int, default=0,
                   help="which office of the queue_load set-up to use (0 = Blitar; 1-4 the other seeded, then copies)")
    p.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL",
                                                            "postgres://postgres@127.0.0.1:5432/maklumat_bench"))
    return p.parse_args()


def environ(method: str, path: str, token: str | None, body: bytes = b"") -> dict:
    env = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1:8000", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr, "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False,
        "wsgi.version": (1, 0), "CONTENT_LENGTH": str(len(body)),
    }
    if body:
        env["CONTENT_TYPE"] = "application/json"
    if token:
        env["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return env


class Requests:
    """The three kinds of request, sent straight to the WSGI application of this process."""

    def __init__(self, app, setup: dict, index: int):
        office = setup["offices"][index]
        self.app, self.code, self.kiosk = app, office["code"], office["kiosk"]
        self.counter, self.counter_token = office["counters"][0]
        self.body = json.dumps({"step": "intake", "ticket_class": "general"}).encode()

    def _send(self, env, expect: int) -> bytes:
        status = []
        chunks = self.app(env, lambda s, headers, exc_info=None: status.append(s))
        try:
            payload = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        if not status[0].startswith(str(expect)):
            raise SystemExit(f"{env['PATH_INFO']}: {status[0]} {payload[:300]!r}")
        return payload

    def health(self):
        return self._send(environ("GET", "/api/v1/queue/health", None), 200)

    def issue(self):
        return self._send(environ("POST", f"/api/v1/offices/{self.code}/queue/tickets", self.kiosk, self.body), 201)

    def call_next(self):
        return self._send(environ("POST", f"/api/v1/offices/{self.code}/queue/counters/{self.counter}/call-next",
                                  self.counter_token), 200)


def cpu_per_request(send, n: int) -> float:
    started = time.process_time()
    for _ in range(n):
        send()
    return (time.process_time() - started) / n


def statements(send) -> list[str]:
    from django.db import connection

    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append(sql.split()[0] if sql else "")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        send()
    return seen


AREAS = (  # (area, substring of the file path); the first match wins, in this order
    ("audit hashing / fast path SQL building", "maklumat/audit/"),
    ("queue services", "maklumat/queueing/"),
    ("token auth / accounts", "maklumat/accounts/"),
    ("rate limiting", "ratelimit"),
    ("idempotency", "idempotency"),
    ("middleware: sessions", "contrib/sessions"),
    ("middleware: auth", "contrib/auth"),
    ("middleware: axes", "/axes/"),
    ("middleware: csp / security", "/csp/"),
    ("pydantic (input / output)", "pydantic"),
    ("ninja (routing, auth, rendering)", "/ninja/"),
    ("psycopg / driver", "psycopg"),
    ("Django ORM", "django/db/"),
    ("Django other", "/django/"),
    ("json", "/json/"),
)


def by_area(stats: pstats.Stats) -> dict[str, float]:
    """Own (tottime) seconds grouped by the area of the code they belong to."""
    out: dict[str, float] = defaultdict(float)
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        area = next((a for a, marker in AREAS if marker in filename), "other (stdlib, builtins)")
        out[area] += tottime
    return out


def profile(name: str, send, n: int) -> None:
    profiler = cProfile.Profile(time.process_time)  # CPU, not waiting for the database
    profiler.enable()
    for _ in range(n):
        send()
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = sum(row[2] for row in stats.stats.values())
    print(f"\n== profile: {name} ({n} requests, {1000 * total / n:.2f} ms CPU profiled per request) ==")
    for area, seconds in sorted(by_area(stats).items(), key=lambda kv: -kv[1]):
        print(f"  {area:<40} {100 * seconds / total:5.1f} %")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    print("\n".join(out.getvalue().splitlines()[6:]))


def main() -> None:
    args = parse_args()
    fresh_database(args.database_url)
    data_dir = tempfile.mkdtemp(prefix="maklumat-bench-")
    env = {"DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": "maklumat.settings",
           "MAKLUMAT_DATA_DIR": data_dir, "LOG_LEVEL": "WARNING", "PUBLIC_RATE_LIMIT": "100000000"}
    setup = run_django(SETUP, {**os.environ, **env}, str(args.office + 1), str(args.office + 1))
    os.environ.update(env)
    import django
    from django.core.wsgi import get_wsgi_application

    django.setup()
    requests = Requests(get_wsgi_application(), setup, args.office)
    print(f"office {requests.code}")
    for _ in range(20):  # warm up: caches, chain head, first number of the day
        requests.health(), requests.issue(), requests.call_next()
    kinds = (("trivial (GET /api/v1/queue/health)", requests.health), ("issue a number", requests.issue),
             ("call next", requests.call_next))
    print(f"SQL statements per request: issue {statements(requests.issue)}, "
          f"call next {statements(requests.call_next)}, trivial {statements(requests.health)}")
    for _ in range(args.requests):  # tickets for the call-next rounds to call
        requests.issue()
    rounds = defaultdict(list)
    for _ in range(args.rounds):
        for name, send in kinds:
            rounds[name].append(cpu_per_request(send, args.requests))
    trivial = statistics.median(rounds[kinds[0][0]])
    print(f"CPU per request in one process ({args.requests} requests x {args.rounds} rounds, medians):")
    for name, _send in kinds:
        cpu = statistics.median(rounds[name])
        spread = ", ".join(f"{1000 * x:.2f}" for x in rounds[name])
        print(f"  {name:<36} {1000 * cpu:6.2f} ms  = {cpu / trivial:4.1f}x trivial   (rounds: {spread} ms)")
    both = (statistics.median(rounds[kinds[1][0]]) + statistics.median(rounds[kinds[2][0]])) / 2
    print(f"queue action (mean of issue and call next) = {both / trivial:.1f}x trivial (goal <= 3x)")
    if args.profile:
        n = max(50, args.requests // 2)
        for _ in range(n):
            requests.issue()
        for name, send in kinds:
            profile(name, send, n)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
