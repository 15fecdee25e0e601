"""Queue fixtures: Blitar's seeded queue (series A/P/K, steps, counters) and a fixed office morning."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from maklumat.conftest import make_user

WIB = ZoneInfo("Asia/Jakarta")


def at(hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A moment on the test day (Monday 2 June 2025) in Blitar's local time."""
    return datetime(2025, 6, 2, hour, minute, second, tzinfo=WIB)


@pytest.fixture
def queue(blitar):
    """Blitar's queue objects by code/name."""
    from maklumat.queueing.models import Counter, Series, Step

    class Q:
        office = blitar
        series = {s.code: s for s in Series.objects.filter(office=blitar)}
        steps = {s.code: s for s in Step.objects.filter(office=blitar)}
        counters = {c.name: c for c in Counter.objects.filter(office=blitar)}

    return Q


@pytest.fixture
def duta(blitar):
    from maklumat.accounts.roles import Role

    return make_user("duta.blitar", Role.DUTA_LAYANAN, office=blitar)


@pytest.fixture
def yankomas(blitar):
    from maklumat.accounts.roles import Role

    return make_user("yankomas.blitar", Role.PETUGAS_YANKOMAS, office=blitar)


@pytest.fixture
def application(blitar):
    from maklumat.applications.models import Application, BookingChannel
    from maklumat.standards.models import Service

    return Application.objects.create(
        office=blitar, number="BLT-2025-0001", service=Service.objects.get(code="baru"),
        booking_channel=BookingChannel.M_PASPOR, booking_code="MPX123", smart_queue=True,
        applicant_name="Sri Wahyuni", applicant_phone="081234567890",
    )


def issue(queue, officer, code="A", step="intake", now=None, **kwargs):
    from maklumat.queueing.services import officer_ticket_issue

    return officer_ticket_issue(office=queue.office, actor=officer, series=queue.series[code],
                                step=queue.steps[step], now=now or at(8), **kwargs)


@pytest.fixture
def wait_promise(monkeypatch):
    """``wait_promise(limit, warn_after, offices)``: the offices' policy promises this biometric wait.

    Stands in for the compensation area's answer to ``ask("promises", "biometric_wait_promise",
    office, day)``; other questions pass through. Offices not listed promise nothing.
    """
    from datetime import timedelta

    from maklumat.lib import areas
    from maklumat.lib.cache import hot
    from maklumat.lib.promises import WaitPromise

    real_ask = areas.ask

    def promise(limit=timedelta(hours=2), warn_after=timedelta(hours=1, minutes=45), offices=("blitar",)):
        answer = WaitPromise(policy_code="uji-2025", policy_title="Maklumat Uji 2025", limit=limit,
                             warn_after=warn_after)

        def ask(module, function, *args, **kwargs):
            if (module, function) == ("promises", "biometric_wait_promise"):
                return answer if args[0].code in offices else None
            return real_ask(module, function, *args, **kwargs)

        monkeypatch.setattr(areas, "ask", ask)
        hot.clear_local()  # as a policy saved does (queueing.apps): the cached promise is read again
        return answer

    return promise


@pytest.fixture
def no_wait_promise(wait_promise):
    """No office promises anything on the biometric wait (e.g. Pamekasan, which has no policy)."""
    return wait_promise(offices=())


@pytest.fixture
def clock(monkeypatch):
    """``clock(moment)``: the server's "now" (``django.utils.timezone.now``) stands at ``moment``."""

    def set_now(moment: datetime) -> datetime:
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)
        return moment

    return set_now


def office_queue(office):
    """An office's seeded queue objects by code/name (like the ``queue`` fixture, for any office)."""
    from maklumat.queueing.models import Counter, Series, Step

    class Q:
        pass

    Q.office = office
    Q.series = {s.code: s for s in Series.objects.filter(office=office)}
    Q.steps = {s.code: s for s in Step.objects.filter(office=office)}
    Q.counters = {c.name: c for c in Counter.objects.filter(office=office)}
    return Q


@pytest.fixture
def paired(client, kasubsi, queue):
    """A kiosk device of Blitar, paired in ``client``'s browser through the pairing page."""
    from django.urls import reverse

    from maklumat.queueing.kiosk_devices import kiosk_device_register

    device, code = kiosk_device_register(actor=kasubsi, office=queue.office, name="Kiosk lobi")
    response = client.post(reverse("queueing:kiosk_pair"), {"kode": code.lower()})
    assert response.status_code == 302 and response["Location"] == reverse("queueing:kiosk", kwargs={"code": "blitar"})
    device.refresh_from_db()
    return device
