"""One authorization path: the queue's actions are declared once (``permissions.ACTIONS``); pages,
API, services and menus ask the same question, and each role sees exactly the links it may follow."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from maklumat.accounts.roles import Role
from maklumat.conftest import make_user
from maklumat.queueing.models import Booking, Call, Ticket
from maklumat.queueing.permissions import ACTIONS

OFFICE_ROLES = [r for r in Role if r not in (Role.SUPERVISOR_KANWIL, Role.SUPERVISOR_NASIONAL)]


def person(role, blitar):
    if role == Role.SUPERVISOR_KANWIL:
        return make_user(f"u.{role}", role, kanwil=blitar.kanwil)
    if role == Role.SUPERVISOR_NASIONAL:
        return make_user(f"u.{role}", role)
    return make_user(f"u.{role}", role, office=blitar)


def test_the_actions_keep_the_role_sets_the_queue_had():
    assert ACTIONS["kiosk_use"] == {Role.DUTA_LAYANAN, Role.PETUGAS_LOKET, Role.KASUBSI, Role.KASI,
                                    Role.KEPALA_KANTOR, Role.ADMINISTRATOR}
    assert ACTIONS["counter_serve"] == {Role.PETUGAS_LOKET, Role.KASUBSI, Role.KASI, Role.KEPALA_KANTOR,
                                        Role.ADMINISTRATOR}
    assert ACTIONS["ticket_issue"] == {Role.DUTA_LAYANAN, Role.PETUGAS_LOKET, Role.PETUGAS_YANKOMAS,
                                       Role.PENGELOLA_MEDSOS, Role.KASUBSI, Role.KASI, Role.KEPALA_KANTOR,
                                       Role.ADMINISTRATOR}
    assert ACTIONS["statistics_view"] == {Role.KASUBSI, Role.KASI, Role.KEPALA_KANTOR, Role.SUPERVISOR_KANWIL,
                                          Role.SUPERVISOR_NASIONAL, Role.ADMINISTRATOR}
    assert ACTIONS["setup_manage"] == {Role.KASUBSI, Role.KASI, Role.KEPALA_KANTOR, Role.ADMINISTRATOR}
    assert ACTIONS["overview_view"] == set(Role)
    assert ACTIONS["kiosk_pair"] == {Role.KASUBSI, Role.KASI, Role.KEPALA_KANTOR, Role.ADMINISTRATOR}


def _links(page: str) -> set[str]:
    return set(re.findall(r'href="(/kantor/blitar/antrian/[^"]*)"', page))


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_exactly_the_queue_links_it_may_follow(client_of, blitar, queue, role):
    # given a person of each role within reach of Blitar
    user = person(role, blitar)
    client = client_of(user)
    base = reverse("queueing:overview", kwargs={"code": "blitar"})
    # when they open the queue overview
    page = client.get(base).content.decode()
    links = _links(page)
    # then the kiosk, statistics and counter links are there exactly when the role may take them
    counter = reverse("queueing:counter", kwargs={"code": "blitar", "counter_id": queue.counters["Loket 1"].pk})
    expected = {
        f"{base}layar/": True,  # the waiting-room board is public
        f"{base}kiosk/perangkat/": role in ACTIONS["kiosk_pair"],
        f"{base}statistik/": role in ACTIONS["statistics_view"],
        counter: role in ACTIONS["counter_serve"],
    }
    assert {link for link, shown in expected.items() if shown} == links & set(expected)
    assert ('action="/kantor/blitar/antrian/ambil/"' in page) == (role in ACTIONS["ticket_issue"])
    # and every link shown can be followed, every link hidden is refused
    for link, shown in expected.items():
        assert client.get(link).status_code == (200 if shown else 403), link


@pytest.mark.parametrize("role", OFFICE_ROLES)
def test_the_menu_shows_the_queue_to_exactly_the_roles_that_may_open_it(client_of, blitar, role):
    page = client_of(person(role, blitar)).get(reverse("portal:home")).content.decode()
    shown = 'href="/kantor/blitar/antrian/"' in page
    assert shown == (role in ACTIONS["overview_view"])


def test_services_refuse_an_actor_whose_role_may_not_serve_and_change_nothing(duta, officer, queue):
    from maklumat.queueing.services import call_next, officer_ticket_issue

    officer_ticket_issue(office=queue.office, actor=officer, series=queue.series["A"], step=queue.steps["intake"])
    with pytest.raises(PermissionDenied):
        call_next(counter=queue.counters["Loket 1"], actor=duta)
    assert Call.objects.count() == 0 and Ticket.objects.get().status == "waiting"


def test_services_answer_404_for_an_actor_outside_the_offices_reach(outsider, queue):
    from maklumat.queueing.services import call_next, kiosk_ticket_issue

    with pytest.raises(Http404):
        kiosk_ticket_issue(office=queue.office, actor=outsider, ticket_class="general", step=queue.steps["intake"])
    with pytest.raises(Http404):
        call_next(counter=queue.counters["Loket 1"], actor=outsider)
    assert Ticket.objects.count() == 0


def test_a_front_desk_officer_may_not_register_bookings_even_through_the_service(duta, queue):
    from django.utils import timezone

    from maklumat.queueing.services import booking_register

    now = timezone.now()
    with pytest.raises(PermissionDenied):
        booking_register(office=queue.office, actor=duta, code="MP1", applicant_name="A", slot_start=now,
                         slot_end=now)
    assert Booking.objects.count() == 0


def test_complaint_staff_may_give_a_compensation_number_but_not_use_the_kiosk(yankomas, queue):
    from maklumat.queueing.services import compensation_ticket_issue, kiosk_ticket_issue

    assert compensation_ticket_issue(office=queue.office, actor=yankomas).display_number == "K-001"
    with pytest.raises(PermissionDenied):
        kiosk_ticket_issue(office=queue.office, actor=yankomas, ticket_class="general", step=queue.steps["intake"])


def test_the_api_answers_403_for_a_wrong_role_from_the_same_declaration(client, duta, queue):
    from maklumat.accounts.services import token_create

    response = client.post("/api/v1/offices/blitar/queue/bookings", [], content_type="application/json",
                           headers={"Authorization": f"Bearer {token_create(user=duta)}"})
    assert response.status_code == 403


# --- the role matrix: every queue page and API route answers each role as its action declares ------

def _endpoints(queue, ticket):
    """(label, method, path, body, action or None for public, status when allowed)."""
    counter = queue.counters["Loket 1"].pk
    page = "/kantor/blitar/antrian/"
    api = "/api/v1/offices/blitar/queue/"
    issue_body = {"series": queue.series["A"].pk, "step": queue.steps["intake"].pk}
    return [
        ("overview", "GET", page, None, "overview_view", 200),
        ("officer issue", "POST", f"{page}ambil/", issue_body, "ticket_issue", 302),
        # The kiosk runs as a paired device, never as a person: every login is refused there.
        ("kiosk", "GET", f"{page}kiosk/", None, "no person", 403),
        ("kiosk check-in", "POST", f"{page}kiosk/check-in/", {"code": "NOPE"}, "no person", 403),
        ("kiosk devices", "GET", f"{page}kiosk/perangkat/", None, "kiosk_pair", 200),
        ("kiosk pairing", "GET", "/kiosk/pasang/", None, None, 200),
        ("ticket", "GET", f"{page}tiket/{ticket.pk}/", None, "ticket_issue", 200),
        ("board", "GET", f"{page}layar/", None, None, 200),
        ("board calls", "GET", f"{page}layar/panggilan/", None, None, 200),
        ("counter", "GET", f"{page}loket/{counter}/", None, "counter_serve", 200),
        ("counter waiting", "GET", f"{page}loket/{counter}/menunggu/", None, "counter_serve", 200),
        ("counter recall", "POST", f"{page}loket/{counter}/recall/", {}, "counter_serve", 302),
        ("statistics", "GET", f"{page}statistik/", None, "statistics_view", 200),
        ("statistics xlsx", "GET", "/kantor/blitar/antrian/statistik.xlsx", None, "statistics_view", 200),
        ("api issue", "POST", f"{api}tickets", {"step": "handover"}, "kiosk_use", 201),
        ("api check-in", "POST", f"{api}check-in", {"code": "NOPE"}, "kiosk_use", 409),
        ("api recall", "POST", f"{api}counters/{counter}/recall", None, "counter_serve", 409),
        ("api calls", "GET", f"{api}calls", None, "overview_view", 200),
        ("api waiting", "GET", f"{api}waiting", None, "overview_view", 200),
        ("api bookings", "POST", f"{api}bookings", [], "setup_manage", 200),
    ]


def _request(client, method, path, body, user):
    headers = {}
    if path.startswith("/api/") and user is not None:
        from maklumat.accounts.services import token_create

        headers = {"Authorization": f"Bearer {token_create(user=user)}"}
    if method == "GET":
        return client.get(path, headers=headers)
    if path.startswith("/api/"):
        return client.post(path, body, content_type="application/json", headers=headers)
    return client.post(path, body)


@pytest.mark.parametrize("role", [*Role, "outsider", "anonymous"])
def test_role_matrix_every_queue_route_answers_as_declared(client, blitar, balikpapan, officer, queue, role):
    from maklumat.queueing.services import officer_ticket_issue

    ticket = officer_ticket_issue(office=blitar, actor=officer, series=queue.series["P"], step=queue.steps["intake"])
    if role == "outsider":
        user = make_user("x.balikpapan", Role.KASUBSI, office=balikpapan)
    elif role == "anonymous":
        user = None
    else:
        user = person(role, blitar)
    wrong = []
    for label, method, path, body, action, ok in _endpoints(queue, ticket):
        if user is not None and not path.startswith("/api/"):
            client.force_login(user)
        if action is None or action == "no person":
            expected = ok
        elif role == "anonymous":
            expected = 401 if path.startswith("/api/") else 302
        elif role == "outsider":
            expected = 404
        else:
            expected = ok if role in ACTIONS[action] else 403
        status = _request(client, method, path, body, user).status_code
        if status != expected:
            wrong.append((label, status, expected))
        client.logout()
    assert wrong == []
