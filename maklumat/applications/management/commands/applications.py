"""`maklumat applications import|generate`: bulk import of JSON Lines, and a synthetic office year (see README)."""

from __future__ import annotations

import sys
import time
from datetime import date

import orjson
from django.core.management.base import BaseCommand, CommandParser

from maklumat.applications.importing import ImportRefused, applications_import
from maklumat.applications.synthetic import synthetic_applications
from maklumat.calendar.selectors import work_calendar_for
from maklumat.offices.models import Office

EXIT_BAD_INPUT = 2


class Command(BaseCommand):
    help = "Applications in bulk: import JSON Lines (an office's SIMKIM/M-Paspor export), or generate a synthetic year."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("import", help="Import applications and their events from JSON Lines.")
        load.add_argument("--office", required=True, help="office code, e.g. blitar")
        load.add_argument("--input", required=True, help="JSON Lines file, or - for stdin")
        make = actions.add_parser("generate", help="Print a synthetic year of an office's applications as JSON Lines.")
        make.add_argument("--office", required=True)
        make.add_argument("--year", type=int, required=True)
        make.add_argument("--count", type=int, default=27000, help="applications in the year (default 27000)")
        make.add_argument("--seed", type=int, default=0)

    def _fail(self, lines: list[str]) -> None:
        for line in lines:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()
        raise SystemExit(EXIT_BAD_INPUT)

    def _office(self, code: str) -> Office:
        office = None if "\x00" in code or len(code) > 60 else Office.objects.filter(code=code).first()
        if office is None:
            self._fail([f"office: unknown office code {code[:60]!r}"])
        return office

    def handle(self, *args, **options):
        if options["action"] == "import":
            self._import(options)
        else:
            self._generate(options)

    def _import(self, options) -> None:
        office = self._office(options["office"])
        name = options["input"]
        try:
            source = sys.stdin.buffer if name == "-" else open(name, "rb")  # noqa: SIM115
        except OSError as exc:
            self._fail([f"input: cannot read {name}: {exc.strerror}"])
        bar = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
        try:
            with source:
                result = applications_import(office=office, lines=source, source_name="stdin" if name == "-" else name,
                                             progress=bar.update if bar else _quiet)
        except ImportRefused as refused:
            if bar:
                bar.close()
            self._fail(refused.errors)
        if bar:
            bar.close()
        self.stdout.write(orjson.dumps(result.as_dict()).decode())

    def _generate(self, options) -> None:
        office = self._office(options["office"])
        year, count = options["year"], options["count"]
        if not 2000 <= year <= 2100:
            self._fail([f"year: {year} is outside 2000–2100"])
        if count < 0:
            self._fail(["count: must not be negative"])
        out = sys.stdout.buffer
        lines = synthetic_applications(calendar=work_calendar_for(office), office_code=office.code,
                                       start=date(year, 1, 1), end=date(year, 12, 31), count=count,
                                       seed=options["seed"])
        chunk = []
        for line in lines:
            chunk.append(orjson.dumps(line))
            if len(chunk) >= 2000:
                out.write(b"\n".join(chunk) + b"\n")
                chunk.clear()
        if chunk:
            out.write(b"\n".join(chunk) + b"\n")
        out.flush()


def _quiet(stage: str, done: int, total: int) -> None:
    return None


class ProgressBar:
    """A one-line progress display on a terminal (stderr), redrawn at most ten times a second."""

    WIDTH = 30

    def __init__(self, stream):
        self.stream = stream
        self.shown = 0.0

    def update(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.shown < 0.1 and done != total:
            return
        self.shown = now
        if total:
            filled = int(self.WIDTH * done / total)
            text = f"\r{stage:<12} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total}"
        else:
            text = f"\r{stage:<12} {done} lines"
        self.stream.write(text.ljust(70))
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\r" + " " * 70 + "\r")
        self.stream.flush()
