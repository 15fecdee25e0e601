"""The role matrix of the queue: every page and API route, requested as each role of Blitar, an
outsider, the Kanwil and national supervisors, a superuser and an anonymous visitor, gets exactly the
answer its declared action implies (issue 10, "Done when")."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings

from maklumat.portal.tests.role_matrix import (
    ALL_ROLES,
    ANONYMOUS,
    SIGNED_IN,
    Case,
    admin_model_cases,
    by_action,
    matrix_users,
    mismatches,
    undeclared,
)
from maklumat.queueing.models import Booking, Counter, QueueConfig, Series, Step
from maklumat.queueing.tests.conftest import issue

BASE = "kantor/<slug:code>/antrian/"
COUNTER = BASE + "loket/<int:counter_id>/"
API = "api/v1/offices/<code>/queue/"
API_COUNTER = API + "counters/<counter_id>/"
POST_ONLY = {ANONYMOUS: 302, **{role: 405 for role in SIGNED_IN}}  # login first, then the method
EVERYONE_200 = {role: 200 for role in ALL_ROLES}
EVERYONE_403 = {role: 403 for role in ALL_ROLES}
EVERYONE_405 = {role: 405 for role in ALL_ROLES}
SLOT = "2025-06-02T09:00:00+07:00"
BEFORE_SLOT = "2025-06-02T08:00:00+07:00"


def api(action: str, ok) -> dict:
    return by_action(f"queueing.{action}", ok, anonymous=401)


CASES = [
    Case("GET", BASE, by_action("queueing.overview_view", 200)),
    Case("GET", BASE + "ambil/", POST_ONLY),
    Case("POST", BASE + "ambil/", by_action("queueing.ticket_issue", 302), data={}),  # refused: back to the overview
    # The kiosk runs as a paired device (kiosk_devices.py): no person, signed in or not, opens it.
    Case("GET", BASE + "kiosk/", EVERYONE_403),
    Case("POST", BASE + "kiosk/", EVERYONE_403, data={}),
    Case("GET", BASE + "kiosk/check-in/", EVERYONE_405),
    Case("POST", BASE + "kiosk/check-in/", EVERYONE_403, data={}),
    Case("GET", BASE + "kiosk/tiket/<str:signed>/", EVERYONE_403, values={"signed": "x"}),
    Case("GET", BASE + "kiosk/perangkat/", by_action("queueing.kiosk_pair", 200)),
    Case("POST", BASE + "kiosk/perangkat/", by_action("queueing.kiosk_pair", 400), data={}),
    Case("GET", BASE + "kiosk/perangkat/<int:device_id>/cabut/", POST_ONLY, values={"device_id": 999999}),
    Case("POST", BASE + "kiosk/perangkat/<int:device_id>/cabut/", by_action("queueing.kiosk_pair", 404),
         values={"device_id": 999999}, data={}),
    Case("GET", "kiosk/pasang/", EVERYONE_200),
    Case("POST", "kiosk/pasang/", {role: 400 for role in ALL_ROLES}, data={}),
    Case("GET", BASE + "tiket/<int:ticket_id>/", by_action("queueing.ticket_issue", 200)),
    # The display board is public (rate-limited), with no personal data.
    Case("GET", BASE + "layar/", EVERYONE_200),
    Case("GET", BASE + "layar/panggilan/", EVERYONE_200),
    Case("GET", COUNTER, by_action("queueing.counter_serve", 200)),
    Case("GET", COUNTER + "menunggu/", by_action("queueing.counter_serve", 200)),
    Case("GET", COUNTER + "<slug:action>/", POST_ONLY, values={"action": "recall"}),
    Case("POST", COUNTER + "<slug:action>/", by_action("queueing.counter_serve", 302), values={"action": "recall"}),
    # The counter desk (issue 16): each button answers by redirecting to the counter with what happened.
    *[Case("POST", COUNTER + "<slug:action>/", by_action("queueing.counter_serve", 302), values={"action": action})
      for action in ("pause", "resume", "call-number", "park", "call-parked", "no-show", "no-show-undo")],
    Case("GET", BASE + "statistik/", by_action("queueing.statistics_view", 200)),
    Case("GET", BASE + "statistik.xlsx", by_action("queueing.statistics_view", 200)),
    # The API: 401 without credentials; nothing waits, so a counter's call answers "none" and the
    # other counter actions are refused by the state of the queue (409).
    Case("GET", "api/v1/queue/health", EVERYONE_200),
    Case("POST", API + "tickets", api("kiosk_use", 422), data={"step": "tidak-ada"}),
    Case("POST", API + "check-in", api("kiosk_use", frozenset({409, 422})), data={"code": "TIDAK-ADA"}),
    Case("POST", API_COUNTER + "call-next", api("counter_serve", 200)),
    Case("POST", API_COUNTER + "recall", api("counter_serve", 409)),
    Case("POST", API_COUNTER + "no-show", api("counter_serve", 409)),
    Case("POST", API_COUNTER + "end", api("counter_serve", 409)),
    Case("POST", API_COUNTER + "transfer", api("counter_serve", 422), data={"step": "tidak-ada"}),
    Case("GET", API + "calls", api("overview_view", 200)),
    Case("GET", API + "waiting", api("overview_view", 200)),
    Case("POST", API + "bookings", api("setup_manage", 422),
         data=[{"code": "MP-BAD", "applicant_name": "Sri", "slot_start": SLOT, "slot_end": BEFORE_SLOT}]),
]

# The admin: the office's queue set-up (its administrator manages it), tickets read-only.
SET_UP = ("queueconfig", "series", "step", "counter", "booking")
CASES += [case for model in SET_UP
          for case in admin_model_cases(f"admin/queueing/{model}/", f"{{{model}}}", action="queueing.setup_manage")]
CASES += admin_model_cases("admin/queueing/ticket/", "{ticket}")


def test_every_queueing_route_has_a_declared_answer():
    assert undeclared(CASES, modules=("maklumat.queueing",), routes=("admin/queueing/",)) == []


@override_settings(PUBLIC_RATE_LIMIT=100_000)
@pytest.mark.django_db
def test_every_role_gets_exactly_its_declared_answer(client, blitar, balikpapan, queue):
    users = matrix_users(blitar, balikpapan)
    ticket = issue(queue, users["petugas_loket"])  # on a past morning: printable, not waiting today
    counter = Counter.objects.filter(office=blitar).order_by("pk").first()
    booking = Booking.objects.create(office=blitar, code="MP-ADMIN", applicant_name="Sri",
                                     slot_start=ticket.issued_at, slot_end=ticket.issued_at + timedelta(minutes=30))
    values = {"code": "blitar", "ticket_id": ticket.pk, "counter_id": counter.pk, "{ticket}": ticket.pk,
              "{counter}": counter.pk, "{booking}": booking.pk,
              "{queueconfig}": QueueConfig.objects.get(office=blitar).pk,
              "{series}": Series.objects.filter(office=blitar).first().pk,
              "{step}": Step.objects.filter(office=blitar).first().pk}
    wrong = mismatches(client, users, CASES, values=values)
    assert wrong == [], "\n".join(wrong)
