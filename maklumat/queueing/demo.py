"""A demo office day: bookings, tickets issued over the last hours, some called, served, transferred."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from maklumat.accounts.models import User
from maklumat.accounts.roles import Role
from maklumat.applications.models import Application, BookingChannel
from maklumat.queueing import services
from maklumat.queueing.models import Booking, Counter, Series, Step, Ticket
from maklumat.standards.models import Service

NAMES = ["Sri Wahyuni", "Ahmad Fauzi", "Dewi Kartika", "Joko Susilo", "Nur Aini", "Bambang Hartono",
         "Lina Marlina", "Eko Prasetyo", "Yuli Astuti", "Rudi Hermawan"]


@transaction.atomic
def demo_day(office, now: datetime) -> int:
    """Tickets of today for ``office`` as of ``now`` (skipped when today already has tickets)."""
    day = office.local_date(now)
    if Ticket.objects.filter(office=office, day=day).exists():
        return 0
    officer = User.objects.filter(office=office, role=Role.PETUGAS_LOKET).first()
    kiosk = User.objects.filter(office=office, role=Role.DUTA_LAYANAN).first() or officer
    steps = {s.code: s for s in Step.objects.filter(office=office)}
    counters = {c.name: c for c in Counter.objects.filter(office=office)}
    service = Service.objects.filter(code="baru").first()
    start = now - timedelta(hours=2, minutes=10)

    # M-Paspor bookings of today: two already used below, three still to check in (one now).
    applications = []
    for i in range(5):
        code = f"MP{day:%y%m%d}{office.pk:02d}{i + 1:03d}"
        slot = now + timedelta(minutes=-130 + 40 * i)
        Booking.objects.get_or_create(office=office, code=code, defaults={
            "applicant_name": NAMES[i], "phone": f"08123456{i:04d}", "slot_start": slot,
            "slot_end": slot + timedelta(minutes=30), "ticket_class": "priority" if i == 3 else "general"})
        if service is not None:
            application, _ = Application.objects.get_or_create(office=office, number=f"DEMO-{code}", defaults={
                "service": service, "booking_channel": BookingChannel.M_PASPOR, "booking_code": code,
                "smart_queue": True, "applicant_name": NAMES[i], "applicant_phone": f"08123456{i:04d}"})
            applications.append(application)

    count = 0
    # Two bookings checked in and sent on to biometrics, where nobody has called them yet:
    # the first has waited past 1 h 45 m, so the counter screens warn.
    for i, minutes_ago in enumerate((113, 73)):
        at = now - timedelta(minutes=minutes_ago)
        code = f"MP{day:%y%m%d}{office.pk:02d}{i + 1:03d}"
        Booking.objects.filter(office=office, code=code).update(slot_start=at - timedelta(minutes=2),
                                                                slot_end=at + timedelta(minutes=28))
        services.booking_check_in(office=office, actor=kiosk, code=code, now=at)
        count += 1
        services.call_next(counter=counters["Loket 1"], actor=officer, now=at + timedelta(minutes=2))
        services.ticket_transfer(counter=counters["Loket 1"], actor=officer, step=steps["biometric"],
                                 now=at + timedelta(minutes=5))
    # Walk-ins through the morning, every 6 minutes, every fourth a priority number.
    general = Series.objects.get(office=office, code="A")
    priority = Series.objects.get(office=office, code="P")
    for i in range(18):
        at = start + timedelta(minutes=10 + 6 * i)
        step = steps["handover"] if i % 5 == 4 else steps["intake"]
        services.kiosk_ticket_issue(office=office, actor=kiosk, ticket_class="priority" if i % 4 == 3 else "general",
                                    step=step, phone="081234500000" if i == 17 else "", now=at)
        count += 1
        if i == 3:
            services.call_next(counter=counters["Ruang Prioritas"], actor=officer, now=at + timedelta(minutes=1))
        if i % 2 == 1:
            counter = counters["Loket 5"] if step.code == "handover" else counters["Loket 2"]
            services.call_next(counter=counter, actor=officer, now=at + timedelta(minutes=2))
            if i == 9:  # called twice again, then no-show once the grace since the last call is over
                services.ticket_recall(counter=counter, actor=officer, now=at + timedelta(minutes=2, seconds=30))
                services.ticket_recall(counter=counter, actor=officer, now=at + timedelta(minutes=3))
                services.ticket_no_show(counter=counter, actor=officer, now=at + timedelta(minutes=5))
    services.officer_ticket_issue(office=office, actor=officer, series=general, step=steps["intake"],
                                  now=now - timedelta(minutes=5))
    services.officer_ticket_issue(office=office, actor=officer, series=priority, step=steps["intake"],
                                  now=now - timedelta(minutes=3))
    return count + 2
