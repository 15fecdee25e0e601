#!/usr/bin/env python3
"""Benchmark of the Kinerja aggregates: the raw event scan (before) against the aggregates (after).

Loads ``--offices`` of the seeded offices with a synthetic year of ``--applications`` each through the
import path (the ``on_events`` hook builds the aggregates), then prints one JSON line per figure,
median of 5 runs: the office figures (a year and a month) the raw way and from the aggregates, the
office API, and the national API (aggregates; the raw national reading only for a month). Also the
import and a full rebuild of one office.

    .venv/bin/python bench/kinerja_aggregates.py --database postgres://postgres@127.0.0.1:5432/mk_x \\
        [--offices 5] [--applications 33000]

The database named in the URL is dropped and created afresh (only on 127.0.0.1/localhost), unless
``--reuse`` measures what a previous run loaded.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from benchdb import fresh_database as fresh

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2025


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database", required=True, help="postgres://user@127.0.0.1:5432/name (dropped and recreated)")
    p.add_argument("--offices", type=int, default=5)
    p.add_argument("--applications", type=int, default=33000)
    p.add_argument("--reuse", action="store_true", help="measure what a previous run loaded (no drop, no import)")
    return p.parse_args()


def timed(fn, runs: int = 5) -> float:
    values = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        values.append(time.perf_counter() - started)
    return round(statistics.median(values) * 1000, 1)


def emit(**row) -> None:
    print(json.dumps(row), flush=True)


def main() -> None:
    args = parse_args()
    if not args.reuse:
        fresh(args.database)
    os.environ["DATABASE_URL"] = args.database
    os.environ.setdefault("MAKLUMAT_DATA_DIR", f"/tmp/maklumat-bench-kinerja-{os.getpid()}")
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maklumat.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    if not args.reuse:
        call_command("migrate", verbosity=0)
        call_command("seed", verbosity=0)
    import orjson

    from maklumat.accounts.models import User
    from maklumat.applications.importing import applications_import
    from maklumat.applications.synthetic import synthetic_applications
    from maklumat.calendar.selectors import work_calendar_for
    from maklumat.offices.models import Office
    from maklumat.performance import raw, selectors
    from maklumat.performance.aggregates import aggregates_rebuild

    offices = list(Office.objects.order_by("code")[:args.offices])
    for office in [] if args.reuse else offices:
        lines = [orjson.dumps(row) for row in synthetic_applications(
            calendar=work_calendar_for(office), office_code=office.code, start=date(YEAR, 1, 1),
            end=date(YEAR, 12, 31), count=args.applications, seed=1)]
        started = time.perf_counter()
        applications_import(office=office, lines=lines)
        emit(figure="import with aggregates", office=office.code, applications=len(lines),
             seconds=round(time.perf_counter() - started, 2))
    office = offices[0]
    started = time.perf_counter()
    aggregates_rebuild(office=office)
    emit(figure="rebuild one office", office=office.code, seconds=round(time.perf_counter() - started, 2))
    as_of = datetime(YEAR + 1, 1, 15, 12, tzinfo=ZoneInfo("Asia/Jakarta"))
    year = {"start": date(YEAR, 1, 1), "end": date(YEAR, 12, 31), "as_of": as_of}
    month = {"start": date(YEAR, 7, 1), "end": date(YEAR, 7, 31), "as_of": as_of}
    emit(figure="office figures, year, raw scan", ms=timed(lambda: raw.office_figures(office, **year), 3))
    emit(figure="office figures, year, aggregates", ms=timed(lambda: raw.aggregate_figures(office, **year)))
    emit(figure="office kinerja, year (all figures)", ms=timed(lambda: selectors.office_kinerja(office, **year)))
    emit(figure="office kinerja, month", ms=timed(lambda: selectors.office_kinerja(office, **month)))
    emit(figure="national kinerja, month", offices=len(offices),
         ms=timed(lambda: selectors.national_kinerja(**month)))
    emit(figure="national kinerja, year", offices=len(offices), ms=timed(lambda: selectors.national_kinerja(**year)))
    user = User.objects.filter(username="bench-kinerja").first() or User.objects.create_superuser(
        "bench-kinerja", password="bench-kinerja-pw")
    client = Client()
    client.force_login(user)
    api = f"/api/v1/offices/{office.code}/kinerja?from={YEAR}-07-01&to={YEAR}-07-31"
    emit(figure="office API, month", ms=timed(lambda: client.get(api)), status=client.get(api).status_code)
    page = f"/kantor/{office.code}/kinerja/?dari={YEAR}-01-01&sampai={YEAR}-12-31"
    emit(figure="office page", ms=timed(lambda: client.get(page)), status=client.get(page).status_code)
    national = f"/api/v1/kinerja?from={YEAR}-07-01&to={YEAR}-07-31"
    emit(figure="national API, month", ms=timed(lambda: client.get(national)), status=client.get(national).status_code)


if __name__ == "__main__":
    main()
