#!/usr/bin/env python3
"""Benchmark of Kinerja at national scale: a national year loaded through the import path.

    .venv/bin/python bench/national.py [--offices 151] [--applications-per-office 33000]
        [--database postgres://postgres@127.0.0.1:5432/mk_national] [--year 2025] [--workers 2]
        [--reuse] [--runs 5] [--export-dir DIR] [--memory-limit-gb 12] [--max-seconds 300]

1. **Offices**: the 5 real offices of the seed plus synthetic ones (``bench/synthetic_offices.py``,
   codes ``sint-…``: Kanwil, WIB/WITA/WIT, calendars, the default SOP, a compensation policy on every
   3rd) up to ``--offices`` (151 = 33 Kanwil) — in the benchmark database only.
2. **Load**: each office's year (``maklumat/applications/synthetic.py``, the generator of
   ``maklumat applications generate``) through ``applications_import`` (the service function of
   ``maklumat applications import``), ``--workers`` offices in parallel processes. Idempotent: a
   re-run imports nothing new. ``--reuse`` skips offices that already hold their applications.
   When the product has ``maklumat kinerja rebuild`` (per-day aggregates), it is run and timed.
3. **Timing** in-process with Django's test ``Client`` signed in as a national supervisor (and the
   office's Kasi for the page): ``GET /api/v1/offices/{code}/kinerja``, the page "Kinerja Maklumat"
   ``/kantor/{code}/kinerja/``, ``GET /api/v1/kanwil/{code}/kinerja``, ``GET /api/v1/kinerja``, the
   whole year, each warmed up once then the median of ``--runs``. A call whose warm-up exceeds
   ``--max-seconds`` is reported once, not repeated; the process is capped at ``--memory-limit-gb``
   (address space) so a raw-event roll-up too big for the machine fails with MemoryError.
4. **DuckDB**: the same national promise counts over the same data, exported once (events,
   applications, offices, working calendars, wait promises) to Parquet; median of ``--runs``; the
   ratio national API ÷ DuckDB, and a check that DuckDB's per-office counts equal the API's
   (``mismatches``: 0 expected).

Prints one JSON object per line (``stage`` names the step). The database must be on this machine;
it is created when missing, never dropped.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

# The code measured: this checkout, or another one (e.g. a frozen copy while this one changes).
ROOT = Path(os.environ.get("NATBENCH_CODE") or Path(__file__).resolve().parent.parent)
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/mk_national"
PROMISES = ("payment", "allocation", "completion", "pickup", "biometric_wait")
STATUSES = ("total", "met", "late", "open", "overdue")
EPOCH = date(1970, 1, 1)
STAGES = ("office_api", "office_page", "kanwil_api", "national_api", "duckdb")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--offices", type=int, default=151, help="offices (1..151; the 5 real ones first)")
    p.add_argument("--applications-per-office", type=int, default=33000)
    p.add_argument("--database", default=DEFAULT_DATABASE, help="postgres:// URL on this machine")
    p.add_argument("--year", type=int, default=2025, help="the year generated and measured")
    p.add_argument("--as-of", help="ISO 8601 moment the figures are as of (default: 12:00 WIB on 31 Dec of --year)")
    p.add_argument("--workers", type=int, default=2, help="offices imported in parallel")
    p.add_argument("--reuse", action="store_true",
                   help="skip offices already holding their applications, and reuse an export that matches")
    p.add_argument("--import-offices", type=int,
                   help="load only the first K offices through the import path and copy their years to the "
                        "others at SQL level (same time zone; each keeps its own calendar and policy)")
    p.add_argument("--skip-timing", action="store_true", help="load only")
    p.add_argument("--skip-load", action="store_true", help="time what is there (e.g. while a load runs elsewhere)")
    p.add_argument("--skip-rebuild", action="store_true",
                   help="do not run `maklumat kinerja rebuild` (the aggregates are known to be current)")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--stages", default=",".join(STAGES),
                   help=f"timed stages to run, comma-separated (default all: {','.join(STAGES)})")
    p.add_argument("--export-dir", help="where the DuckDB files go (default /tmp/natbench-export-<db>)")
    p.add_argument("--memory-limit-gb", type=float, default=12.0)
    p.add_argument("--max-seconds", type=float, default=300.0,
                   help="a call whose warm-up takes longer is measured once, not --runs times")
    return p.parse_args(argv)


def emit(**row) -> None:
    print(json.dumps(row, default=str), flush=True)


def log(message: str) -> None:
    print(f"[{datetime.now(UTC):%H:%M:%S}Z] {message}", file=sys.stderr, flush=True)


# ----- database -----------------------------------------------------------------------------------

def ensure_database(url: str) -> None:
    import psycopg

    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql"):
        sys.exit("--database must be a postgres:// URL")
    if parsed.hostname not in {"127.0.0.1", "localhost", "::1"}:
        sys.exit("refusing a database that is not on this machine")
    name = parsed.path.lstrip("/")
    with psycopg.connect(host=parsed.hostname, port=parsed.port or 5432, user=parsed.username,
                         password=parsed.password, dbname="postgres", autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone():
            conn.execute(f'create database "{name}"')


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("MAKLUMAT_DATA_DIR", f"/tmp/natbench-data-{os.getpid()}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maklumat.settings")
    for path in (str(ROOT), str(ROOT / "bench")):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()


# ----- load ---------------------------------------------------------------------------------------

def _worker_init(url: str) -> None:
    setup_django(url)


def load_office(code: str, year: int, count: int) -> dict:
    """Generate and import one office's year (runs in a worker process)."""
    import orjson
    from django.db import connection

    from maklumat.applications.importing import applications_import
    from maklumat.applications.synthetic import synthetic_applications
    from maklumat.calendar.selectors import work_calendar_for
    from maklumat.offices.models import Office

    office = Office.objects.get(code=code)
    started = time.perf_counter()
    lines = [orjson.dumps(line) for line in synthetic_applications(
        calendar=work_calendar_for(office), office_code=code, start=date(year, 1, 1), end=date(year, 12, 31),
        count=count)]
    generated = time.perf_counter() - started
    started = time.perf_counter()
    result = applications_import(office=office, lines=lines, source_name=f"bench-national-{code}-{year}.jsonl")
    imported = time.perf_counter() - started
    connection.close()
    return {"office": code, "generate_s": round(generated, 2), "import_s": round(imported, 2), **result.as_dict()}


