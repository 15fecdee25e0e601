#!/usr/bin/env python3
"""What recording one event costs the Kinerja aggregates, on a database holding real volumes.

For ``--events N`` applications of ``--office`` begun in its busiest month, each in a transaction that
is rolled back: ``aggregates_refresh`` of that one application as an event recording does it (the
monthly rows its old and new facts feed are recounted), and the same refresh recounting the whole
months it touches (how every recording worked before, and how a range rebuild still works). Prints
one JSON line per way: median and 90th percentile milliseconds and SQL statements per refresh.

    .venv/bin/python bench/event_refresh.py --database-url postgres://postgres@127.0.0.1:5432/x \
        [--office blitar] [--events 30]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--database-url", required=True)
    p.add_argument("--office", default="blitar")
    p.add_argument("--events", type=int, default=30)
    return p.parse_args()


class Rollback(Exception):
    pass


def main() -> None:
    args = parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maklumat.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.db import connection, transaction
    from django.db.models import Count
    from django.db.models.functions import TruncMonth
    from django.test.utils import CaptureQueriesContext

    from maklumat.offices.models import Office
    from maklumat.performance.aggregates import aggregates_refresh
    from maklumat.performance.models import ApplicationFact

    office = Office.objects.get(code=args.office)
    busiest = (ApplicationFact.objects.filter(office=office).annotate(month=TruncMonth("begun_day"))
               .values("month").annotate(n=Count("application_id")).order_by("-n").first())
    if busiest is None:
        sys.exit(f"{office.code} holds no Kinerja facts: import or rebuild it first")
    month = busiest["month"]
    ids = list(ApplicationFact.objects.filter(office=office, begun_day__year=month.year,
                                              begun_day__month=month.month).values_list("application_id", flat=True))
    chosen = random.Random(7).sample(ids, min(args.events, len(ids)))
    facts = dict(ApplicationFact.objects.filter(application_id__in=chosen).values_list("application_id", "begun_day"))

    def measure(whole_months: bool) -> dict:
        times, statements = [], []
        for application_id in chosen:
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                try:
                    with transaction.atomic():
                        # ``extra_days`` (a range rebuild's) makes the refresh recount whole months.
                        aggregates_refresh(office=office, application_ids=[application_id],
                                           extra_days=[facts[application_id]] if whole_months else ())
                        elapsed = time.perf_counter() - started
                        raise Rollback
                except Rollback:
                    pass
            times.append(elapsed * 1000)
            statements.append(len(queries.captured_queries))
        times.sort()
        return {"way": "whole months" if whole_months else "keys fed", "office": office.code,
                "month": month.isoformat(), "applications_in_month": len(ids), "refreshes": len(times),
                "median_ms": round(statistics.median(times), 2),
                "p90_ms": round(times[int(0.9 * (len(times) - 1))], 2),
                "statements": statistics.median(statements), "vendor": connection.vendor}

    measure(False)  # warm-up: caches, plans
    for whole_months in (False, True):
        print(json.dumps(measure(whole_months)), flush=True)


if __name__ == "__main__":
    main()
