#!/usr/bin/env python3
"""Timings of the reads that must not grow with history: board, waiting list, statistics, watchlist, recaps.

``--build`` fills a fresh PostgreSQL database (only on 127.0.0.1/localhost; it is dropped first) with a
year for ``--offices N`` offices of the Jawa Timur Kanwil (Blitar, Pamekasan, then copies of Blitar):
``--applications`` synthetic applications per office through the import path (``applications import``),
a queue history for every working day (tickets, two visits and two calls each, in bulk) and
``--complaints`` complaints per office and month through ``complaint_open`` (three in four answered
through ``complaint_close_general``, some late); with ``--kanwil-offices`` the Kanwil's other offices
(13 in Jawa Timur) get their complaints too, so the Kanwil recap reads its real number of offices.
Without ``--build`` it times, on the database as it is (median of 5 runs after a warm-up, milliseconds;
with the queries of one more run, the time the database took and the load average): the board's call
list and a counter's waiting list on a day of the year and over HTTP today (a day's queue is written for
today at Blitar first), the statistics for the office-year, the compensation watchlist (as of 12 November
and as of the data's end), the Kanwil complaint recap, their pages, and the first page of the complaints
API. Run it from another checkout to compare code on the same data.

    .venv/bin/python bench/read_paths.py --database-url postgres://postgres@127.0.0.1:5432/x --build \
        [--offices 4] [--kanwil-offices 13] [--applications 27000] [--complaints 20] [--year 2025]
    .venv/bin/python bench/read_paths.py --database-url postgres://postgres@127.0.0.1:5432/x \
        [--redis-url redis://127.0.0.1:6379/5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from benchdb import fresh_database as fresh

ROOT = Path.cwd()


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database-url", required=True)
    p.add_argument("--build", action="store_true")
    p.add_argument("--offices", type=int, default=4)
    p.add_argument("--applications", type=int, default=27000)
    p.add_argument("--complaints", type=int, default=20, help="per office and month")
    p.add_argument("--kanwil-offices", type=int, default=0,
                   help="offices of the Kanwil in all (13 for Jawa Timur): those after --offices get only "
                        "their complaints, so the Kanwil recap reads the real number of offices")
    p.add_argument("--year", type=int, default=2025)
    p.add_argument("--redis-url", help="the cache (rate limits, per-process cache version) in Redis, as deployed "
                                       "(default: the database cache)")
    return p.parse_args()


def offices_of_bench(n: int):
    from maklumat.offices.models import Office

    blitar = Office.objects.get(code="blitar")
    offices = [blitar, Office.objects.get(code="pamekasan")][:n]
    for i in range(len(offices), n):
        office, _ = Office.objects.get_or_create(code=f"bench-{i:02d}", defaults={
            "name": f"Kantor Bench {i}", "office_class": blitar.office_class, "kanwil": blitar.kanwil,
            "time_zone": blitar.time_zone, "city": "Bench"})
        offices.append(office)
    return offices


def build(args) -> None:
    import orjson
    from django.core.management import call_command

    from maklumat.applications.importing import applications_import
    from maklumat.applications.synthetic import synthetic_applications
    from maklumat.calendar.selectors import work_calendar_for
    from maklumat.portal.management.commands.seed import run_seed_steps
    from maklumat.queueing.seed import seed_office

    call_command("migrate", interactive=False, verbosity=0)
    run_seed_steps("seed_reference", lambda message: None)
    offices = offices_of_bench(args.offices)
    workdir = Path(tempfile.mkdtemp(prefix="maklumat-read-paths-"))
    for office in offices:
        seed_office(office)
        started = time.perf_counter()
        calendar = work_calendar_for(office)
        path = workdir / f"{office.code}.jsonl"
        with path.open("wb") as handle:
            for line in synthetic_applications(calendar=calendar, office_code=office.code,
                                               start=date(args.year, 1, 1), end=date(args.year, 12, 31),
                                               count=args.applications):
                handle.write(orjson.dumps(line) + b"\n")
        with path.open("rb") as handle:
            result = applications_import(office=office, lines=handle, source_name=path.name)
        tickets = queue_history(office, args.year, args.applications)
        complaints = complaint_history(office, args.year, args.complaints)
        print(json.dumps({"office": office.code, "applications": result.applications_created,
                          "events": result.events_added, "tickets": tickets, "complaints": complaints,
                          "seconds": round(time.perf_counter() - started, 1)}), flush=True)
    for office in offices_of_bench(args.kanwil_offices)[len(offices):]:
        started = time.perf_counter()
        complaints = complaint_history(office, args.year, args.complaints)
        print(json.dumps({"office": office.code, "complaints": complaints,
                          "seconds": round(time.perf_counter() - started, 1)}), flush=True)
    # Fresh statistics, as autovacuum would leave them on a running deployment: without them the planner
    # takes a bulk-loaded table for empty (the watchlist's event read scanned every event: 13 s, not 0.5 s).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def queue_history(office, year: int, applications: int) -> int:
    """Every working day: tickets through intake and biometric (two visits, two calls each)."""
    from maklumat.calendar.selectors import work_calendar_for

    calendar = work_calendar_for(office)
    days = [date(year, 1, 1) + timedelta(days=d) for d in range(366 if year % 4 == 0 else 365)]
    days = [d for d in days if calendar.is_working_day(d)] if hasattr(calendar, "is_working_day") else [
        d for d in days if d.weekday() < 5]
    per_day = max(1, applications // len(days))
    return sum(queue_day(office, day, per_day) for day in days)


def queue_day(office, day: date, per_day: int, served: int | None = None) -> int:
    """One day's numbers from 07:30, one every 4 minutes: the first ``served`` (default all) through intake
    and biometric; then one number called at each of three counters; the rest waiting for biometric."""
    from maklumat.queueing.models import Call, Counter, Series, Step, Ticket, Visit

    series = {s.code: s for s in Series.objects.filter(office=office)}
    steps = {s.code: s for s in Step.objects.filter(office=office)}
    counters = {c.name: c for c in Counter.objects.filter(office=office)}
    served = per_day if served is None else served
    start = office.start_of_day(day) + timedelta(hours=7, minutes=30)
    tickets = []
    for n in range(per_day):
        priority = n % 10 == 9
        joined = start + timedelta(seconds=n * 240)
        state = "done" if n < served else "called" if n < served + 3 else "waiting"
        counter = (counters["Loket 3"] if state == "done" else counters[("Loket 1", "Loket 2", "Loket 3")[n - served]]
                   if state == "called" else None)
        tickets.append(Ticket(office=office, series=series["P" if priority else "A"], day=day, number=n // 10 + 1
                              if priority else n - n // 10 + 1, ticket_class="priority" if priority else "general",
                              origin="kiosk", step=steps["biometric"], status=state, waiting_since=joined,
                              issued_at=joined, counter=counter,
                              called_at=joined + timedelta(minutes=40) if state != "waiting" else None,
                              finished_at=joined + timedelta(minutes=55) if state == "done" else None))
    tickets = Ticket.objects.bulk_create(tickets)
    visits, calls = [], []
    for n, t in enumerate(tickets):
        intake = counters["Ruang Prioritas"] if t.ticket_class == "priority" else counters[f"Loket {1 + n % 2}"]
        stays = [(steps["intake"], intake, t.issued_at, t.issued_at + timedelta(minutes=10 + n % 7),
                  t.issued_at + timedelta(minutes=18 + n % 7), "transferred")]
        if t.status != "waiting":
            stays.append((steps["biometric"], t.counter, t.issued_at + timedelta(minutes=18 + n % 7), t.called_at,
                          t.finished_at, "done" if t.status == "done" else ""))
        for step, counter, joined, called, ended, outcome in stays:
            visits.append(Visit(ticket=t, office=office, day=day, step=step, ticket_class=t.ticket_class,
                                joined_at=joined, called_at=called, counter=counter, ended_at=ended,
                                outcome=outcome))
            calls.append(Call(office=office, ticket=t, counter=counter, at=called, ticket_class=t.ticket_class))
    Visit.objects.bulk_create(visits, batch_size=2000)
    Call.objects.bulk_create(calls, batch_size=2000)
    return len(tickets)


def queue_today(office, per_day: int = 107) -> None:
    """Today's queue at ``office`` (its own day), for the board and waiting list over HTTP, which read the
    office's today: numbers from 07:30 to 14:34, the first 60 served, three called now, the rest waiting.
    Written once per office day (the benchmark database only)."""
    from maklumat.queueing.models import Ticket

    today = office.local_date()
    if not Ticket.objects.filter(office=office, day=today).exists():
        queue_day(office, today, per_day, served=60)


def complaint_history(office, year: int, per_month: int) -> int:
    from zoneinfo import ZoneInfo

    from maklumat.accounts.models import User
    from maklumat.accounts.roles import Role
    from maklumat.complaints.models import ComplaintCategory
    from maklumat.complaints.services import Reporter, complaint_close_general, complaint_open

    actor, _ = User.objects.get_or_create(username=f"bench.yankomas.{office.code}", defaults={
        "role": Role.PETUGAS_YANKOMAS, "office": office})
    zone = ZoneInfo(office.time_zone)
    general = ComplaintCategory.objects.filter(is_general=True).order_by("order", "code").first()
    count = 0
    for month in range(1, 13):
        for i in range(per_month):
            at = datetime(year, month, 1 + i % 27, 9 + i % 6, tzinfo=zone)
            complaint = complaint_open(actor=actor, office=office, channel="walk_in",
                                       subject=f"Keluhan bench {month}-{i}",
                                       description="Paspor belum selesai sesudah lima hari kerja.", received_at=at,
                                       now=at, reporter=Reporter(name="Pemohon Bench", phone="081234567890",
                                                                 email=""))
            # Three in four are answered (within the hour, the next day, or a week later: on time and late);
            # the fourth stays open, and overdue once its step falls due.
            if i % 4 != 3:
                done = at + (timedelta(minutes=40), timedelta(days=1), timedelta(days=7))[i % 4]
                step = complaint.steps.get(status="active")
                complaint_close_general(actor=actor, complaint_id=complaint.pk, step_id=step.pk, category=general,
                                        resolution="Dijelaskan.", reply="Paspor dapat diambil.", now=done)
            count += 1
    return count


def timed(label: str, fn, runs: int = 5) -> None:
    """Median of ``runs`` after one warm-up run (connection, caches), with the database's share: the
    queries of one more run, their count and the time Django measured around each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fn()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append(1000 * (time.perf_counter() - started))
    with CaptureQueriesContext(connection) as queries:
        fn()
    print(json.dumps({"read": label, "ms_median": round(statistics.median(samples), 2),
                      "ms_runs": [round(s, 2) for s in samples], "queries": len(queries.captured_queries),
                      "db_ms": round(1000 * sum(float(q["time"]) for q in queries.captured_queries), 2),
                      "load_average": [round(x, 2) for x in os.getloadavg()]}), flush=True)


