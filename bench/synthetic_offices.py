"""Synthetic offices for the national benchmark (``bench/national.py``): never the product's seed.

The reference data has 5 real offices in 4 Kanwil; a national year needs 151 offices in 33 Kanwil.
This module adds the missing ones to the *benchmark* database only, clearly marked: every synthetic
Kanwil and office code starts with ``sint-`` and every name says "(sintetis)". What each one gets,
the way the seed functions give it to the real offices:

- its Kanwil (the 29 missing provinces' Kanwil; the 4 real ones receive synthetic offices too) and
  the province's time zone (WIB for Sumatra, Java, West and Central Kalimantan; WITA for Bali, Nusa
  Tenggara, South/East/North Kalimantan and Sulawesi; WIT for Maluku and Papua);
- a working calendar: the civil-service hours of the seed (Mon–Thu 07:30–16:00, Fri 07:30–16:30),
  every 5th office also serving on Saturday morning, every 7th with a one-day closure;
- the standard issuance SOP: the published national default version (``office = null``) that
  ``standards.selectors.sop_versions_in_force_for`` gives every office without its own;
- on every 3rd office a compensation policy: Blitar 2025's (seed 000) under the office's own code,
  validated by ``policy_from_dict`` like the seeded ones.

Offices are taken in a fixed order (the 5 real ones first), so ``ensure_offices(n)`` is idempotent
and ``n`` = 151 gives the whole country.
"""

from __future__ import annotations

from datetime import date, time

# (Kanwil code, province, time zone, offices in it incl. real ones). 33 Kanwil, 151 offices.
KANWILS = [
    ("aceh", "Aceh", "Asia/Jakarta", 6),
    ("sumatera-utara", "Sumatera Utara", "Asia/Jakarta", 8),
    ("sumatera-barat", "Sumatera Barat", "Asia/Jakarta", 4),
    ("riau", "Riau", "Asia/Jakarta", 5),
    ("kepulauan-riau", "Kepulauan Riau", "Asia/Jakarta", 7),
    ("jambi", "Jambi", "Asia/Jakarta", 3),
    ("sumatera-selatan", "Sumatera Selatan", "Asia/Jakarta", 4),
    ("bengkulu", "Bengkulu", "Asia/Jakarta", 2),
    ("lampung", "Lampung", "Asia/Jakarta", 3),
    ("bangka-belitung", "Kepulauan Bangka Belitung", "Asia/Jakarta", 2),
    ("banten", "Banten", "Asia/Jakarta", 4),
    ("dki-jakarta", "DKI Jakarta", "Asia/Jakarta", 6),
    ("jawa-barat", "Jawa Barat", "Asia/Jakarta", 12),
    ("jawa-tengah", "Jawa Tengah", "Asia/Jakarta", 11),
    ("di-yogyakarta", "DI Yogyakarta", "Asia/Jakarta", 2),
    ("jawa-timur", "Jawa Timur", "Asia/Jakarta", 13),
    ("bali", "Bali", "Asia/Makassar", 3),
    ("nusa-tenggara-barat", "Nusa Tenggara Barat", "Asia/Makassar", 3),
    ("nusa-tenggara-timur", "Nusa Tenggara Timur", "Asia/Makassar", 5),
    ("kalimantan-barat", "Kalimantan Barat", "Asia/Jakarta", 5),
    ("kalimantan-tengah", "Kalimantan Tengah", "Asia/Jakarta", 3),
    ("kalimantan-selatan", "Kalimantan Selatan", "Asia/Makassar", 3),
    ("kalimantan-timur", "Kalimantan Timur", "Asia/Makassar", 5),
    ("sulawesi-utara", "Sulawesi Utara", "Asia/Makassar", 4),
    ("gorontalo", "Gorontalo", "Asia/Makassar", 1),
    ("sulawesi-tengah", "Sulawesi Tengah", "Asia/Makassar", 3),
    ("sulawesi-selatan", "Sulawesi Selatan", "Asia/Makassar", 5),
    ("sulawesi-tenggara", "Sulawesi Tenggara", "Asia/Makassar", 3),
    ("sulawesi-barat", "Sulawesi Barat", "Asia/Makassar", 1),
    ("maluku", "Maluku", "Asia/Jayapura", 3),
    ("maluku-utara", "Maluku Utara", "Asia/Jayapura", 3),
    ("papua", "Papua", "Asia/Jayapura", 6),
    ("papua-barat", "Papua Barat", "Asia/Jayapura", 3),
]
PREFIX = "sint-"
REAL_OFFICES = ("blitar", "muara-enim", "pamekasan", "balikpapan", "jayapura")
POLICY_TEMPLATE = "blitar-2025"
SATURDAY = (time(8), time(12))
CLOSURE = (date(2025, 8, 18), "Kantor tutup (sintetis: perbaikan gedung)")