def applications_per_office(offices, year: int) -> dict[str, int]:
    from django.db.models import Count

    from maklumat.applications.models import Application

    rows = (Application.objects.filter(office__in=offices, number__contains=str(year))
            .values_list("office__code").annotate(n=Count("id")))
    return dict(rows)


def load(args, offices) -> None:
    from django.db import connection

    have = applications_per_office(offices, args.year) if args.reuse else {}
    todo = [office.code for office in offices if have.get(office.code, 0) < args.applications_per_office]
    log(f"load: {len(todo)} of {len(offices)} offices to import ({args.workers} workers)")
    connection.close()
    totals = {"applications_created": 0, "applications_updated": 0, "events_added": 0, "events_unchanged": 0}
    started = time.perf_counter()
    if todo:
        with ProcessPoolExecutor(max_workers=args.workers, initializer=_worker_init,
                                 initargs=(args.database,)) as pool:
            futures = [pool.submit(load_office, code, args.year, args.applications_per_office) for code in todo]
            for done, future in enumerate(as_completed(futures), start=1):
                row = future.result()
                for key in totals:
                    totals[key] += row[key]
                elapsed = time.perf_counter() - started
                log(f"load {done}/{len(todo)} {json.dumps(row)} elapsed {elapsed:.0f}s "
                    f"({totals['events_added'] / elapsed:.0f} events/s)")
    seconds = time.perf_counter() - started
    events = totals["events_added"] + totals["events_unchanged"]
    emit(stage="load", offices=len(offices), offices_imported=len(todo), skipped=len(offices) - len(todo),
         workers=args.workers, seconds=round(seconds, 1), **totals,
         applications_per_s=round((totals["applications_created"] + totals["applications_updated"]) / seconds)
         if seconds and todo else None,
         events_per_s=round(events / seconds) if seconds and todo else None)


