"""`maklumat ikm compute --input FILE.csv [--population N]`: the index of a CSV of answers.

The contract (README, "IKM from a CSV"): one JSON object on stdout; on bad input every bad
row on stderr as ``row N: column: reason``, nothing on stdout, exit status 2.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from maklumat.satisfaction.csvinput import answers_from_csv
from maklumat.satisfaction.rules import ikm_compute, sample_size

BAD_INPUT = 2


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

    def handle(self, *args, action: str, input: str, population: int | None, **options):
        errors: list[str] = []
        if population is not None and population < 0:
            errors.append(f"population: {population} is negative, expected 0 or more")
        try:
            with open(input, encoding="utf-8-sig", newline="") as handle:
                text = handle.read()
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(f"row 1: file: cannot read {input}: {exc}")
            text = None
        if text is not None:
            parsed = answers_from_csv(text)
            errors.extend(parsed.errors)
        if errors:
            sys.stderr.write("".join(f"{line}\n" for line in errors))
            raise SystemExit(BAD_INPUT)
        sys.stdout.write(json.dumps(ikm_json(parsed.rows, population), ensure_ascii=False) + "\n")
