"""Helpers for complaint tests: users of the complaint team and a complaint opened at a moment."""

from __future__ import annotations

from datetime import datetime

from maklumat.accounts.roles import Role
from maklumat.complaints.models import ComplaintCategory
from maklumat.complaints.services import Reporter, complaint_open
from maklumat.conftest import make_user


def team(office) -> dict[str, object]:
    """One user per complaint-team role at ``office``."""
    roles = [Role.DUTA_LAYANAN, Role.PETUGAS_YANKOMAS, Role.PENGELOLA_MEDSOS, Role.KASUBSI, Role.KASI,
             Role.KEPALA_KANTOR, Role.PETUGAS_LOKET]
    return {str(role): make_user(f"{role}.{office.code}", role, office=office, email=f"{role}@{office.code}.test")
            for role in roles}


def open_complaint(office, actor, *, channel="walk_in", at: datetime, now: datetime | None = None, **extra):
    reporter = extra.pop("reporter", Reporter(name="Siti Rahma", phone="081234567890", email="siti@example.test"))
    return complaint_open(
        actor=actor, office=office, channel=channel, subject=extra.pop("subject", "Paspor belum selesai"),
        description=extra.pop("description", "Sudah 5 hari kerja paspor belum dapat diambil."),
        received_at=at, now=now or at, reporter=reporter, **extra,
    )


def category(code: str) -> ComplaintCategory:
    return ComplaintCategory.objects.get(code=code)
