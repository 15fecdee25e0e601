"""The office page's complaint figures: handling on time per SOP step, linked to the recap."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from maklumat.complaints import services
from maklumat.complaints.tests.factories import category, open_complaint, team
from maklumat.performance.tests.page_data import at

pytestmark = pytest.mark.django_db


def test_complaint_steps_on_time_are_shown_per_step(client_of, pamekasan):
    people = team(pamekasan)
    officer = people["petugas_yankomas"]
    on_time = open_complaint(pamekasan, officer, at=at(2025, 10, 13, 9, 0))
    services.complaint_close_general(actor=officer, complaint_id=on_time.pk,
                                     step_id=on_time.steps.get(status="active").pk,
                                     category=category("status_check"), resolution="ok", reply="ok",
                                     now=at(2025, 10, 13, 9, 20))
    late = open_complaint(pamekasan, officer, at=at(2025, 10, 14, 9, 0))
    services.complaint_close_general(actor=officer, complaint_id=late.pk, step_id=late.steps.get(status="active").pk,
                                     category=category("status_check"), resolution="ok", reply="ok",
                                     now=at(2025, 10, 14, 11, 0))
    html = client_of(people["kasi"]).get(reverse("performance:office", args=["pamekasan"])
                                         + "?dari=2025-10-01&sampai=2025-10-31").content.decode()
    section = html[html.index('id="pengaduan"'):]
    section = section[:section.index("</section>")]
    cells = [" ".join(re.sub(r"<[^>]+>", " ", cell).split())
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", section, re.S)]
    # the walk-in direction step (kept both times), then intake and sorting: 20 min on time, 2 h late
    assert cells == ["Pengarahan ke Pos Yankomas", "2/2 (100,0 %)", "Penerimaan dan pemilahan", "1/2 (50,0 %)"]
    assert 'href="/kantor/pamekasan/pengaduan/rekap/#step-rates"' in section
    assert "/kantor/pamekasan/pengaduan/?status=active" in section


def test_complaint_step_rates_equal_the_sum_of_the_monthly_recaps(pamekasan):
    """One window over the period's months gives what the recaps of each month sum to (as of a moment
    inside the last month, with steps falling due in several months and one still open)."""
    from maklumat.complaints.recap import recap_for
    from maklumat.performance.page_params import months_between
    from maklumat.performance.page_selectors import complaint_step_rates

    people = team(pamekasan)
    officer = people["petugas_yankomas"]
    for day, minutes in ((8, 20), (20, 120)):
        for month in (9, 10):
            complaint = open_complaint(pamekasan, officer, at=at(2025, month, day, 9, 0))
            services.complaint_close_general(
                actor=officer, complaint_id=complaint.pk, step_id=complaint.steps.get(status="active").pk,
                category=category("status_check"), resolution="ok", reply="ok",
                now=at(2025, month, day, 9, 0) + timedelta(minutes=minutes))
    open_complaint(pamekasan, officer, at=at(2025, 11, 3, 9, 0))
    as_of = at(2025, 11, 12, 10, 0)
    start, end = date(2025, 9, 15), date(2025, 12, 31)
    expected: dict[str, list[int]] = {}
    for month in months_between(start, end):
        if month.first > pamekasan.local_date(as_of):
            break
        for rate in recap_for(office=pamekasan, year=month.year, month=month.month, now=as_of).step_rates:
            counts = expected.setdefault(rate.title, [0, 0])
            counts[0] += rate.on_time
            counts[1] += rate.due
    rows = complaint_step_rates(pamekasan, start=start, end=end, as_of=as_of)
    assert {row["label"]: [row["on_time"], row["due"]] for row in rows} == expected
    assert sum(due for _on_time, due in expected.values()) >= 5
