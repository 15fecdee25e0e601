"""Demo data: Blitar's IKM 2021–2023 from seed 003 (Table 1), targets, and survey responses
for the four offices over 2024–2025, with entered populations, so the dashboard is realistic."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings

from maklumat.offices.models import Office
from maklumat.satisfaction.models import (
    Channel,
    IkmTarget,
    ServedPopulation,
    SurveyResponse,
)
from maklumat.satisfaction.periods import Period
from maklumat.satisfaction.questionnaire import AgeGroup, Education, Occupation, Sex
from maklumat.satisfaction.rules import ELEMENTS
from maklumat.standards.models import Service

# Seed 003, Tabel 1 "Indeks Kepuasan Masyarakat" (LKjIP Kanim Blitar 2023): target, realisation.
BLITAR_TABLE_1 = {2021: ("3.15", "3.97"), 2022: ("3.20", "3.88"), 2023: ("3.25", "3.91")}
TABLE_1_SOURCE = "LKjIP Kanim Kelas II Non TPI Blitar 2023 (Tabel 1, seed 003)"
DEMO_YEARS = (2024, 2025)
# Share of the realistic number of survey answers the demo writes (9–16 % of those served answer);
# a test may set ``settings.DEMO_SURVEY_SCALE`` lower when the volume is not what it is about.
DEMO_SURVEY_SCALE = 1.0
# Per office: monthly population served, mean answer per element (weak spots differ by office).
PROFILES = {
    "blitar": (2250, {"u1": 3.55, "u2": 3.35, "u3": 3.30, "u4": 3.75, "u5": 3.70, "u6": 3.65, "u7": 3.80,
                      "u8": 3.25, "u9": 3.45}),
    "pamekasan": (900, {"u1": 3.45, "u2": 3.40, "u3": 3.20, "u4": 3.70, "u5": 3.60, "u6": 3.50, "u7": 3.65,
                        "u8": 3.30, "u9": 3.10}),
    "muara-enim": (700, {"u1": 3.40, "u2": 3.30, "u3": 3.05, "u4": 3.60, "u5": 3.55, "u6": 3.45, "u7": 3.55,
                         "u8": 3.15, "u9": 3.25}),
    "balikpapan": (3000, {"u1": 3.50, "u2": 3.45, "u3": 3.40, "u4": 3.70, "u5": 3.65, "u6": 3.60, "u7": 3.70,
                          "u8": 3.50, "u9": 3.20}),
}
SUGGESTIONS = [
    "Informasi persyaratan di media sosial kurang jelas, mohon diperjelas.",
    "Mohon ada layanan antar paspor untuk pemohon dari luar kota.",
    "Ruang tunggu panas, mohon ditambah kipas angin.",
    "Petugas ramah dan cepat, terima kasih.",
    "Ruang pelayanan prioritas sering kosong, petugasnya kurang.",
    "Antrian M-Paspor sering penuh, kuota mohon ditambah.",
    "Parkir sempit saat ramai.",
    "Pengambilan paspor 3 hari kerja terlalu lama bagi yang dari luar kota.",
]
COMPLAINTS = [
    "Saya diminta biaya tambahan oleh orang yang mengaku bisa mempercepat paspor.",
    "Sudah 4 jam menunggu foto biometrik tanpa kejelasan.",
    "Paspor belum jadi padahal sudah lewat tanggal yang dijanjikan.",
]


def seed_demo(log) -> None:
    blitar = Office.objects.filter(code="blitar").first()
    if blitar:
        for year, (target, realised) in BLITAR_TABLE_1.items():
            IkmTarget.objects.update_or_create(office=blitar, year=year, defaults={
                "target": Decimal(target), "realised_entered": Decimal(realised), "source": TABLE_1_SOURCE})
    services = list(Service.objects.filter(is_active=True).order_by("order"))
    created = 0
    for office in Office.objects.filter(code__in=PROFILES):
        for year, target in zip(DEMO_YEARS, ("3.30", "3.35"), strict=True):
            IkmTarget.objects.get_or_create(office=office, year=year, defaults={"target": Decimal(target)})
        if SurveyResponse.objects.filter(office=office).exists():
            continue
        created += _seed_office(office, services)
    log(f"satisfaction: target IKM Blitar 2021–2023 (seed 003), {created} jawaban survei demo 2024–2025")


def _seed_office(office, services) -> int:
    monthly_population, means = PROFILES[office.code]
    scale = getattr(settings, "DEMO_SURVEY_SCALE", DEMO_SURVEY_SCALE)
    rng = random.Random(f"ikm-{office.code}")
    rows, populations = [], {}
    for year in DEMO_YEARS:
        for month in Period(year).parts("month"):
            served = int(monthly_population * rng.uniform(0.8, 1.2))
            populations[month.key] = served
            drift = (year - DEMO_YEARS[0]) * 0.06 + rng.uniform(-0.08, 0.08)  # a better second year
            days = (month.end - month.start).days
            for _ in range(int(served * rng.uniform(0.09, 0.16) * scale)):
                day = month.start + timedelta(days=rng.randrange(days))
                if day.weekday() >= 5:
                    day -= timedelta(days=day.weekday() - 4)
                rows.append(_response(office, services, rng, day, means, drift))
    SurveyResponse.objects.bulk_create(rows, batch_size=2000)
    for year in DEMO_YEARS:
        months = Period(year).parts("month")
        for kind in ("year", "semester", "quarter", "month"):
            for period in Period(year).parts(kind):
                total = sum(populations[m.key] for m in months if period.start <= m.start < period.end)
                ServedPopulation.objects.update_or_create(office=office, period_key=period.key,
                                                          defaults={"population": total})
    return len(rows)


def _service_weights(count: int) -> list[int]:
    # baru, penggantian, hilang, rusak, percepatan; any further service a little
    return ([50, 25, 5, 5, 15] + [3] * count)[:count]


def _response(office, services, rng: random.Random, day: date, means: dict, drift: float) -> SurveyResponse:
    answers = {code: min(4, max(1, round(rng.gauss(means[code] + drift, 0.55)))) for code in ELEMENTS}
    suggestion, complaint = "", False
    roll = rng.random()
    if roll < 0.012:
        suggestion, complaint = rng.choice(COMPLAINTS), True
    elif roll < 0.09:
        suggestion = rng.choice(SUGGESTIONS)
    return SurveyResponse(
        office=office, service=rng.choices(services, weights=_service_weights(len(services)))[0],
        channel=rng.choices([Channel.KIOSK, Channel.QR, Channel.WEB], weights=[50, 35, 15])[0],
        submitted_on=day, suggestion=suggestion, marked_as_complaint=complaint,
        complaint_marked_on=day if complaint else None,
        age_group=rng.choices(AgeGroup.values, weights=[8, 30, 27, 18, 11, 6])[0],
        sex=rng.choice(Sex.values), education=rng.choices(Education.values, weights=[8, 12, 40, 12, 24, 4])[0],
        occupation=rng.choices(Occupation.values, weights=[10, 25, 20, 15, 15, 10, 5])[0],
        **answers,
    )
