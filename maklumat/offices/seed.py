"""Reference data: the Kanwil, the four offices of the seed documents and one WIT office (Jayapura)."""

from __future__ import annotations

from datetime import time

from django.contrib.auth.models import Group

from maklumat.accounts.roles import Role
from maklumat.accounts.seed import OFFICE_ADMIN_GROUP, OFFICE_ROLES, PERSON_NAMES, demo_username, ensure_demo_user
from maklumat.offices.models import Kanwil, Office, OfficeClass, OfficeHours, TimeZone

KANWILS = [
    {"code": "jawa-timur", "name": "Kantor Wilayah Jawa Timur", "province": "Jawa Timur"},
    {"code": "sumatera-selatan", "name": "Kantor Wilayah Sumatera Selatan", "province": "Sumatera Selatan"},
    {"code": "kalimantan-timur", "name": "Kantor Wilayah Kalimantan Timur", "province": "Kalimantan Timur"},
    {"code": "papua", "name": "Kantor Wilayah Papua", "province": "Papua"},
]

# Heads of office and their NIP as signed on the seed documents (000, 001, 002, 004).
OFFICES = [
    {
        "code": "blitar", "name": "Kantor Imigrasi Kelas II Non TPI Blitar", "office_class": OfficeClass.KELAS_II,
        "is_tpi": False, "kanwil": "jawa-timur", "time_zone": TimeZone.WIB, "city": "Blitar",
        "address": "Kota Blitar, Jawa Timur", "head_name": "Aditya Nursanto", "head_nip": "198503032003121004",
    },
    {
        "code": "muara-enim", "name": "Kantor Imigrasi Kelas II Non TPI Muara Enim",
        "office_class": OfficeClass.KELAS_II, "is_tpi": False, "kanwil": "sumatera-selatan",
        "time_zone": TimeZone.WIB, "city": "Muara Enim", "address": "Kabupaten Muara Enim, Sumatera Selatan",
        "head_name": "Made Nur Hepi Juniarta", "head_nip": "197906232000021001",
    },
    {
        "code": "pamekasan", "name": "Kantor Imigrasi Kelas II Non TPI Pamekasan",
        "office_class": OfficeClass.KELAS_II, "is_tpi": False, "kanwil": "jawa-timur",
        "time_zone": TimeZone.WIB, "city": "Pamekasan", "address": "Kabupaten Pamekasan, Jawa Timur",
        "head_name": "Alvian Bayu Indra Yudha", "head_nip": "198205252001121004",
    },
    {
        "code": "balikpapan", "name": "Kantor Imigrasi Kelas I TPI Balikpapan", "office_class": OfficeClass.KELAS_I,
        "is_tpi": True, "kanwil": "kalimantan-timur", "time_zone": TimeZone.WITA, "city": "Balikpapan",
        "address": "Kota Balikpapan, Kalimantan Timur", "head_name": "Wahyu Gumilang",
        "head_nip": "198205302000121001",
    },
    # Not a seed document's office: added so the reference data has an office in WIT (UTC+9).
    {
        "code": "jayapura", "name": "Kantor Imigrasi Kelas I TPI Jayapura", "office_class": OfficeClass.KELAS_I,
        "is_tpi": True, "kanwil": "papua", "time_zone": TimeZone.WIT, "city": "Jayapura",
        "address": "Kota Jayapura, Papua", "head_name": "", "head_nip": "",
    },
]

# Service hours: civil-service working hours (Mon–Thu 07:30–16:00, Fri 07:30–16:30).
HOURS = {0: (time(7, 30), time(16)), 1: (time(7, 30), time(16)), 2: (time(7, 30), time(16)),
         3: (time(7, 30), time(16)), 4: (time(7, 30), time(16, 30))}


def seed_reference(log) -> None:
    kanwils = {}
    for row in KANWILS:
        kanwils[row["code"]], _ = Kanwil.objects.update_or_create(code=row["code"], defaults=row)
    for row in OFFICES:
        values = {**row, "kanwil": kanwils[row["kanwil"]]}
        office, created = Office.objects.get_or_create(code=row["code"], defaults=values)
        if created:
            # Hours are the office's to change later; seed them only once.
            OfficeHours.objects.bulk_create(
                OfficeHours(office=office, weekday=day, opens=opens, closes=closes)
                for day, (opens, closes) in HOURS.items()
            )
    log(f"offices: {Kanwil.objects.count()} Kanwil, {Office.objects.count()} kantor")


def seed_demo(log) -> None:
    """Demo staff: one user per role per office, and one supervisor per Kanwil."""
    admins = Group.objects.get(name=OFFICE_ADMIN_GROUP)
    count = 0
    for office in Office.objects.all():
        for role in OFFICE_ROLES:
            full_name = PERSON_NAMES[role] if role != Role.KEPALA_KANTOR else office.head_name
            first, _, last = full_name.partition(" ")
            user = ensure_demo_user(
                demo_username(role, office.code), role=role, office=office, first_name=first, last_name=last,
                is_staff=role == Role.ADMINISTRATOR,
            )
            if role == Role.ADMINISTRATOR:
                user.groups.add(admins)
            count += 1
    for kanwil in Kanwil.objects.all():
        ensure_demo_user(demo_username(Role.SUPERVISOR_KANWIL, kanwil.code), role=Role.SUPERVISOR_KANWIL,
                         kanwil=kanwil, first_name="Supervisor", last_name=kanwil.province)
        count += 1
    log(f"offices: {count} pegawai demo")
