"""The waiting-room board is public, read-only, shows only numbers and counters, and updates live."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from django.urls import reverse

from maklumat.queueing.services import call_next, ticket_recall
from maklumat.queueing.tests.conftest import issue


def test_board_shows_the_latest_call_big_and_earlier_ones_in_a_list(client, officer, queue):
    from django.utils import timezone

    now = timezone.now()
    issue(queue, officer, now=now, phone="081234567890")
    issue(queue, officer, now=now)
    call_next(counter=queue.counters["Loket 1"], actor=officer, now=now)
    call_next(counter=queue.counters["Loket 2"], actor=officer, now=now + timedelta(seconds=1))
    page = client.get(reverse("queueing:board", kwargs={"code": "blitar"})).content.decode()
    assert re.search(r'board-line board-line-latest">\s*<span class="board-line-number">A-002<', page)
    assert "Loket 2" in page and "A-001" in page
    assert "0812" not in page  # no personal data on a public screen
    assert 'hx-trigger="every 1s"' in page


def test_board_partial_carries_the_calls_to_announce_newest_first(client, officer, queue):
    from django.utils import timezone

    now = timezone.now()
    issue(queue, officer, now=now)
    counter = queue.counters["Ruang Prioritas"]
    call_next(counter=counter, actor=officer, now=now)
    ticket_recall(counter=counter, actor=officer, now=now)
    page = client.get(reverse("queueing:board_calls", kwargs={"code": "blitar"})).content.decode()
    data = json.loads(re.search(r'<script type="application/json" id="calls-data">(.*?)</script>', page, re.S)[1])
    assert [(c["number"], c["counter"]) for c in data] == [("A, 1", "ruang prioritas"), ("A, 1", "ruang prioritas")]
    assert data[0]["id"] > data[1]["id"]


def test_board_of_an_unknown_office_is_404(client, reference_data):
    assert client.get(reverse("queueing:board", kwargs={"code": "nowhere"})).status_code == 404


def test_board_assets_are_local(client, queue):
    page = client.get(reverse("queueing:board", kwargs={"code": "blitar"})).content.decode()
    assert "/static/queueing/board.js" in page
    assert "http://" not in page and "https://" not in page
