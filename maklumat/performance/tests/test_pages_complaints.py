"""The office page's complaint figures: handling on time per SOP step, linked to the recap."""

from __future__ import annotations

import re

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
