"""`maklumat compensation evaluate|replay`: batch decisions and policy replay (see README)."""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser
from django.db import connections
from django.utils import timezone

from maklumat.calendar.selectors import work_calendar_for
from maklumat.compensation.batch import LineError, evaluate_stream, parse_moment, read_outages, write_errors
from maklumat.compensation.replay import replay
from maklumat.compensation.rules.compiled import OUTPUT_FULL, OUTPUTS
from maklumat.compensation.rules.conditions import PolicyError
from maklumat.compensation.rules.facts import Context
from maklumat.compensation.rules.policy import policy_from_json
from maklumat.compensation.selectors import policies_for, policy_rows_for
from maklumat.offices.models import Office

EXIT_BAD_INPUT = 2
MAX_JOBS = 64


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a whole number from 1 to {MAX_JOBS}, got {value!r}") from None
    if not 1 <= jobs <= MAX_JOBS:
        raise argparse.ArgumentTypeError(f"a whole number from 1 to {MAX_JOBS}, got {value!r}")
    return jobs


class Command(BaseCommand):
    help = "Compensation decisions in bulk: evaluate JSON Lines, or replay stored applications under a policy."
    # A batch reads a few rows and computes: Django's system checks (URLs, admin, templates) would
    # cost more start-up time than a small batch takes.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        evaluate = actions.add_parser("evaluate", help="Decide applications read as JSON Lines.")
        evaluate.add_argument("--office", required=True, help="office code, e.g. blitar")
        evaluate.add_argument("--input", required=True, help="JSON Lines file, or - for stdin")
        evaluate.add_argument("--outages", help="JSON Lines file of system disruptions")
        evaluate.add_argument("--as-of", dest="as_of", help="ISO 8601 moment (default: now)")
        evaluate.add_argument("--policy", help="evaluate only this policy code")
        evaluate.add_argument("--output", choices=OUTPUTS, default=OUTPUT_FULL,
                              help="full (default: every condition with its reasons) or compact (codes only)")
        evaluate.add_argument("--jobs", type=_jobs, default=1, help="worker processes (output stays in input order)")
        again = actions.add_parser("replay", help="Re-decide stored applications under another policy version.")
        again.add_argument("--office", required=True)
        again.add_argument("--policy", required=True, help="policy JSON file")
        again.add_argument("--from", dest="date_from", required=True, type=date.fromisoformat)
        again.add_argument("--to", dest="date_to", required=True, type=date.fromisoformat)
        again.add_argument("--as-of", dest="as_of", help="ISO 8601 moment (default: now)")

    def _fail(self, lines: list[str]) -> None:
        write_errors(lines, sys.stderr)
        sys.stderr.flush()
        raise SystemExit(EXIT_BAD_INPUT)

    def _office(self, code: str) -> Office:
        office = None if "\x00" in code or len(code) > 60 else Office.objects.filter(code=code).first()
        if office is None:
            self._fail([f"office: unknown office code {code!r}"])
        return office

    def _as_of(self, value: str | None, tz) -> datetime:
        if not value:
            return timezone.now()
        try:
            return parse_moment(value, "as-of", tz)
        except LineError as exc:
            self._fail([f"{exc.field}: {exc.reason}"])
            raise

    def handle(self, *args, **options):
        if options["action"] == "evaluate":
            self._evaluate(options)
        else:
            self._replay(options)

    def _evaluate(self, options) -> None:
        office = self._office(options["office"])
        calendar = work_calendar_for(office)
        tz = calendar.tz
        as_of = self._as_of(options["as_of"], tz)
        policies = policies_for(office, options["policy"])
        if options["policy"] and not policies:
            self._fail([f"policy: no policy {options['policy']!r} for office {office.code}"])
        outages = []
        if options["outages"]:
            try:
                with open(options["outages"], "rb") as handle:
                    outages, errors = read_outages(handle, tz)
            except OSError as exc:
                self._fail([f"outages: cannot read {options['outages']}: {exc.strerror}"])
            if errors:
                self._fail(errors)
        ctx = Context(calendar=calendar, as_of=as_of, outages=tuple(outages))
        try:
            source = sys.stdin.buffer if options["input"] == "-" else open(options["input"], "rb")  # noqa: SIM115
        except OSError as exc:
            self._fail([f"input: cannot read {options['input']}: {exc.strerror}"])
        if options["jobs"] > 1:
            connections.close_all()  # the worker processes are forked: they must not share a connection
        with source:
            result = evaluate_stream(source, policies=policies, ctx=ctx, tz=tz, out=sys.stdout.buffer,
                                     output=options["output"], jobs=options["jobs"])
        sys.stdout.flush()
        if result.errors:
            self._fail(result.errors)

    def _replay(self, options) -> None:
        office = self._office(options["office"])
        try:
            policy = policy_from_json(Path(options["policy"]).read_text())
        except OSError as exc:
            self._fail([f"policy: cannot read {options['policy']}: {exc.strerror}"])
        except PolicyError as exc:
            self._fail([f"policy: {exc}"])
        as_of = self._as_of(options["as_of"], work_calendar_for(office).tz)
        report = replay(office=office, candidate=policy, date_from=options["date_from"], date_to=options["date_to"],
                        as_of=as_of, in_force=list(policy_rows_for(office)))
        for line in report.lines():
            self.stdout.write(line)
