"""`maklumat kinerja rebuild`: rebuild the Kinerja aggregates of any range, idempotently (see README)."""

from __future__ import annotations

import sys
from datetime import date

import orjson
from django.core.management.base import BaseCommand, CommandParser

from maklumat.performance.aggregates import aggregates_rebuild, offices_by_code

EXIT_BAD_INPUT = 2


def _day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        sys.stderr.write(f"{name}: {value[:40]!r} is not a date YYYY-MM-DD\n")
        raise SystemExit(EXIT_BAD_INPUT) from None


class Command(BaseCommand):
    help = "Kinerja aggregates: rebuild any range (idempotent; safe beside imports)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        rebuild = actions.add_parser(
            "rebuild", help="Recompute the aggregates of an office (or all) for a range of local dates.")
        rebuild.add_argument("--office", help="office code (default: every office)")
        rebuild.add_argument("--from", dest="start", help="first local date YYYY-MM-DD (with --to)")
        rebuild.add_argument("--to", dest="end", help="last local date YYYY-MM-DD (with --from)")

    def handle(self, *args, **options):
        start = _day(options["start"], "--from") if options["start"] else None
        end = _day(options["end"], "--to") if options["end"] else None
        if (start is None) != (end is None):
            sys.stderr.write("--from and --to go together\n")
            raise SystemExit(EXIT_BAD_INPUT)
        if start is not None and end < start:
            sys.stderr.write("--to: before --from\n")
            raise SystemExit(EXIT_BAD_INPUT)
        code = options["office"]
        offices = offices_by_code(code)
        if code and not offices:
            sys.stderr.write(f"--office: unknown office code {code[:60]!r}\n")
            raise SystemExit(EXIT_BAD_INPUT)
        refreshed = 0
        for office in offices:
            refreshed += aggregates_rebuild(office=office, start=start, end=end)
        self.stdout.write(orjson.dumps({"offices": len(offices), "applications_refreshed": refreshed}).decode())
