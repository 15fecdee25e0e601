"""The kiosk runs in its own device session: paired by a Kasubsi, never under a staff login (issue 16, item 4)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from maklumat.audit.models import AuditEntry
from maklumat.queueing.kiosk_devices import (
    COOKIE_NAME,
    PAIRING_MINUTES,
    KioskDevice,
    KioskError,
    kiosk_device_pair,
    kiosk_device_register,
    kiosk_device_revoke,
)
from maklumat.queueing.models import Ticket


def kiosk_url(name="kiosk", **kwargs):
    return reverse(f"queueing:{name}", kwargs={"code": "blitar", **kwargs})


def pick(queue, ticket_class="general"):
    return {"pick": f"{queue.steps['intake'].pk}:{ticket_class}", "phone": ""}


def test_a_browser_that_is_not_a_paired_kiosk_is_refused_even_with_a_staff_login(client, client_of, duta, queue):
    # given no device paired in this browser
    # when anyone, or a front-desk officer signed in, opens the kiosk or presses a button
    assert client.get(kiosk_url()).status_code == 403
    staff = client_of(duta)
    page = staff.get(kiosk_url())
    refused = staff.post(kiosk_url(), pick(queue))
    # then the kiosk is refused and explains the pairing; no number is drawn
    assert page.status_code == 403 and "belum dipasangkan" in page.content.decode()
    assert refused.status_code == 403 and Ticket.objects.count() == 0


def test_a_paired_kiosk_issues_a_ticket_with_no_staff_login_and_the_audit_names_the_device(client, paired, queue):
    # given a paired kiosk and nobody signed in
    # when a visitor presses "general"
    response = client.post(kiosk_url(), pick(queue))
    # then a number is drawn in the device's name, not a person's, and it opens the printable ticket
    ticket = Ticket.objects.get()
    assert (ticket.display_number, ticket.origin, ticket.issued_by) == ("A-001", "kiosk", None)
    entry = AuditEntry.objects.get(action="queue.ticket_issue")
    assert entry.actor is None and f"kiosk “Kiosk lobi” (#{paired.pk})" in entry.summary
    assert response.status_code == 302 and "/kiosk/tiket/" in response["Location"]
    page = client.get(response["Location"])
    assert page.status_code == 200 and "A-001" in page.content.decode()


def test_a_staff_session_does_not_leak_into_the_kiosk(client, paired, duta, queue):
    # given a paired kiosk browser in which an officer signed in (e.g. to fix something)
    client.force_login(duta)
    assert SESSION_KEY in client.session
    # when the kiosk page opens and a visitor takes a number
    assert client.get(kiosk_url()).status_code == 200
    client.post(kiosk_url(), pick(queue))
    # then the staff session is gone from that browser and the ticket names no officer
    assert SESSION_KEY not in client.session
    assert Ticket.objects.get().issued_by is None
    assert client.get(reverse("queueing:overview", kwargs={"code": "blitar"})).status_code == 302  # to login


def test_the_kiosk_cookie_is_kept_to_the_offices_queue_pages_and_hidden_from_scripts(client, paired):
    cookie = client.cookies[COOKIE_NAME]
    assert cookie["path"] == "/kantor/blitar/antrian/" and cookie["httponly"] and cookie["samesite"] == "Strict"
    assert paired.secret_digest and cookie.value not in paired.secret_digest  # only the hash is stored


def test_pairing_is_audited_register_pair_and_revoke_with_who(client, kasubsi, queue):
    device, code = kiosk_device_register(actor=kasubsi, office=queue.office, name="Kiosk lantai 2")
    kiosk_device_pair(code=code)
    kiosk_device_revoke(actor=kasubsi, device=device)
    entries = list(AuditEntry.objects.filter(object_type="queueing.kioskdevice", object_id=str(device.pk))
                   .order_by("seq").values_list("action", "actor__username"))
    assert entries == [("queue.kiosk_device_register", kasubsi.username), ("queue.kiosk_device_pair", None),
                       ("queue.kiosk_device_revoke", kasubsi.username)]
    assert "kasubsi.blitar" in AuditEntry.objects.get(action="queue.kiosk_device_pair").summary


def test_a_pairing_code_works_once_and_only_within_its_minutes(kasubsi, queue):
    device, code = kiosk_device_register(actor=kasubsi, office=queue.office, name="Kiosk A")
    kiosk_device_pair(code=code)
    with pytest.raises(KioskError, match="sudah dipakai"):
        kiosk_device_pair(code=code)
    _late, late_code = kiosk_device_register(actor=kasubsi, office=queue.office, name="Kiosk B")
    with pytest.raises(KioskError):
        kiosk_device_pair(code=late_code, now=timezone.now() + timedelta(minutes=PAIRING_MINUTES, seconds=1))
    assert KioskDevice.objects.filter(paired_at__isnull=False).count() == 1


def test_only_management_may_register_a_kiosk_device(duta, queue, outsider):
    from django.http import Http404

    with pytest.raises(PermissionDenied):
        kiosk_device_register(actor=duta, office=queue.office, name="Kiosk")
    with pytest.raises(Http404):
        kiosk_device_register(actor=outsider, office=queue.office, name="Kiosk")
    assert KioskDevice.objects.count() == 0 and not AuditEntry.objects.filter(action__startswith="queue.kiosk")


def test_a_revoked_device_is_refused_at_once(client, paired, kasubsi, queue):
    kiosk_device_revoke(actor=kasubsi, device=paired)
    assert client.post(kiosk_url(), pick(queue)).status_code == 403
    assert Ticket.objects.count() == 0


def test_a_device_of_another_office_is_refused(client, paired, balikpapan):
    other = reverse("queueing:kiosk", kwargs={"code": "balikpapan"})
    assert client.get(other).status_code == 403


def test_the_ticket_link_opens_only_on_the_device_that_issued_it(client, paired, kasubsi, queue):
    location = client.post(kiosk_url(), pick(queue))["Location"]
    # another kiosk of the office cannot reopen it (nor print its survey invitation)
    from django.test import Client

    other_browser = Client()
    _device, code = kiosk_device_register(actor=kasubsi, office=queue.office, name="Kiosk B")
    other_browser.post(reverse("queueing:kiosk_pair"), {"kode": code})
    assert other_browser.get(location).status_code == 404
    forged = location.replace("/kiosk/tiket/", "/kiosk/tiket/x")
    assert client.get(forged).status_code == 404


def test_the_device_page_shows_the_pairing_code_once_to_a_kasubsi(client_of, kasubsi, queue):
    page = client_of(kasubsi).post(kiosk_url("kiosk_devices"), {"name": "Kiosk lobi"}).content.decode()
    code = re.search(r'<p class="token">([A-Z0-9]+)</p>', page).group(1)
    assert kiosk_device_pair(code=code)[0].name == "Kiosk lobi"
    again = client_of(kasubsi).get(kiosk_url("kiosk_devices")).content.decode()
    assert code not in again and "terpasang" in again


def test_an_empty_device_name_is_refused_with_a_clear_message(client_of, kasubsi, queue):
    response = client_of(kasubsi).post(kiosk_url("kiosk_devices"), {"name": "  "})
    assert response.status_code == 400 and "Isi nama perangkat" in response.content.decode()
    assert KioskDevice.objects.count() == 0


# --- the printed ticket ---------------------------------------------------------------------------

CSS = Path(__file__).resolve().parents[1] / "static" / "queueing" / "ticket-print.css"
LENGTH = r"\d+(?:\.\d+)?(?:mm|cm|in|pt|px)"


def test_the_ticket_print_stylesheet_has_a_valid_80_mm_page():
    css = re.sub(r"/\*.*?\*/", "", CSS.read_text(), flags=re.S)
    page = re.search(r"@page\s*\{([^}]*)\}", css).group(1)
    size = re.search(r"(?:^|;)\s*size\s*:\s*([^;]+)", page).group(1).strip()
    # CSS Paged Media: `size` is one or two lengths (or a named size); "80mm auto" is invalid and ignored
    assert re.fullmatch(rf"{LENGTH}(?:\s+{LENGTH})?", size), size
    width = size.split()[0]
    assert width == "80mm"
    assert re.search(r"@media\s+print", css) and "break-inside: avoid" in css


def test_the_ticket_page_loads_the_print_stylesheet_and_prints_the_survey_code_under_its_qr(client, paired, queue):
    location = client.post(kiosk_url(), pick(queue))["Location"]
    page = client.get(location).content.decode()
    assert "queueing/ticket-print.css" in page
    from maklumat.satisfaction.models import SurveyInvitation

    token = SurveyInvitation.objects.get().token
    code = re.search(r'id="survey-code">.*?<strong>([A-Z0-9-]+)</strong>', page, re.S).group(1)
    assert code.replace("-", "") == token
    assert page.index("<svg") < page.index('id="survey-code"')  # the code is printed under the QR
    assert "http://testserver/survei/" in page  # where to type it
