"""Demo compensation data: souvenir stock, a disrupted morning at Blitar and one claim in progress."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError

from maklumat.accounts.models import User
from maklumat.applications.models import Application
from maklumat.applications.seed import working_day_before
from maklumat.calendar.selectors import work_calendar_for
from maklumat.compensation import services
from maklumat.compensation.models import Claim, CompensationPolicy, Outage, SouvenirItem
from maklumat.offices.models import Office


def seed_compensation_demo(log, *, today: date) -> None:
    blitar = Office.objects.filter(code="blitar").first()
    staff = User.objects.filter(office=blitar, role="petugas_yankomas").first() if blitar else None
    if blitar is None or staff is None:
        return
    # One item in stock, one running low (below its threshold), one out: the desk's three cases.
    for name, quantity, unit_cost in (("Gantungan kunci Kanim Blitar", 25, 15_000), ("Pin Imigrasi", 4, 7_500),
                                      ("Tumbler Imigrasi", 0, None)):
        item, created = SouvenirItem.objects.get_or_create(office=blitar, name=name)
        if created and quantity:
            services.souvenir_stock_receive(actor=staff, item=item, quantity=quantity, reason="stok awal demo",
                                            unit_cost=unit_cost)
    calendar = work_calendar_for(blitar)
    day = working_day_before(calendar, today, 2)
    start = datetime.combine(day, time(9, 30), tzinfo=calendar.tz)
    if not Outage.all_objects.filter(office=blitar, start=start).exists():
        # A national outage is recorded by management (compensation.outage_record_national).
        manager = User.objects.filter(office=blitar, role__in=["kasubsi", "kasi", "kepala_kantor"]).first()
        services.outage_record(actor=manager or staff, office=blitar, start=start, end=start + timedelta(minutes=45),
                               scope="national" if manager else "office",
                               note="SIMKIM pusat tidak dapat diakses (demo)")
    policy = CompensationPolicy.objects.filter(code="blitar-2025").first()
    application = Application.objects.filter(office=blitar, number__endswith="-0007").first()
    if policy and application and not Claim.objects.filter(application=application).exists():
        try:
            claim = services.claim_record(actor=staff, application=application, policy=policy,
                                          note="Pemohon datang ke ruang pengaduan (demo)")
            services.remedy_fulfil_apology(claim=claim, actor=staff)
        except ValidationError as exc:
            log(f"compensation: demo claim skipped ({'; '.join(exc.messages)})")
    log(f"compensation: {Claim.objects.count()} klaim, {Outage.objects.count()} gangguan tercatat")