ID_STRIDE = 100_000_000  # replicated applications keep their source's id + k * ID_STRIDE (k = the copy's place)


def replicate(args, offices) -> None:
    """The offices after the first ``--import-offices`` get a copy of an imported office's year at SQL
    level (``INSERT ... SELECT``): far faster than importing 146 office-years on a shared 2-core machine.
    Each copy comes from an imported office of the same time zone (round-robin), so its events fall in
    its own office hours; it keeps its own calendar, Kanwil and compensation policy (its facts are then
    rebuilt with its own rules by ``kinerja rebuild``). Application numbers get the copy's own tag
    (``synthetic.office_tag``), ids the source's plus ``k * ID_STRIDE`` so events need no join. The
    event table's secondary indexes and foreign keys are dropped for the copy and created again after
    (definitions read from the catalogue, so they are the migrations' own). Idempotent: an office
    that already holds applications is skipped."""
    from django.db import connection, transaction

    from maklumat.applications.models import Application, ApplicationEvent
    from maklumat.applications.synthetic import office_tag

    sources, targets = offices[:args.import_offices], offices[args.import_offices:]
    by_zone: dict[str, list] = {}
    for office in sources:
        by_zone.setdefault(office.time_zone, []).append(office)
    have = applications_per_office(targets, args.year)
    todo = [(k, office) for k, office in enumerate(targets, start=1) if not have.get(office.code)]
    if not todo:
        emit(stage="replicate", offices=0, note="every replicated office already holds its applications")
        return
    events, apps = ApplicationEvent._meta.db_table, Application._meta.db_table
    app_columns = [field.column for field in Application._meta.concrete_fields
                   if field.column not in ("id", "office_id", "number")]
    event_columns = [field.column for field in ApplicationEvent._meta.concrete_fields
                     if field.column not in ("id", "application_id")]
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("select indexname, indexdef from pg_indexes where tablename = %s and indexname not in "
                       "(select conname from pg_constraint where conrelid = %s::regclass and contype = 'p')",
                       [events, events])
        indexes = cursor.fetchall()
        cursor.execute("select conname, pg_get_constraintdef(oid) from pg_constraint "
                       "where conrelid = %s::regclass and contype in ('f', 'u')", [events])
        constraints = cursor.fetchall()
        log(f"replicate: {len(todo)} offices; {events}'s indexes and constraints, dropped for the copy and "
            f"created again after: {json.dumps(indexes + constraints)}")
        # The sources' events once in a staging table (by source office), so no copy scans the growing table.
        cursor.execute(f"create temporary table replicate_source as select a.office_id as source_office, "
                       f"e.application_id, {', '.join('e.' + c for c in event_columns)} from {events} e "
                       f"join {apps} a on a.id = e.application_id "
                       f"where a.office_id = any(%s) and a.number ~ %s",
                       [[office.pk for office in sources], f"^[A-Z]{{3}}{args.year}"])
        cursor.execute("create index on replicate_source (source_office)")
        cursor.execute("analyze replicate_source")
        for name, _definition in constraints:
            cursor.execute(f'alter table {events} drop constraint "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'drop index if exists "{name}"')
        for done, (k, office) in enumerate(todo, start=1):
            zone = by_zone.get(office.time_zone) or sources
            source = zone[k % len(zone)]
            old, new = office_tag(source.code), office_tag(office.code)
            with transaction.atomic():
                cursor.execute(
                    f"insert into {apps} (id, office_id, number, {', '.join(app_columns)}) "
                    f"select id + %s, %s, %s || substr(number, %s), {', '.join(app_columns)} from {apps} "
                    f"where office_id = %s and number like %s",
                    [k * ID_STRIDE, office.pk, new, len(old) + 1, source.pk, f"{old}{args.year}%"])
                cursor.execute(
                    f"insert into {events} (application_id, {', '.join(event_columns)}) "
                    f"select application_id + %s, {', '.join(event_columns)} from replicate_source "
                    f"where source_office = %s", [k * ID_STRIDE, source.pk])
            log(f"replicate {done}/{len(todo)} {office.code} <- {source.code} "
                f"elapsed {time.perf_counter() - started:.0f}s")
        copied = time.perf_counter() - started
        cursor.execute("set maintenance_work_mem = '1GB'")
        for name, definition in indexes:
            cursor.execute(definition)
            log(f"replicate: index {name} again, elapsed {time.perf_counter() - started:.0f}s")
        for name, definition in constraints:
            cursor.execute(f'alter table {events} add constraint "{name}" {definition}')
            log(f"replicate: constraint {name} again, elapsed {time.perf_counter() - started:.0f}s")
        cursor.execute(f"select setval(pg_get_serial_sequence('{apps}', 'id'), (select max(id) from {apps}))")
        cursor.execute(f"analyze {apps}")
        cursor.execute(f"analyze {events}")
    emit(stage="replicate", offices=len(todo), sources=[office.code for office in sources],
         copy_seconds=round(copied, 1), seconds=round(time.perf_counter() - started, 1))


def rebuild_aggregates(args) -> None:
    """``maklumat kinerja rebuild`` when the product has it (per-day aggregates), timed."""
    from django.core.management import call_command, get_commands

    if "kinerja" not in get_commands():
        emit(stage="rebuild", skipped="the product has no `maklumat kinerja rebuild`: dashboards read raw events")
        return
    started = time.perf_counter()
    # Every office whole (the benchmark holds one year): one DELETE and one recount per office, offices
    # in parallel worker processes on PostgreSQL.
    call_command("kinerja", "rebuild", "--jobs", str(args.workers))
    emit(stage="rebuild", seconds=round(time.perf_counter() - started, 1))


# ----- timing -------------------------------------------------------------------------------------

def bench_user(username: str, role: str, **where):
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.update_or_create(username=username, defaults={"role": role, **where})
    return user


def time_call(client, url: str, *, runs: int, max_seconds: float, keep: list | None = None) -> dict:
    """Warm up once, then the median of ``runs`` (one run only when the warm-up exceeds ``max_seconds``).
    ``keep``: a list that receives the last response body (so a slow call is not made again)."""
    def once() -> tuple[float, int, int]:
        started = time.perf_counter()
        response = client.get(url)
        body = response.content
        seconds = time.perf_counter() - started
        if keep is not None:
            keep[:] = [body]
        return seconds, response.status_code, len(body)

    try:
        warm, status, size = once()
        if status != 200:
            return {"status": status, "error": f"HTTP {status}"}
        if warm > max_seconds:
            return {"ms": round(warm * 1000), "median_of": 1, "warm_up_ms": round(warm * 1000), "bytes": size,
                    "note": f"warm-up over {max_seconds:.0f} s: measured once"}
        times = [once()[0] for _ in range(runs)]
    except MemoryError:
        return {"error": "MemoryError (over --memory-limit-gb)"}
    return {"ms": round(statistics.median(times) * 1000, 1), "median_of": runs, "warm_up_ms": round(warm * 1000),
            "min_ms": round(min(times) * 1000, 1), "max_ms": round(max(times) * 1000, 1), "bytes": size}


def timing(args, offices, as_of: datetime) -> dict | None:
    """API and page timings; returns the national API's body (for the DuckDB check) when it answered."""
    from django.test import Client
    from django.test.utils import setup_test_environment

    from maklumat.accounts.roles import Role

    setup_test_environment()
    limit = int(args.memory_limit_gb * 1024 ** 3)
    resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
    office = offices[0]
    national = bench_user("bench.nasional", Role.SUPERVISOR_NASIONAL, office=None, kanwil=None)
    kasi = bench_user(f"bench.kasi.{office.code}", Role.KASI, office=office, kanwil=None)
    period = f"from={args.year}-01-01&to={args.year}-12-31&as_of={as_of.isoformat().replace('+', '%2B')}"
    common = {"offices": len(offices), "applications_per_office": args.applications_per_office}
    national_client, kasi_client = Client(), Client()
    national_client.force_login(national)
    kasi_client.force_login(kasi)
    stages = set(args.stages.split(","))
    api = f"/api/v1/offices/{office.code}/kinerja?{period}"
    if "office_api" in stages:
        emit(stage="office_api", url=api, office=office.code, **common,
             **time_call(national_client, api, runs=args.runs, max_seconds=args.max_seconds))
    page = f"/kantor/{office.code}/kinerja/?dari={args.year}-01-01&sampai={args.year}-12-31"
    if "office_page" in stages:
        emit(stage="office_page", url=page, office=office.code, user_role="kasi", goal_ms=300, **common,
             **time_call(kasi_client, page, runs=args.runs, max_seconds=args.max_seconds))
    kanwil = office.kanwil
    url = f"/api/v1/kanwil/{kanwil.code}/kinerja?{period}"
    if "kanwil_api" in stages:
        emit(stage="kanwil_api", url=url, kanwil=kanwil.code, kanwil_offices=kanwil.offices.count(), **common,
             **time_call(national_client, url, runs=args.runs, max_seconds=args.max_seconds))
    url = f"/api/v1/kinerja?{period}"
    if "national_api" not in stages:
        return None
    kept: list = []
    result = time_call(national_client, url, runs=args.runs, max_seconds=args.max_seconds, keep=kept)
    emit(stage="national_api", url=url, goal_ms=2000, **common, **result)
    if "error" in result or not kept:
        return None
    body = json.loads(kept[0])
    body["_ms"] = result["ms"]
    return body


# ----- DuckDB -------------------------------------------------------------------------------------

def export(args, export_dir: Path) -> dict:
    """The national data, once, to Parquet: events (UTC microseconds), applications, offices (UTC
    offset: Indonesia keeps no daylight saving), each office's working days, wait promises."""
    import duckdb
    from django.db import connection

    from maklumat.applications.models import Application, ApplicationEvent
    from maklumat.applications.selectors import SANE_FROM, SANE_UNTIL
    from maklumat.calendar.selectors import work_calendars_for
    from maklumat.compensation.models import CompensationPolicy
    from maklumat.compensation.promises import wait_promise_from
    from maklumat.offices.models import Office

    marker = export_dir / "export.json"
    counts = {"applications": Application.objects.count(), "events": ApplicationEvent.objects.count(),
              "offices": Office.objects.count()}
    if args.reuse and marker.exists() and json.loads(marker.read_text()) == counts:
        emit(stage="export", reused=str(export_dir), **counts)
        return counts
    export_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    events, apps = ApplicationEvent._meta.db_table, Application._meta.db_table
    queries = {
        # The default manager's events: not voided, at a sane moment (applications.selectors).
        "events": f"select application_id, name, (extract(epoch from at) * 1000000)::bigint as at_us from {events} "
                  f"where voided_at is null and at >= '{SANE_FROM.isoformat()}' and at < '{SANE_UNTIL.isoformat()}'",
        "applications": f"select a.id, a.office_id, a.accelerated, s.completion_working_days from {apps} a "
                        f"join standards_service s on s.id = a.service_id",
    }
    with connection.cursor() as cursor:
        raw = cursor.connection
        for name, query in queries.items():
            path = export_dir / f"{name}.csv"
            with path.open("wb") as handle, raw.cursor().copy(f"copy ({query}) to stdout with csv header") as copy:
                for chunk in copy:
                    handle.write(chunk)
    offices = list(Office.objects.all())
    calendars = work_calendars_for(offices)
    first, last = date(args.year - 1, 1, 1), date(args.year + 1, 12, 31)
    with (export_dir / "offices.csv").open("w") as handle:
        handle.write("office_id,code,utc_offset_s\n")
        for office in offices:
            offset = int(datetime(args.year, 6, 1, tzinfo=office.tz).utcoffset().total_seconds())
            handle.write(f"{office.pk},{office.code},{offset}\n")
    with (export_dir / "calendar.csv").open("w") as handle:
        handle.write("office_id,day,working,close_s\n")
        for office in offices:
            calendar, day = calendars[office.pk], first
            while day <= last:
                hours = calendar.hours_on(day)
                close = "" if hours is None else hours[1].hour * 3600 + hours[1].minute * 60 + hours[1].second
                handle.write(f"{office.pk},{day.isoformat()},{hours is not None},{close}\n")
                day += timedelta(days=1)
    with (export_dir / "waits.csv").open("w") as handle:
        handle.write("office_id,code,effective_from,effective_to,limit_s\n")
        for row in CompensationPolicy.objects.all():
            promise = wait_promise_from(row)
            if promise is not None:
                handle.write(f"{row.office_id},{row.code},{row.effective_from},{row.effective_to or ''},"
                             f"{int(promise.limit.total_seconds())}\n")
    with duckdb.connect() as duck:
        for name in ("events", "applications", "offices", "calendar", "waits"):
            csv, parquet = export_dir / f"{name}.csv", export_dir / f"{name}.parquet"
            duck.execute(f"copy (select * from read_csv('{csv}', header = true)) to '{parquet}' (format parquet)")
            csv.unlink()
    marker.write_text(json.dumps(counts))
    emit(stage="export", seconds=round(time.perf_counter() - started, 1), directory=str(export_dir),
         bytes=sum(path.stat().st_size for path in export_dir.glob("*.parquet")), **counts)
    return counts


DUCKDB_SQL = """
with ev as (
    select application_id as app,
        min(at_us) filter (where name in ('billing_issued', 'billing_finish')) as billing,
        min(at_us) filter (where name = 'payment') as payment,
        min(at_us) filter (where name = 'allocation') as allocation,
        min(at_us) filter (where name in ('ready', 'kasi_check')) as ready,
        min(at_us) filter (where name in ('handover', 'handover_finish')) as handover,
        min(at_us) filter (where name = 'biometric_ticket') as ticket,
        min(at_us) filter (where name = 'biometric_start') as bio_start
    from '{dir}/events.parquet'
    where at_us <= $as_of
      and name in ('billing_issued', 'billing_finish', 'payment', 'allocation', 'ready', 'kasi_check',
                   'handover', 'handover_finish', 'biometric_ticket', 'biometric_start')
    group by 1
),
a as (
    select ev.*, ap.office_id, o.utc_offset_s as off,
        case when ap.accelerated then 0 else ap.completion_working_days end as days
    from ev join '{dir}/applications.parquet' ap on ap.id = ev.app
    join '{dir}/offices.parquet' o on o.office_id = ap.office_id
),
-- working days numbered per office; rank_lt(d) = working days before d
cal as (
    select office_id, (day - date '1970-01-01') as dn, working, close_s,
        count(*) filter (where working) over (partition by office_id order by day
            rows between unbounded preceding and 1 preceding) as rank_lt
    from '{dir}/calendar.parquet'
),
wd as (select office_id, rank_lt + 1 as rank, dn, close_s from cal where working),
-- local dates (office time) as day numbers since 1970-01-01; day n starts at n * 86400 - off (UTC)
d as (
    select *,
        floor((billing + off * 1000000) / 86400000000)::bigint as billing_dn,
        floor((payment + off * 1000000) / 86400000000)::bigint as payment_dn,
        floor((ready + off * 1000000) / 86400000000)::bigint as ready_dn,
        floor((ticket + off * 1000000) / 86400000000)::bigint as ticket_dn
    from a
),
clocks as (
    -- payment: 30 calendar days from billing (end of the 30th day after its local date)
    select office_id, 'payment' as promise, billing_dn as started_dn,
        ((billing_dn + 31) * 86400 - off) * 1000000 as due, payment as kept, 'lt' as cmp
    from d where billing is not null
    union all
    -- allocation: end of the 2nd working day after the payment's local date
    select d.office_id, 'allocation', payment_dn, ((wd.dn + 1) * 86400 - off) * 1000000, allocation, 'lt'
    from d join cal on cal.office_id = d.office_id and cal.dn = d.payment_dn
    join wd on wd.office_id = d.office_id and wd.rank = cal.rank_lt + (case when cal.working then 1 else 0 end) + 2
    where payment is not null
    union all
    -- completion, n working days: end of the n-th working day after the payment's local date
    select d.office_id, 'completion', payment_dn, ((wd.dn + 1) * 86400 - off) * 1000000, ready, 'lt'
    from d join cal on cal.office_id = d.office_id and cal.dn = d.payment_dn
    join wd on wd.office_id = d.office_id
        and wd.rank = cal.rank_lt + (case when cal.working then 1 else 0 end) + d.days
    where payment is not null and d.days > 0
    union all
    -- completion, accelerated: closing time of the payment's working day (or the next one)
    select d.office_id, 'completion', payment_dn, (wd.dn * 86400 + wd.close_s - off) * 1000000, ready, 'lt'
    from d join cal on cal.office_id = d.office_id and cal.dn = d.payment_dn
    join wd on wd.office_id = d.office_id and wd.rank = cal.rank_lt + 1
    where payment is not null and d.days = 0
    union all
    -- pickup: 30 calendar days from ready
    select office_id, 'pickup', ready_dn, ((ready_dn + 31) * 86400 - off) * 1000000, handover, 'lt'
    from d where ready is not null
    union all
    -- biometric wait: the first policy in force on the ticket's date with a wait promise
    select office_id, 'biometric_wait', ticket_dn, ticket + limit_s * 1000000, bio_start, 'le'
    from (
        select d.*, w.limit_s, row_number() over (partition by d.app order by w.effective_from, w.code) as pick
        from d join '{dir}/waits.parquet' w on w.office_id = d.office_id
            and (w.effective_from::date - date '1970-01-01') <= d.ticket_dn
            and (w.effective_to is null or d.ticket_dn <= (w.effective_to::date - date '1970-01-01'))
        where d.ticket is not null
    ) where pick = 1
)
select o.code as office, promise,
    count(*) as total,
    count(*) filter (where kept is not null and (kept < due or (cmp = 'le' and kept = due))) as met,
    count(*) filter (where kept is not null and not (kept < due or (cmp = 'le' and kept = due))) as late,
    count(*) filter (where kept is null and (case when cmp = 'le' then $as_of <= due else $as_of < due end)) as open,
    count(*) filter (where kept is null and not (case when cmp = 'le' then $as_of <= due else $as_of < due end))
        as overdue
from clocks join '{dir}/offices.parquet' o using (office_id)
where started_dn between $start and $end
group by 1, 2
order by 1, 2
"""


def duckdb_counts(export_dir: Path, *, start: date, end: date, as_of: datetime) -> dict:
    import duckdb

    with duckdb.connect() as duck:
        duck.execute("set threads to 2")
        parameters = {"as_of": int(as_of.timestamp() * 1_000_000), "start": (start - EPOCH).days,
                      "end": (end - EPOCH).days}
        rows = duck.execute(DUCKDB_SQL.format(dir=export_dir), parameters).fetchall()
    return {(office, promise): dict(zip(STATUSES, values, strict=True)) for office, promise, *values in rows}


def compare(body: dict, counts: dict) -> tuple[int, int, list]:
    """(Cells compared, mismatching cells, the mismatches) between the API's per-office promise rows
    and DuckDB's."""
    compared, wrong = 0, []
    for row in body["offices"]:
        for promise in row["promises"]:
            mine = {key: promise[key] for key in STATUSES}
            theirs = counts.get((row["office"], promise["code"]), dict.fromkeys(STATUSES, 0))
            compared += 1
            if mine != theirs:
                wrong.append({"office": row["office"], "promise": promise["code"], "api": mine, "duckdb": theirs})
    api_keys = {(row["office"], promise["code"]) for row in body["offices"] for promise in row["promises"]}
    for key in counts.keys() - api_keys:
        wrong.append({"office": key[0], "promise": key[1], "api": None, "duckdb": counts[key]})
    return compared, len(wrong), wrong


def duckdb_stage(args, body: dict | None, as_of: datetime) -> None:
    export_dir = Path(args.export_dir or f"/tmp/natbench-export-{urlparse(args.database).path.lstrip('/')}")
    export(args, export_dir)
    start, end = date(args.year, 1, 1), date(args.year, 12, 31)
    counts = duckdb_counts(export_dir, start=start, end=end, as_of=as_of)  # warm-up
    times = []
    for _ in range(args.runs):
        started = time.perf_counter()
        counts = duckdb_counts(export_dir, start=start, end=end, as_of=as_of)
        times.append(time.perf_counter() - started)
    ms = statistics.median(times) * 1000
    row = {"ms": round(ms, 1), "median_of": args.runs, "offices_with_clocks": len({office for office, _ in counts}),
           "clocks": sum(value["total"] for value in counts.values())}
    if body is not None:
        compared, mismatches, wrong = compare(body, counts)
        row.update(national_api_ms=body["_ms"], ratio_api_to_duckdb=round(body["_ms"] / ms, 2), goal_ratio=3,
                   compared=compared, mismatches=mismatches)
        if wrong:
            row["examples"] = wrong[:5]
            row["mismatched_offices"] = sorted({item["office"] for item in wrong})
    else:
        row["note"] = "the national API gave no answer to compare with"
    emit(stage="duckdb", **row)


# ----- main ---------------------------------------------------------------------------------------

def main(argv=None) -> None:
    args = parse_args(argv)
    ensure_database(args.database)
    setup_django(args.database)
    from django.core.management import call_command
    from synthetic_offices import ensure_offices

    from maklumat.portal.management.commands.seed import run_seed_steps

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    run_seed_steps("seed_reference", lambda message: None)
    offices = ensure_offices(args.offices, log=log)
    emit(stage="setup", seconds=round(time.perf_counter() - started, 1), offices=len(offices),
         kanwil=len({office.kanwil_id for office in offices}),
         time_zones=sorted({office.zone_abbreviation for office in offices}))
    if not args.skip_load:
        if args.import_offices:
            load(args, offices[:args.import_offices])
            replicate(args, offices)
        else:
            load(args, offices)
    if not args.skip_rebuild:
        rebuild_aggregates(args)
    if args.skip_timing:
        return
    from zoneinfo import ZoneInfo

    as_of = (datetime.fromisoformat(args.as_of) if args.as_of
             else datetime(args.year, 12, 31, 12, tzinfo=ZoneInfo("Asia/Jakarta")))
    body = timing(args, offices, as_of)
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    if "duckdb" in args.stages.split(","):
        duckdb_stage(args, body, as_of)


if __name__ == "__main__":
    main()
