"""Office time in one place: no application code asks the server (or UTC) for today's date.

Every date an office shows or computes with comes from ``Office.local_date()`` /
``Office.local_now()`` (or a WorkCalendar's zone); this test keeps the server's date out.
"""

from __future__ import annotations

import re
from pathlib import Path

import maklumat

ROOT = Path(maklumat.__file__).parent
SERVER_DATE = re.compile(r"date\.today\(|timezone\.localdate\(|localtime\(\)\.date\(|now\(\)\.date\(\)|"
                         r"datetime\.now\(\)|datetime\.today\(|datetime\.utcnow\(")


def test_no_code_takes_today_from_the_server():
    offenders = []
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if SERVER_DATE.search(line) and "office-time: allowed" not in line:
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
