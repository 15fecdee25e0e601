"""Benchmark of the IKM arithmetic and of the index read on the demo database. Prints figures.

    .venv/bin/python bench/ikm_index.py            # pure rules only
    .venv/bin/maklumat demo --no-serve && .venv/bin/python bench/ikm_index.py   # plus the selector
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(label: str, repeat: int, func) -> None:
    started = time.perf_counter()
    for _ in range(repeat):
        func()
    elapsed = (time.perf_counter() - started) / repeat
    print(f"{label:<58} {elapsed * 1000:9.2f} ms")


def main() -> None:
    from maklumat.satisfaction.rules import ikm_compute, sample_size

    rng = random.Random(1)
    rows = [[rng.randint(1, 4) for _ in range(9)] for _ in range(100_000)]
    timed("rules.ikm_compute, 100,000 responses", 3, lambda: ikm_compute(rows))
    timed("rules.sample_size, 10,000 populations", 3, lambda: [sample_size(n) for n in range(10_000)])

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maklumat.settings")
    import django

    django.setup()
    from django.db.utils import OperationalError

    from maklumat.offices.models import Office
    from maklumat.satisfaction.models import SurveyResponse
    from maklumat.satisfaction.periods import Period
    from maklumat.satisfaction.selectors import ikm_index, ikm_trend

    try:
        office = Office.objects.filter(code="balikpapan").first()
        count = SurveyResponse.objects.filter(office=office).count() if office else 0
    except OperationalError:
        count = 0
    if not count:
        print("no demo responses: run `maklumat demo --no-serve` first for the selector figures")
        return
    print(f"demo database: {count} responses at {office.code}")
    timed("selectors.ikm_index, one year", 10, lambda: ikm_index(office, Period(2025)))
    quarters = [q for year in (2024, 2025) for q in Period(year).parts("quarter")]
    timed("selectors.ikm_trend, eight quarters", 10, lambda: ikm_trend(office, quarters))


if __name__ == "__main__":
    main()
