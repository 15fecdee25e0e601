#!/usr/bin/env python3
"""Benchmark of ``maklumat applications import``: one office-year into a fresh database.

Generates a synthetic year of Blitar's applications (``maklumat/applications/synthetic.py``),
imports it through the import path the command uses, then imports the same file again (the
idempotent re-run) and prints one JSON line per run: database, applications, events, seconds,
applications/s, events/s. The goal: an office-year (≈ 27,000 applications, ≈ 300,000 events) in
under 30 s on SQLite and on PostgreSQL.

    .venv/bin/python bench/import_office_year.py [--count 27000] [--database URL]

Without ``--database`` the database is a SQLite file in a temporary directory. With a PostgreSQL
URL, the database ``maklumat_bench_import`` on that server (only 127.0.0.1/localhost) is dropped
and created afresh; the database name in the URL is ignored.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
OFFICE = "blitar"
BENCH_DATABASE = "maklumat_bench_import"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=27000, help="applications in the office-year")
    p.add_argument("--year", type=int, default=2025)
    p.add_argument("--database", help="postgres://user@127.0.0.1:5432/any (default: SQLite in a temp dir)")
    return p.parse_args()


def fresh_postgres(url: str) -> str:
    import psycopg

    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql"):
        sys.exit("--database must be a postgres:// URL (leave it out for SQLite)")
    if parsed.hostname not in {"127.0.0.1", "localhost", "::1"}:
        sys.exit("refusing to drop a database that is not on this machine")
    with psycopg.connect(host=parsed.hostname, port=parsed.port or 5432, user=parsed.username,
                         password=parsed.password, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'drop database if exists "{BENCH_DATABASE}" with (force)')
        conn.execute(f'create database "{BENCH_DATABASE}"')
    return urlunparse(parsed._replace(path=f"/{BENCH_DATABASE}"))


def main() -> None:
    args = parse_args()
    workdir = tempfile.TemporaryDirectory(prefix="maklumat-bench-import-")
    os.environ["MAKLUMAT_DATA_DIR"] = workdir.name
    if args.database:
        os.environ["DATABASE_URL"] = fresh_postgres(args.database)
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maklumat.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    import orjson
    from django.core.management import call_command
    from django.db import connection

    from maklumat.applications.importing import applications_import
    from maklumat.applications.synthetic import synthetic_applications
    from maklumat.calendar.selectors import work_calendar_for
    from maklumat.offices.models import Office
    from maklumat.portal.management.commands.seed import run_seed_steps

    call_command("migrate", interactive=False, verbosity=0)
    run_seed_steps("seed_reference", lambda message: None)
    office = Office.objects.get(code=OFFICE)
    path = Path(workdir.name) / f"{OFFICE}-{args.year}.jsonl"
    started = time.perf_counter()
    with path.open("wb") as handle:
        for line in synthetic_applications(calendar=work_calendar_for(office), office_code=OFFICE,
                                           start=date(args.year, 1, 1),
                                           end=date(args.year, 12, 31), count=args.count):
            handle.write(orjson.dumps(line) + b"\n")
    generated = time.perf_counter() - started
    vendor = connection.vendor
    print(json.dumps({"database": vendor, "stage": "generate", "seconds": round(generated, 2),
                      "bytes": path.stat().st_size}), flush=True)
    for run in ("first", "again"):
        started = time.perf_counter()
        with path.open("rb") as handle:
            result = applications_import(office=office, lines=handle, source_name=path.name)
        seconds = time.perf_counter() - started
        applications = result.applications_created + result.applications_updated if run == "first" else args.count
        events = result.events_added + result.events_unchanged
        print(json.dumps({"database": vendor, "stage": f"import ({run})", "applications": applications,
                          "events": events, "seconds": round(seconds, 2),
                          "applications_per_s": round(applications / seconds), "events_per_s": round(events / seconds),
                          **result.as_dict()}), flush=True)
    connection.close()
    workdir.cleanup()


if __name__ == "__main__":
    main()
