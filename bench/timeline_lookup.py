"""Benchmark: the applicant timeline's lookup takes the same time for a wrong code and an unknown number.

Reads an existing database (the demo's: ``MAKLUMAT_DATA_DIR=/tmp/mk_x .venv/bin/maklumat demo --no-serve``
first), takes one real application, and times ``application_by_number_and_code`` N times each for
(a) its number with a wrong code, (b) a number that does not exist, (c) the right code. Prints the
median and the 90th percentile of each in microseconds. Nothing is written.

    MAKLUMAT_DATA_DIR=/tmp/mk_x .venv/bin/python bench/timeline_lookup.py [--n 3000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=3000)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maklumat.settings")
    import django

    django.setup()
    from maklumat.applications.models import Application
    from maklumat.applications.public import application_by_number_and_code

    application = Application.objects.select_related("office").order_by("-id").first()
    if application is None:
        sys.exit("no application in this database: run `maklumat demo --no-serve` first")
    office, number = application.office.code, application.number
    wrong = "22222222" if application.access_code != "22222222" else "33333333"
    cases = {"wrong code": (office, number, wrong), "unknown number": (office, number + "X", wrong),
             "right code": (office, number, application.access_code)}
    timings: dict[str, list[float]] = {name: [] for name in cases}
    for _round in range(args.n):
        for name, (code, num, secret) in cases.items():  # interleaved: the same cache and load for all
            start = time.perf_counter()
            found = application_by_number_and_code(code, num, secret)
            timings[name].append(time.perf_counter() - start)
            assert (found is not None) == (name == "right code")
    for name, values in timings.items():
        values.sort()
        print(f"{name:15s} median {statistics.median(values) * 1e6:8.1f} µs   p90 "
              f"{values[int(len(values) * 0.9)] * 1e6:8.1f} µs   (n={len(values)})")


if __name__ == "__main__":
    main()