def office_plan() -> list[dict]:
    """Every office of the benchmark nation in a fixed order: the 5 real offices, then the synthetic
    ones Kanwil by Kanwil (round-robin, so a small ``n`` still spans Kanwil and time zones)."""
    from maklumat.offices.seed import OFFICES

    real = {row["code"]: row["kanwil"] for row in OFFICES}
    assert set(REAL_OFFICES) <= set(real), "the seed's offices changed"
    slots = []
    for kanwil, province, tz, count in KANWILS:
        own = sum(1 for code in REAL_OFFICES if real[code] == kanwil)
        slots.append([{"kanwil": kanwil, "province": province, "time_zone": tz, "n": n}
                      for n in range(1, count - own + 1)])
    plan = [{"code": code, "real": True} for code in REAL_OFFICES]
    index = 0
    while any(slots):
        for queue in slots:
            if queue:
                row = queue.pop(0)
                index += 1
                slug = row["kanwil"]
                plan.append({
                    "code": f"{PREFIX}{slug}-{row['n']}", "real": False, "index": index,
                    "name": f"Kantor Imigrasi {row['province']} {row['n']} (sintetis)",
                    "kanwil": row["kanwil"], "province": row["province"], "time_zone": row["time_zone"],
                })
    assert len(plan) == sum(count for *_, count in KANWILS) == 151
    return plan


def ensure_offices(n: int, log=print) -> list:
    """The first ``n`` offices of ``office_plan()``, created when missing (idempotent); the Office rows."""
    from django.db import transaction

    from maklumat.calendar.models import ExtraOpening, OfficeClosure
    from maklumat.compensation.models import CompensationPolicy
    from maklumat.compensation.rules.policy import policy_from_dict, seeded_policy_specs
    from maklumat.offices.models import Kanwil, Office, OfficeClass, OfficeHours
    from maklumat.offices.seed import HOURS

    plan = office_plan()
    if not 1 <= n <= len(plan):
        raise SystemExit(f"--offices must be 1..{len(plan)}")
    template = next(spec for spec in seeded_policy_specs() if spec["code"] == POLICY_TEMPLATE)
    created = 0
    with transaction.atomic():
        for row in plan[:n]:
            if row["real"] or Office.objects.filter(code=row["code"]).exists():
                continue
            kanwil = Kanwil.objects.filter(code=row["kanwil"]).first() or Kanwil.objects.get_or_create(
                code=f"{PREFIX}{row['kanwil']}",
                defaults={"name": f"Kantor Wilayah {row['province']} (sintetis)", "province": row["province"]})[0]
            office = Office.objects.create(
                code=row["code"], name=row["name"], office_class=OfficeClass.KELAS_II, is_tpi=row["index"] % 4 == 0,
                kanwil=kanwil, time_zone=row["time_zone"], city=row["province"],
                address=f"{row['province']} (kantor sintetis untuk benchmark)")
            OfficeHours.objects.bulk_create(OfficeHours(office=office, weekday=day, opens=opens, closes=closes)
                                            for day, (opens, closes) in HOURS.items())
            if row["index"] % 5 == 0:
                OfficeHours.objects.create(office=office, weekday=5, opens=SATURDAY[0], closes=SATURDAY[1])
            if row["index"] % 7 == 0:
                OfficeClosure.objects.create(office=office, date=CLOSURE[0], reason=CLOSURE[1])
            if row["index"] % 11 == 0:
                ExtraOpening.objects.create(office=office, date=date(2025, 11, 16), opens=time(8), closes=time(12),
                                            reason="Layanan paspor hari Minggu (sintetis)")
            if row["index"] % 3 == 0:
                spec = {**template, "code": f"{row['code']}-2025", "office": row["code"],
                        "title_id": f"Kebijakan kompensasi {row['name']} 2025",
                        "title_en": f"Compensation policy {row['code']} 2025 (synthetic)",
                        "document": "Sintetis (benchmark)"}
                policy = policy_from_dict(spec)
                CompensationPolicy.objects.create(
                    code=policy.code, office=office, title_id=policy.title_id, title_en=policy.title_en,
                    document=policy.document, effective_from=policy.effective_from,
                    effective_to=policy.effective_to, spec=spec)
            created += 1
    offices = {office.code: office for office in Office.objects.filter(code__in=[row["code"] for row in plan[:n]])}
    if created:
        log(f"synthetic offices created: {created}")
    return [offices[row["code"]] for row in plan[:n]]
