"""`maklumat ikm compute --input FILE.csv [--population N] [--period KEY]`: the index of a CSV of answers.

The contract (README, "IKM from a CSV"): one JSON object on stdout; on bad input every bad
row on stderr as ``row N: column: reason`` (or ``option: reason``), nothing on stdout, exit status 2.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand

from maklumat.satisfaction.csvinput import DATE_COLUMN, answers_from_csv
from maklumat.satisfaction.periods import period_parse
from maklumat.satisfaction.rules import ikm_compute, sample_size
from maklumat.satisfaction.services import POPULATION_MAX

BAD_INPUT = 2
# The CLI serves no one office: a day is "in the future" only once it has not begun anywhere in
# Indonesia, i.e. after today in WIT (UTC+9), the easternmost zone.
EASTERNMOST_ZONE = ZoneInfo("Asia/Jayapura")


def ikm_json(rows: list[list[int]], population: int | None) -> dict:
    result = ikm_compute(rows)
    return {
        "respondents": result.respondents,
        "nrr": {code: float(value) for code, value in result.nrr.items()},
        "ikm": float(result.ikm),
        "ikm_converted": float(result.ikm_converted),
        "grade": result.grade.letter,
        "label": result.grade.label,
        "sample_needed": sample_size(population) if population is not None else None,
    }


class Command(BaseCommand):
    help = "Indeks Kepuasan Masyarakat (PermenPAN-RB 14/2017) dari berkas CSV jawaban u1…u9."
    requires_system_checks: list = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        compute = actions.add_parser("compute", help="hitung IKM dari CSV (kolom u1…u9, nilai 1–4)")
        compute.add_argument("--input", required=True, metavar="FILE.csv")
        compute.add_argument("--population", type=int, metavar="N",
                             help="populasi (layanan diberikan dalam periode) untuk sampel Krejcie–Morgan")
        compute.add_argument("--period", metavar="KEY",
                             help="hanya baris kolom 'tanggal' dalam periode ini (2025, 2025-S1, 2025-Q3, 2025-07)")

    def handle(self, *args, action: str, input: str, population: int | None, period: str | None = None,
               **options):
        errors: list[str] = []
        if population is not None and population < 0:
            errors.append(f"population: {population} is negative, expected 0 or more")
        elif population is not None and population > POPULATION_MAX:
            errors.append(f"population: {population} is more than {POPULATION_MAX}")
        chosen = None
        if period is not None:
            try:
                chosen = period_parse(period)
            except ValueError as exc:
                errors.append(f"period: {exc}")
        try:
            with open(input, encoding="utf-8-sig", newline="") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            errors.append(f"row 1: file: cannot read {input}: {exc}")
            text = None
        rows: list[list[int]] = []
        if text is not None:
            parsed = answers_from_csv(text, today=datetime.now(EASTERNMOST_ZONE).date())
            errors.extend(parsed.errors)
            rows = parsed.rows
            if chosen is not None and not parsed.errors:
                if not parsed.has_dates:
                    errors.append(f"row 1: {DATE_COLUMN}: missing column, needed with --period")
                else:
                    rows = [row for row, day in zip(parsed.rows, parsed.days, strict=True)
                            if chosen.start <= day < chosen.end]
                    if not rows:
                        errors.append(f"period: no response dated in {chosen.key}")
        if errors:
            sys.stderr.write("".join(f"{line}\n" for line in errors))
            raise SystemExit(BAD_INPUT)
        sys.stdout.write(json.dumps(ikm_json(rows, population), ensure_ascii=False) + "\n")
