"""Reference queue set-up for every office, and a demo day of tickets."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from maklumat.offices.models import Office
from maklumat.queueing.models import Booking, Counter, QueueConfig, Series, Step, Ticket

SERIES = [
    # code, name, class, walk-in allowed
    ("A", "Umum", "general", True),
    ("P", "Prioritas", "priority", True),
    ("K", "Kompensasi", "compensation", False),
]
# Queue steps carry the codes of the issuance SOP steps (seed 001) so events line up.
STEPS = [
    ("intake", "Pemeriksaan berkas", 10, True, 5),
    ("biometric", "Foto biometrik & wawancara", 20, False, 15),
    ("handover", "Pengambilan paspor", 30, True, 5),
]
COUNTERS = [
    # name, spoken, steps, priority room
    ("Loket 1", "loket satu", ["intake"], False),
    ("Loket 2", "loket dua", ["intake"], False),
    ("Loket 3", "loket tiga", ["biometric"], False),
    ("Loket 4", "loket empat", ["biometric"], False),
    ("Loket 5", "loket lima", ["handover"], False),
    ("Ruang Prioritas", "ruang prioritas", ["intake", "biometric"], True),
]
# Per-office calling rule: Blitar runs a priority room (seed 003) and calls priority first;
# the others alternate three general numbers with one priority number.
RULES = {"blitar": ("priority_first", 3, 150), "muara-enim": ("ratio", 3, 120), "pamekasan": ("ratio", 3, 100),
         "balikpapan": ("ratio", 4, 200)}


def seed_office(office: Office) -> None:
    rule, ratio, quota = RULES.get(office.code, ("priority_first", 3, None))
    QueueConfig.objects.get_or_create(office=office, defaults={"calling_rule": rule, "general_per_priority": ratio,
                                                               "walk_in_daily_quota": quota})
    for order, (code, name, ticket_class, walk_in) in enumerate(SERIES):
        Series.objects.get_or_create(office=office, code=code, defaults={
            "name": name, "ticket_class": ticket_class, "walk_in_allowed": walk_in, "order": order})
    steps = {}
    for code, name, order, kiosk, norm in STEPS:
        steps[code], _ = Step.objects.get_or_create(office=office, code=code, defaults={
            "name": name, "order": order, "kiosk_visible": kiosk, "norm_minutes": norm})
    for order, (name, spoken, step_codes, room) in enumerate(COUNTERS):
        counter, created = Counter.objects.get_or_create(office=office, name=name, defaults={
            "spoken_name": spoken, "priority_room": room, "order": order})
        if created:
            counter.steps.set([steps[c] for c in step_codes])


def seed_reference(log) -> None:
    for office in Office.objects.all():
        seed_office(office)
    log(f"queueing: {Series.objects.count()} seri, {Counter.objects.count()} loket")


def seed_demo(log) -> None:
    from maklumat.queueing.demo import demo_day

    created = 0
    for office in Office.objects.filter(code__in=["blitar", "pamekasan"]):
        created += demo_day(office, timezone.now() - timedelta(seconds=1))
    log(f"queueing: {created} nomor antrian demo hari ini, {Booking.objects.count()} booking M-Paspor, "
        f"{Ticket.objects.count()} nomor")
