"""Demo data: one user per role per office, the Kanwil and national supervisors, a superuser."""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission

from maklumat.accounts.models import User
from maklumat.accounts.roles import REACH_OF_ROLE, Role

DEMO_PASSWORD = "maklumat-demo"
OFFICE_ROLES = [role for role in Role if role not in REACH_OF_ROLE]
PERSON_NAMES = {
    Role.DUTA_LAYANAN: "Dewi Lestari", Role.PETUGAS_LOKET: "Budi Santoso", Role.PETUGAS_YANKOMAS: "Siti Aminah",
    Role.PENGELOLA_MEDSOS: "Rizky Pratama", Role.KASUBSI: "Agus Wibowo", Role.KASI: "Ratna Sari",
    Role.KEPALA_KANTOR: "", Role.ADMINISTRATOR: "Hendra Gunawan",
}


OFFICE_ADMIN_GROUP = "Administrator kantor"
# What an office administrator may manage in the admin, always limited to their own office.
OFFICE_ADMIN_PERMISSIONS = [
    ("offices", "view_office"), ("offices", "change_office"),
    ("offices", "view_officehours"), ("offices", "add_officehours"), ("offices", "change_officehours"),
    ("offices", "delete_officehours"),
    ("office_calendar", "view_officeclosure"), ("office_calendar", "add_officeclosure"),
    ("office_calendar", "change_officeclosure"), ("office_calendar", "delete_officeclosure"),
    ("office_calendar", "view_extraopening"), ("office_calendar", "add_extraopening"),
    ("office_calendar", "change_extraopening"), ("office_calendar", "delete_extraopening"),
    ("standards", "view_service"), ("standards", "view_sop"), ("standards", "view_sopversion"),
    ("standards", "change_sopversion"), ("standards", "delete_sopversion"),
    ("standards", "view_sopstep"), ("standards", "add_sopstep"), ("standards", "change_sopstep"),
    ("standards", "delete_sopstep"),
    # The office's own queue set-up (scoped to the office and audited by OfficeScopedAdmin).
    *[("queueing", f"{verb}_{model}") for model in ("queueconfig", "series", "step", "counter", "booking")
      for verb in ("view", "add", "change", "delete")],
]


def seed_reference(log) -> None:
    group, _ = Group.objects.get_or_create(name=OFFICE_ADMIN_GROUP)
    permissions = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in OFFICE_ADMIN_PERMISSIONS
    ]
    group.permissions.set(permissions)
    log(f"accounts: grup '{OFFICE_ADMIN_GROUP}' dengan {len(permissions)} izin")


def demo_username(role: str, place: str) -> str:
    return f"{role.replace('_', '-')}.{place}"


def ensure_demo_user(username: str, **fields) -> User:
    """The demo user ``username``, created with the demo password if missing."""
    user, created = User.objects.get_or_create(username=username, defaults=fields)
    if created:
        user.password = _demo_password_hash(tuple(settings.PASSWORD_HASHERS))
        user.save(update_fields=["password"])
    return user


@functools.lru_cache(maxsize=4)
def _demo_password_hash(hashers: tuple[str, ...]) -> str:
    """The demo password hashed once per hasher setting: every demo account shares the published
    password, so hashing it again for each of ~46 accounts only cost the demo ~16 s of PBKDF2."""
    return make_password(DEMO_PASSWORD)


def seed_demo(log) -> None:
    """The national supervisor and the superuser; office staff are seeded by ``offices.seed``
    (accounts sits below offices in the import graph)."""
    ensure_demo_user(demo_username(Role.SUPERVISOR_NASIONAL, "pusat"), role=Role.SUPERVISOR_NASIONAL,
                     first_name="Supervisor", last_name="Ditjen Imigrasi")
    admin = ensure_demo_user("admin", is_staff=True, is_superuser=True, first_name="Admin", last_name="Sistem")
    if not admin.is_superuser:
        raise RuntimeError("a user named 'admin' exists and is not a superuser; remove it or rename it")
    log(f"accounts: {User.objects.count()} pengguna demo (kata sandi: {DEMO_PASSWORD})")


def demo_logins() -> list[tuple[str, str]]:
    """(role label, username) pairs for the demo banner, one office shown in full."""
    rows = [(str(Role(role).label), demo_username(role, "blitar")) for role in OFFICE_ROLES]
    rows.append((str(Role.SUPERVISOR_KANWIL.label), demo_username(Role.SUPERVISOR_KANWIL, "jawa-timur")))
    rows.append((str(Role.SUPERVISOR_NASIONAL.label), demo_username(Role.SUPERVISOR_NASIONAL, "pusat")))
    rows.append(("Superuser", "admin"))
    return rows