def ok(client, path, params=None):
    """A GET that must answer 200 (a benchmark of an error page measures nothing)."""
    def get():
        response = client.get(path, params or {})
        assert response.status_code == 200, (path, response.status_code)
        return response
    return get


def measure(args) -> None:
    from django.test import Client

    from maklumat.accounts.models import User
    from maklumat.accounts.roles import Role
    from maklumat.compensation.selectors import watchlist
    from maklumat.offices.models import Office
    from maklumat.queueing import selectors
    from maklumat.queueing.models import Counter, Ticket, Visit
    from maklumat.queueing.report import build_report

    try:
        from maklumat.complaints.rollup import kanwil_rollup
    except ImportError:  # before the roll-up had its own module
        from maklumat.complaints.recap import kanwil_rollup

    office = Office.objects.get(code="blitar")
    offices = list(Office.objects.filter(kanwil=office.kanwil).order_by("code"))
    year = args.year
    day = date(year, 11, 12)
    moment = office.start_of_day(day) + timedelta(hours=11)
    end_of_data = office.start_of_day(date(year, 12, 31)) + timedelta(hours=12)
    counter = Counter.objects.get(office=office, name="Loket 3")
    queue_today(office)
    print(json.dumps({"database": {"tickets": Ticket.objects.count(), "visits": Visit.objects.count(),
                                   "kanwil_offices": len(offices)}}), flush=True)
    timed("board call list (one day of a year)", lambda: selectors.board_calls(office, limit=20, now=moment))
    timed("board (numbers called now, history, waiting; one day of a year)",
          lambda: selectors.board_of(office, now=moment))
    timed("waiting list (counter, one day)",
          lambda: selectors.waiting_tickets(office, [s.pk for s in counter.steps.all()], now=moment))
    public = Client()
    timed("trivial endpoint (HTTP, anonymous: /api/v1/queue/health, for scale)", ok(public, "/api/v1/queue/health"))
    timed("board calls (HTTP, anonymous, today)", ok(public, f"/kantor/{office.code}/antrian/layar/panggilan/"))
    officer, _ = User.objects.get_or_create(username="bench.loket", defaults={"role": Role.PETUGAS_LOKET,
                                                                              "office": office})
    desk = Client()
    desk.force_login(officer)
    timed("counter waiting list (HTTP, today)", ok(desk, f"/kantor/{office.code}/antrian/loket/{counter.pk}/menunggu/"))
    timed("statistics (office-year report)", lambda: build_report(office, date(year, 1, 1), date(year, 12, 31)))
    timed("compensation watchlist (as of 12 November)", lambda: watchlist(office, as_of=moment))
    timed("compensation watchlist (as of 31 December 12:00, the data's end)",
          lambda: watchlist(office, as_of=end_of_data))
    timed(f"Kanwil complaint recap ({len(offices)} offices)",
          lambda: kanwil_rollup(offices=offices, year=year, month=11, now=moment))
    user, _ = User.objects.get_or_create(username="bench.kasubsi", defaults={"role": Role.KASUBSI,
                                                                             "office": office})
    client = Client()
    client.force_login(user)
    timed("statistics page (HTTP, office-year)",
          ok(client, f"/kantor/{office.code}/antrian/statistik/", {"dari": f"{year}-01-01", "sampai": f"{year}-12-31"}))
    kasi, _ = User.objects.get_or_create(username="bench.kasi", defaults={"role": Role.KASI, "office": office})
    page = Client()
    page.force_login(kasi)
    timed("compensation watchlist page (HTTP, now: the last two weeks hold no events)",
          ok(page, f"/kantor/{office.code}/kompensasi/"))
    supervisor, _ = User.objects.get_or_create(username="bench.kanwil", defaults={
        "role": Role.SUPERVISOR_KANWIL, "kanwil": office.kanwil})
    kanwil = Client()
    kanwil.force_login(supervisor)
    timed(f"Kanwil complaint recap page (HTTP, {len(offices)} offices)",
          ok(kanwil, f"/kanwil/{office.kanwil.code}/pengaduan/rekap/", {"bulan": f"{year}-11"}))
    yankomas = User.objects.filter(office=office, role=Role.PETUGAS_YANKOMAS).first() or user
    api = Client()
    api.force_login(yankomas)
    timed("complaints API list (HTTP)", ok(api, "/api/v1/offices/blitar/complaints", {"open_only": "false"}))
    size = len(api.get("/api/v1/offices/blitar/complaints", {"open_only": "false"}).content)
    print(json.dumps({"complaints_api_bytes": size}), flush=True)


def main() -> None:
    args = parse_args()
    if args.build:
        fresh(args.database_url)
    os.environ.update({"DATABASE_URL": args.database_url, "DJANGO_SETTINGS_MODULE": "maklumat.settings",
                       "LOG_LEVEL": "WARNING"})
    os.environ.setdefault("MAKLUMAT_DATA_DIR", tempfile.mkdtemp(prefix="maklumat-read-paths-data-"))
    if args.redis_url:
        os.environ["REDIS_URL"] = args.redis_url
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if args.build:
        build(args)
    else:
        measure(args)


if __name__ == "__main__":
    main()
